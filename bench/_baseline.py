"""The plain baseline Annotator's import and export are compared with: orjson per line and
sqlite3 executemany into a similar two-table schema (same unique keys, same PRAGMAs, one
transaction), and back out again as the same JSONL bytes. No validation, no dedupe by
text, no objects in between: what the job costs without Annotator's layers.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import orjson

BASELINE_SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, external_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL, date TEXT NOT NULL, source TEXT NOT NULL, text TEXT NOT NULL,
    meta TEXT NOT NULL);
CREATE TABLE spans (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL, end INTEGER NOT NULL, label TEXT NOT NULL, annotator TEXT NOT NULL,
    annotator_id TEXT NOT NULL);
CREATE UNIQUE INDEX spans_identity ON spans(document_id, annotator, start, end, label);
"""
META_FIELDS = ("title", "date", "source")


def _baseline_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def baseline_import(jsonl: Path, db: Path) -> tuple[int, int]:
    """orjson.loads per line, executemany per 1,000 documents, one transaction."""
    conn = _baseline_connect(db)
    conn.executescript(BASELINE_SCHEMA)
    conn.execute("BEGIN")
    documents: list[tuple] = []
    spans: list[tuple] = []
    n_docs = n_spans = 0

    def flush() -> None:
        conn.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?)", documents)
        conn.executemany("INSERT INTO spans(document_id, start, end, label, annotator, annotator_id) "
                         "VALUES (?,?,?,?,?,?)", spans)
        documents.clear()
        spans.clear()

    with open(jsonl, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            obj = orjson.loads(line)
            meta = obj["meta"]
            extra = {k: v for k, v in meta.items() if k not in META_FIELDS}
            documents.append((number, obj["id"], meta["title"], meta["date"], meta["source"],
                              obj["text"], orjson.dumps(extra).decode()))
            spans.extend((number, s["start"], s["end"], s["label"], s["annotator"], s["annotator_id"])
                         for s in obj["spans"])
            n_docs += 1
            n_spans += len(obj["spans"])
            if len(documents) >= 1000:
                flush()
    flush()
    conn.execute("COMMIT")
    conn.close()
    return n_docs, n_spans


def baseline_export(db: Path, out: Path) -> int:
    """Two ordered scans merged in Python, orjson.dumps per line, fsync, rename into place."""
    conn = _baseline_connect(db)
    documents = conn.execute("SELECT id, external_id, title, date, source, text, meta "
                             "FROM documents ORDER BY id")
    spans = conn.cursor().execute("SELECT document_id, start, end, label, annotator, annotator_id FROM spans "
                                  "ORDER BY document_id, start, end, label, annotator")
    pending = spans.fetchone()
    count = 0
    partial = out.with_name(out.name + ".part")
    with open(partial, "wb") as handle:
        for doc_id, external_id, title, date, source, text, meta_json in documents:
            meta = {"title": title, "date": date, "source": source}
            meta.update(orjson.loads(meta_json))
            items = []
            while pending is not None and pending[0] == doc_id:
                _, start, end, label, annotator, annotator_id = pending
                items.append({"id": f"s{len(items) + 1}", "start": start, "end": end, "label": label,
                              "text": text[start:end], "annotator": annotator, "annotator_id": annotator_id})
                pending = spans.fetchone()
            handle.write(orjson.dumps({"id": external_id, "text": text, "meta": meta, "spans": items,
                                       "claims": []}))
            handle.write(b"\n")
            count += 1
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, out)
    conn.close()
    return count

"""Golden files: every registered writer's whole output, compared byte for byte with
tests/golden/<writer name><default suffix> (novelWriter's tests/_reference idea).

The project is built here from a fixed input: two documents, the layers of two analysts (ana,
bo) and a gold layer made by review decisions. The texts carry the cases that shift an offset
when code points, UTF-16 units, bytes or normalised line ends get mixed up: an emoji with a
skin-tone modifier, a ZWJ family, e + combining acute, CRLF, Hebrew and Arabic (with a combining
fatha), U+2028 and a leading U+FEFF, each with a span edge right beside it
(`test_a_span_edge_sits_beside_every_hard_case` keeps it so).

Two writers' files are compared by what their library reads back, not byte for byte: a
Parquet file names the pyarrow version that wrote it, and a DocBin is zlib-compressed
msgpack, so both change bytes with a library upgrade (CI installs the newest) though not
their content. Their goldens, `<name><suffix>.json`, are a canonical dump: for spaCy each
Doc's tokens with their whitespace, spans, entities and user data as `spacy.blank("en")`
reads them; for Parquet the schema and every row as pyarrow reads them. The token-based
writers take one layer, so theirs are made from ana's (with `--align expand`: ana has a span
that ends on whitespace, and its move shows).

A new writer fails here until it has a golden file. To write one, or to change one on purpose,
run

    ANNOTATOR_UPDATE_GOLDENS=1 python -m pytest tests/formats/test_golden.py

which rewrites the golden files that differ and still fails, naming them, so a run with the
variable set never passes unnoticed. Read the diff (`git diff tests/golden/`), check the
offsets by hand, and commit the files with the change that made them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable

import pytest

from annotator.formats import WRITERS, ExportOptions, Writer
from annotator.formats.jsonl import read_jsonl
from annotator.model import ACTOR, ISSUE, Document, Record, Ref, SpanData
from annotator.store import Project
from annotator import transfer
from annotator.transfer import export_annotations

GOLDEN = Path(__file__).parents[1] / "golden"
SAMPLE = GOLDEN / "sample"   # the same writers on the demo project (the sample interview, two layers)
UPDATE = os.environ.get("ANNOTATOR_UPDATE_GOLDENS") == "1"

THUMBS_UP = "👍🏽"            # U+1F44D U+1F3FD: two astral code points, four UTF-16 units
FAMILY = "👩\u200d👩\u200d👧"  # five code points joined into one glyph
E_ACUTE = "e\u0301"          # e + combining acute: two code points, one glyph
HEBREW = "שלום"
ARABIC = "سَلام"              # with a combining fatha
HARD_CASES = {"emoji": THUMBS_UP, "ZWJ sequence": FAMILY, "combining mark": "\u0301", "CRLF": "\r\n",
              "Hebrew": HEBREW, "Arabic": ARABIC, "line separator": "\u2028", "leading U+FEFF": "\ufeff"}

TALK = (f"\ufeffOzer said {THUMBS_UP} to the ceasefire.\r\n"
        f"Then the family {FAMILY} left the caf{E_ACUTE}\u2028and Kyiv waited.")
NOTE = (f"Hebrew: {HEBREW} (shalom); Arabic: {ARABIC} ({E_ACUTE}nough said).\r\n"
        f"Moscow agreed {THUMBS_UP}")

# (quote, label, analyst) for each document: offsets are found by quote, in code points.
LAYERS = {
    "talk-1": [("Ozer", "Actor", "ana"), ("\ufeffOzer", "Actor", "bo"),
               (f"said {THUMBS_UP}", "Claim", "ana"), (f"{THUMBS_UP} to the ceasefire.", "Claim", "bo"),
               ("ceasefire.\r\nThen", "Issue", "ana"), ("Then the family", "Actor", "bo"),
               (f"family {FAMILY}", "Actor", "ana"), (FAMILY, "Actor", "bo"),
               (f"caf{E_ACUTE}", "Issue", "ana"), (f"caf{E_ACUTE}\u2028and", "Issue", "bo"),
               ("Kyiv", "Actor", "bo")],
    "note-2": [(HEBREW, "Issue", "ana"), (f"{HEBREW} (shalom)", "Issue", "bo"),
               (ARABIC, "Issue", "ana"), (f"{E_ACUTE}nough", "Claim", "bo"),
               ("said).\r\n", "Claim", "ana"), (f"Moscow agreed {THUMBS_UP}", "Claim", "bo"),
               (THUMBS_UP, "Claim", "ana")],
}
# (quote, label) a reviewer put into the gold layer, by accepting or editing a version.
GOLD = {"talk-1": [("Ozer", "Actor"), (FAMILY, "Actor"), (f"caf{E_ACUTE}", "Issue")],
        "note-2": [(ARABIC, "Issue"), (f"Moscow agreed {THUMBS_UP}", "Claim")]}
DOCUMENTS = [
    Document("talk-1", TALK, title=f"Talks {THUMBS_UP}", date="2025-04-17", source="talk-1.txt",
             meta={"speaker": "Zoë", "pages": 2}),
    Document("note-2", NOTE, title="שלום / سلام", date="2025-04-18", source="wire"),
]


def offsets(text: str, quote: str) -> tuple[int, int]:
    assert text.count(quote) == 1, f"{quote!r} must occur once in the text to place its span"
    start = text.index(quote)
    return start, start + len(quote)


def span_data(document: Document) -> list[SpanData]:
    return [SpanData(*offsets(document.text, quote), label, analyst, f"id-{analyst}")
            for quote, label, analyst in LAYERS[document.external_id]]


def build_project(path: Path) -> Project:
    project = Project(path)
    project.import_records(Record(document, span_data(document)) for document in DOCUMENTS)
    (reviewer,) = project.layer_ids(["ana"])
    for info in project.documents():
        text = project.document(info.id).text
        for quote, label in GOLD[info.external_id]:
            start, end = offsets(text, quote)
            project.decide(info.id, (start, end), "accept", reviewer, gold=(start, end, label))
    add_claims(project)
    return project


# How each writer is exported here (by default every layer, default options).
EXPORTED_AS: dict[str, dict[str, Any]] = {name: {"annotators": ["ana"], "options": ExportOptions(align="expand")}
                                          for name in ("spacy", "iob", "hf")}


def dump_docbin(data: bytes) -> str:
    import spacy
    from spacy.tokens import DocBin

    docs = DocBin().from_bytes(data).get_docs(spacy.blank("en").vocab)
    return _canonical([{"text": doc.text, "tokens": [[token.text, token.whitespace_] for token in doc],
                        "spans": {key: [[s.start_char, s.end_char, s.label_, s.text] for s in group]
                                  for key, group in doc.spans.items()},
                        "ents": [[e.start_char, e.end_char, e.label_, e.text] for e in doc.ents],
                        "user_data": doc.user_data} for doc in docs])


def dump_parquet(data: bytes) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(pa.BufferReader(data))
    return _canonical([{"schema": table.schema.to_string(show_schema_metadata=False).splitlines()},
                       *table.to_pylist()])


def _canonical(items: list[dict[str, Any]]) -> str:
    """One line per field of each item, keys sorted: short enough to read, and a diff names the field."""
    def line(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    return "".join("{\n" + ",\n".join(f" {line(key)}: {line(item[key])}" for key in sorted(item)) + "\n}\n"
                   for item in items)


CANONICAL: dict[str, Callable[[bytes], str]] = {"spacy": dump_docbin, "parquet": dump_parquet}


def dump_folder(folder: Path) -> bytes:
    """A writer that writes a folder (brat): each file under it, by relative path, in sorted
    order, its bytes as they are after a header line."""
    return b"".join(f"=== {path.relative_to(folder).as_posix()} ===\n".encode() + path.read_bytes()
                    for path in sorted(folder.rglob("*")) if path.is_file())


def add_claims(project: Project) -> None:
    """Ana's linked speaker and a claim naming a span and an entry; Bo's claim of unknown stance."""
    talk = next(info.id for info in project.documents() if info.external_id == "talk-1")
    text = project.document(talk).text
    ana, bo = project.layer_ids(["ana"])[0], project.layer_ids(["bo"])[0]

    def span(quote: str, label: str, analyst: str):
        return project.find_span(talk, *offsets(text, quote), label, analyst)

    ozer = project.add_entity(ACTOR, "Engin Ozer", aliases=["Özer"])
    turkey = project.add_entity(ACTOR, "Türkiye 🇹🇷", parent_id=None)
    ceasefire = project.add_entity(ISSUE, "ceasefire / وقف إطلاق النار")
    project.add_claim_category("101", "Security")
    project.update_entity(ozer.id, parent_id=turkey.id)   # dna-events: Ozer's organization
    speaker = span("Ozer", "Actor", ana)
    project.link_span(speaker.id, ozer.id)
    project.create_claim(span(f"said {THUMBS_UP}", "Claim", ana).id,
                         speakers=[Ref.span(speaker.id), Ref.entity(turkey.id)],
                         issues=[Ref.span(span("ceasefire.\r\nThen", "Issue", ana).id)],
                         stance="oppose", category="101", note="e\u0301 \u2028 note",
                         claim_id="0c1a1a11-0000-4000-8000-000000000001")
    project.create_claim(span(f"{THUMBS_UP} to the ceasefire.", "Claim", bo).id,
                         issues=[Ref.entity(ceasefire.id)], claim_id="0c1a1a11-0000-4000-8000-000000000002")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each writer's output for the project above (for most, all layers), by writer name; for
    the writers in CANONICAL, the UTF-8 of the canonical dump of it."""
    folder = tmp_path_factory.mktemp("golden")
    with build_project(folder / "golden.db") as project:
        return export_all(project, folder, EXPORTED_AS, len(DOCUMENTS))


@pytest.fixture(scope="module")
def sample_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The same for the demo project as `annotator` first makes it: the sample interview with
    the two example analysts' layers (the one-layer formats take Example A's)."""
    folder = tmp_path_factory.mktemp("sample")
    one_layer = {name: {**options, "annotators": ["Example A"]} for name, options in EXPORTED_AS.items()}
    with Project(transfer.build_demo_project(folder / "demo.annotator.db")) as project:
        return export_all(project, folder, one_layer, 1)


def export_all(project: Project, folder: Path, exported_as: dict[str, dict[str, Any]],
               documents: int) -> dict[str, bytes]:
    written = {}
    for writer in WRITERS:
        out = folder / f"{writer.name}{writer.default_suffix}"
        report = export_annotations(project, out, format=writer.name, **exported_as.get(writer.name, {}))
        assert report.documents == documents
        dump = CANONICAL.get(writer.name)
        data = out.read_bytes() if out.is_file() else dump_folder(out)
        written[writer.name] = dump(data).encode("utf-8") if dump else data
    return written


def golden_name(writer: Writer) -> str:
    return f"{writer.name}{writer.default_suffix}" + (".json" if writer.name in CANONICAL else
                                                       ".files" if writer.name == "brat" else "")


# -- the comparison ------------------------------------------------------------------------------

@pytest.mark.parametrize("writer", WRITERS, ids=lambda writer: writer.name)
def test_writer_output_is_its_golden_file_byte_for_byte(writer: Writer, exports: dict[str, bytes]) -> None:
    compare_with_golden(writer, GOLDEN / golden_name(writer), exports[writer.name])


@pytest.mark.parametrize("writer", WRITERS, ids=lambda writer: writer.name)
def test_writer_output_on_the_sample_interview_is_its_golden_file(writer: Writer,
                                                                  sample_exports: dict[str, bytes]) -> None:
    compare_with_golden(writer, SAMPLE / golden_name(writer), sample_exports[writer.name])


def compare_with_golden(writer: Writer, golden: Path, produced: bytes) -> None:
    if UPDATE and (not golden.exists() or golden.read_bytes() != produced):
        golden.write_bytes(produced)
        pytest.fail(f"rewrote {golden}: review `git diff {GOLDEN}` and commit it, then run without "
                    f"ANNOTATOR_UPDATE_GOLDENS")
    assert golden.exists(), (f"writer {writer.name!r} has no golden file {golden}; make it with "
                             f"ANNOTATOR_UPDATE_GOLDENS=1 (see this module's docstring)")
    assert produced == golden.read_bytes(), (
        f"{writer.name} output differs from {golden}; if the change is meant, regenerate it as this "
        f"module's docstring says")


@pytest.mark.parametrize("folder", [GOLDEN, SAMPLE], ids=["hard-unicode", "sample"])
def test_every_registered_writer_has_a_golden_file(folder: Path) -> None:
    missing = [golden_name(writer) for writer in WRITERS if not (folder / golden_name(writer)).is_file()]
    assert missing == [], f"no golden file for {missing} in {folder}"


@pytest.mark.parametrize("folder", [GOLDEN, SAMPLE], ids=["hard-unicode", "sample"])
def test_every_golden_file_belongs_to_a_registered_writer(folder: Path) -> None:
    files = sorted(path.name for path in folder.iterdir() if path.is_file() and not path.name.startswith("."))
    assert files == sorted(golden_name(writer) for writer in WRITERS)


# -- the input is as hard as it says, and the JSONL golden holds it faithfully -------------------------

@pytest.mark.parametrize("case", HARD_CASES)
def test_a_span_edge_sits_beside_every_hard_case(case: str) -> None:
    edges = {(document.text, edge) for document in DOCUMENTS for span in span_data(document)
             for edge in (span.start, span.end)}
    special = HARD_CASES[case]
    beside = {(document.text, at) for document in DOCUMENTS for at in range(len(document.text))
              if document.text.startswith(special, at)}
    beside = {(text, edge) for text, at in beside for edge in (at, at + len(special))}
    assert edges & beside, f"no span starts or ends right beside the {case}"


def test_jsonl_golden_holds_every_layer_at_code_point_offsets() -> None:
    records = list(read_jsonl(GOLDEN / "jsonl.jsonl"))
    assert [record.document for record in records] == DOCUMENTS
    for record in records:
        text = record.document.text
        gold = [SpanData(*offsets(text, quote), label, "gold", "gold") for quote, label in GOLD[record.document.external_id]]
        assert sorted(record.spans) == sorted(span_data(record.document) + gold)

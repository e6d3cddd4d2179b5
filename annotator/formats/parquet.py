"""Apache Parquet: one row per document, its meta and spans as nested columns.

    id: string, text: string,
    meta: struct<title: string, date: string, source: string, extra: string>,
    spans: list<struct<start: int64, end: int64, label: string, text: string, annotator: string>>

Every layer chosen is written, as in JSON Lines: `start`/`end` count code points into `text`,
end exclusive, spans in the same order as there. `meta.extra` holds the document's other
meta fields as a JSON object (`{}` when none): their keys and types differ from document to
document, which a column cannot. pandas, pyarrow, polars, DuckDB and
`datasets.load_dataset("parquet", data_files=PATH)` read it. Rows are written in row groups
as they come, so memory stays bounded. Claims (relations between spans) will be a column of
their own when the project has them. Lost: nothing JSON Lines holds.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.formats.atomic import atomic_output
from annotator.formats.base import DocumentsWithSpans, Writer
from annotator.formats.optional_import import import_extra

ROWS_PER_GROUP = 10_000
TEXT_PER_GROUP = 64_000_000  # code points: a few long documents make a row group too


def schema():  # -> pyarrow.Schema
    import pyarrow as pa

    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("label", pa.string()),
                      ("text", pa.string()), ("annotator", pa.string()), ("annotator_id", pa.string())])
    meta = pa.struct([("title", pa.string()), ("date", pa.string()), ("source", pa.string()),
                      ("extra", pa.string())])
    return pa.schema([("id", pa.string()), ("text", pa.string()), ("meta", meta), ("spans", pa.list_(span))])


class _Columns:
    """One row group's values, column by column (pyarrow builds arrays from lists far faster
    than from a dict per row)."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.texts: list[str] = []
        self.meta: tuple[list[str], ...] = ([], [], [], [])
        self.offsets = [0]
        self.spans: tuple[list, ...] = ([], [], [], [], [], [])
        self.size = 0

    def add(self, document, spans) -> None:
        text = document.text
        self.ids.append(document.external_id)
        self.texts.append(text)
        self.size += len(text)
        extra = {k: v for k, v in document.meta.items() if k not in ("title", "date", "source")}
        for column, value in zip(self.meta, (document.title, document.date, document.source,
                                             orjson.dumps(extra).decode())):
            column.append(value)
        starts, ends, labels, quoted, annotators, annotator_ids = self.spans
        for s in sorted(spans, key=lambda s: (s.start, s.end, s.label, s.annotator)):
            starts.append(s.start)
            ends.append(s.end)
            labels.append(s.label)
            quoted.append(text[s.start:s.end])
            annotators.append(s.annotator)
            annotator_ids.append(s.annotator_id)
        self.offsets.append(len(starts))

    def table(self, schema):
        import pyarrow as pa

        meta_type, span_type = schema.field("meta").type, schema.field("spans").type.value_type
        meta = pa.StructArray.from_arrays([pa.array(c, pa.string()) for c in self.meta],
                                          fields=list(meta_type))
        span_columns = [pa.array(c, span_type.field(i).type) for i, c in enumerate(self.spans)]
        spans = pa.ListArray.from_arrays(pa.array(self.offsets, pa.int32()),
                                         pa.StructArray.from_arrays(span_columns, fields=list(span_type)))
        return pa.Table.from_arrays([pa.array(self.ids, pa.string()), pa.array(self.texts, pa.string()),
                                     meta, spans], schema=schema)


def write_parquet(path: Path, records: DocumentsWithSpans) -> int:
    import_extra("pyarrow", "nlp", path, "write Parquet files")
    import pyarrow.parquet as pq

    table_schema = schema()
    count = 0
    with atomic_output(path) as handle:
        with pq.ParquetWriter(handle, table_schema) as writer:
            group = _Columns()
            for document, spans in records:
                group.add(document, spans)
                count += 1
                if len(group.ids) >= ROWS_PER_GROUP or group.size >= TEXT_PER_GROUP:
                    writer.write_table(group.table(table_schema))
                    group = _Columns()
            if group.ids or count == 0:
                writer.write_table(group.table(table_schema))
    return count


WRITERS = (Writer("parquet", "Apache Parquet", (".parquet",), write_parquet),)

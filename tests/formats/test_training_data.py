"""The training-data exports, proven by the libraries that read them: spaCy loads the DocBin,
seqeval reads the IOB2 tags, `datasets` loads the hf and Parquet files, pyarrow the Parquet.

The project: the sample interview and a note full of hard Unicode, coded by ana with a span
nested in another, two that cross, one that ends inside a word and one that ends on a line
break; bo has one span of his own, so an export of "all layers" holds two.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.formats import ExportOptions
from annotator.formats.plaintext import read_text_file
from annotator.model import Document, Record, SpanData
from annotator.snapping import word_tokens
from annotator.store import Project
from annotator.transfer import export_annotations

os.environ.setdefault("HF_HUB_OFFLINE", "1")        # nothing is downloaded, ever
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

NOTE = "\ufeffKyiv 👩\u200d👩\u200d👧 said: the caf\u0301e is shut.\r\nשלום\u2028Moscow agreed 👍🏽"


def quoted(text: str, quote: str, label: str, annotator: str = "ana", cut: int = 0) -> SpanData:
    start = text.index(quote)
    return SpanData(start, start + len(quote) - cut, label, annotator)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Record]:
    interview = read_text_file(Path(__file__).parents[2] / "seeds" / "interview_peace_or_pause.txt").document
    text = interview.text
    interview_spans = [
        quoted(text, "Turkish political scientist and analyst Engin Ozer", "Claim"),
        quoted(text, "Engin Ozer", "Actor"),                                  # nested in the claim
        quoted(text, "short-term ceasefire agreement", "Issue"),
        quoted(text, "a short-term", "Claim"),                                # crosses the issue
        quoted(text, "comprehensive", "Issue", cut=4),                        # ends inside a word
    ]
    note_spans = [quoted(NOTE, "Kyiv 👩\u200d👩\u200d👧", "Actor"), quoted(NOTE, "caf\u0301e", "Issue"),
                  quoted(NOTE, "shut.\r\n", "Claim"),                          # ends on a line break
                  quoted(NOTE, "שלום", "Issue"), quoted(NOTE, "Moscow agreed 👍🏽", "Claim"),
                  quoted(NOTE, "Moscow", "Actor", annotator="bo")]
    return [Record(interview, interview_spans), Record(Document("note", NOTE, title="Note"), note_spans)]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, documents: list[Record]) -> Project:
    with Project(tmp_path_factory.mktemp("training") / "p.db") as project:
        project.import_records(documents)
        yield project


def ana_spans(record: Record) -> set[tuple[int, int, str]]:
    return {(s.start, s.end, s.label) for s in record.spans if s.annotator == "ana"}


def on_tokens(record: Record) -> set[tuple[int, int, str]]:
    """ana's spans that sit on word tokens (all but the one cut inside a word and the one
    ending on a line break)."""
    tokens = word_tokens(record.document.text)
    starts, ends = {s for s, _ in tokens}, {e for _, e in tokens}
    return {span for span in ana_spans(record) if span[0] in starts and span[1] in ends}


# -- spaCy -----------------------------------------------------------------------------------------

def test_spacy_loads_the_docbin_with_every_text_and_span(project: Project, documents: list[Record],
                                                          tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "train.spacy"
    report = export_annotations(project, out, ["ana"], format="spacy")
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    assert [doc.text for doc in docs] == [record.document.text for record in documents]
    assert [{(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]} for doc in docs] == [
        on_tokens(record) for record in documents]
    assert [doc.user_data["id"] for doc in docs] == [record.document.external_id for record in documents]
    assert report.counts["misaligned"] == report.counts["left_out"] == 2


def test_spacy_ents_keep_the_longer_of_overlapping_spans(project: Project, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "train.spacy"
    report = export_annotations(project, out, ["ana"], format="spacy")
    interview = next(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    assert [(e.text, e.label_) for e in interview.ents] == [
        ("Turkish political scientist and analyst Engin Ozer", "Claim"), ("short-term ceasefire agreement", "Issue")]
    assert report.counts["untagged"] == 2
    assert '2 spans overlap a longer span: in doc.spans["sc"] only (doc.ents keeps the longest)' in report.notes


def test_spacy_expand_widens_a_span_cut_inside_a_word(project: Project, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "train.spacy"
    report = export_annotations(project, out, ["ana"], format="spacy", options=ExportOptions(align="expand"))
    interview, note = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    assert ("comprehensive", "Issue") in [(s.text, s.label_) for s in interview.spans["sc"]]
    assert ("shut.", "Claim") in [(s.text, s.label_) for s in note.spans["sc"]]
    assert (report.counts["misaligned"], report.counts["moved"], report.counts["left_out"]) == (2, 2, 0)


def test_spacy_built_by_worker_processes_is_the_file_one_process_writes(project: Project, tmp_path: Path) -> None:
    """A large export is built in batches by spawned processes and merged in document order."""
    pytest.importorskip("spacy")
    from annotator.formats.spacy_docbin import write_spacy

    records = list(project.iter_documents_with_spans(project.layer_ids(["ana"]), as_data=True)) * 3
    here = write_spacy(tmp_path / "here.spacy", records, ExportOptions(align="expand"), workers=1)
    pooled = write_spacy(tmp_path / "pooled.spacy", records, ExportOptions(align="expand"), batch=1, workers=2)
    assert (tmp_path / "pooled.spacy").read_bytes() == (tmp_path / "here.spacy").read_bytes()
    assert here.documents == 6
    assert (pooled.documents, pooled.notes, pooled.counts) == (here.documents, here.notes, here.counts)


def test_spacy_workers_stop_at_a_second_layer_and_write_nothing(project: Project, tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from annotator.formats.spacy_docbin import write_spacy

    ana = list(project.iter_documents_with_spans(project.layer_ids(["ana"]), as_data=True))
    bo = list(project.iter_documents_with_spans(project.layer_ids(["bo"]), as_data=True))
    with pytest.raises(AnnotatorError, match="^spacy writes one layer, and this export holds spans of 'ana' and 'bo'"):
        write_spacy(tmp_path / "train.spacy", ana * 2 + bo, ExportOptions(), batch=1, workers=2)
    assert list(tmp_path.iterdir()) == []


# -- IOB2 -------------------------------------------------------------------------------------------

def read_iob(path: Path) -> list[tuple[list[str], list[str]]]:
    """Documents as (tokens, tags), read as a CoNLL reader does: blocks after each -DOCSTART-."""
    text = path.read_text(encoding="utf-8")
    documents = []
    for block in text.split("-DOCSTART- -X- O O\n")[1:]:
        rows = [line.split(" ") for line in block.split("\n") if line]
        documents.append(([token for token, _ in rows], [tag for _, tag in rows]))
    return documents


def test_iob_tokens_are_annotators_words_and_seqeval_reads_the_tags_as_strict_iob2(
        project: Project, documents: list[Record], tmp_path: Path) -> None:
    pytest.importorskip("seqeval")
    from seqeval.scheme import IOB2, Entities

    out = tmp_path / "train.iob"
    export_annotations(project, out, ["ana"], format="iob", options=ExportOptions(align="contract"))
    parsed = read_iob(out)
    assert [tokens for tokens, _ in parsed] == [
        [record.document.text[s:e] for s, e in word_tokens(record.document.text)] for record in documents]
    entities = Entities([tags for _, tags in parsed], IOB2).entities
    found = [{(e.tag, " ".join(tokens[e.start:e.end])) for e in doc} for doc, (tokens, _) in zip(entities, parsed)]
    assert found == [
        {("Claim", "Turkish political scientist and analyst Engin Ozer"),
         ("Issue", "short-term ceasefire agreement")},        # "comprehen": no whole token inside
        {("Actor", "Kyiv 👩\u200d👩\u200d👧"), ("Issue", "caf\u0301e"), ("Claim", "shut ."), ("Issue", "שלום"),
         ("Claim", "Moscow agreed 👍🏽")}]


def test_iob_token_never_holds_whitespace_so_every_line_has_two_columns(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "train.iob"
    export_annotations(project, out, ["ana"], format="iob")
    lines = [line for line in out.read_text(encoding="utf-8").split("\n")
             if line and not line.startswith("-DOCSTART-")]
    assert lines and all(len(line.split()) == 2 for line in lines)


# -- Hugging Face -------------------------------------------------------------------------------------

def test_datasets_loads_the_hf_file_with_its_tag_names(project: Project, documents: list[Record],
                                                       tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")

    out = tmp_path / "train.hf.jsonl"
    export_annotations(project, out, ["ana"], format="hf")
    dataset = datasets.load_dataset("json", data_files=str(out), split="train", cache_dir=str(tmp_path / "cache"))
    assert dataset["id"] == [record.document.external_id for record in documents]
    note = dataset[1]
    assert list(zip(note["tokens"], note["ner_tags"]))[:3] == [("\ufeff", "O"), ("Kyiv", "B-Actor"),
                                                               ("👩\u200d👩\u200d👧", "I-Actor")]
    names = sorted({tag for tags in dataset["ner_tags"] for tag in tags})
    numbered = dataset.cast_column("ner_tags", datasets.Sequence(datasets.ClassLabel(names=names)))
    assert numbered.features["ner_tags"].feature.int2str(numbered[1]["ner_tags"][1]) == "B-Actor"


# -- Parquet --------------------------------------------------------------------------------------------

def test_parquet_holds_every_layer_at_code_point_offsets(project: Project, documents: list[Record],
                                                         tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")

    out = tmp_path / "corpus.parquet"
    assert export_annotations(project, out, format="parquet").documents == 2
    rows = pq.read_table(out).to_pylist()
    assert [row["text"] for row in rows] == [record.document.text for record in documents]
    assert [sorted((s["start"], s["end"], s["label"], s["annotator"]) for s in row["spans"]) for row in rows] == [
        sorted(span[:4] for span in record.spans) for record in documents]
    ids = {a.name: a.id for a in project.annotators()}
    assert all(s["annotator_id"] == ids[s["annotator"]] for row in rows for s in row["spans"])
    assert all(row["text"][s["start"]:s["end"]] == s["text"] for row in rows for s in row["spans"])
    assert rows[1]["meta"] == {"title": "Note", "date": "", "source": "", "extra": "{}"}


def test_datasets_loads_the_parquet_file(project: Project, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")

    out = tmp_path / "corpus.parquet"
    export_annotations(project, out, format="parquet")
    dataset = datasets.load_dataset("parquet", data_files=str(out), split="train", cache_dir=str(tmp_path / "c"))
    (ana,) = project.layer_ids(["ana"])
    assert dataset[1]["spans"][0] == {"start": 1, "end": 11, "label": "Actor", "text": "Kyiv 👩\u200d👩\u200d👧",
                                      "annotator": "ana", "annotator_id": ana}


def test_parquet_of_a_project_without_documents_has_the_columns(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")

    with Project(tmp_path / "empty.db") as empty:
        assert export_annotations(empty, tmp_path / "none.parquet").documents == 0
    assert pq.read_table(tmp_path / "none.parquet").column_names == ["id", "text", "meta", "spans"]


# -- one layer, and a missing extra ----------------------------------------------------------------------

@pytest.mark.parametrize("format, suffix", [("spacy", ".spacy"), ("iob", ".iob"), ("hf", ".hf.jsonl")])
def test_token_formats_refuse_two_layers_and_write_nothing(project: Project, tmp_path: Path, format: str,
                                                           suffix: str) -> None:
    out = tmp_path / f"train{suffix}"
    with pytest.raises(AnnotatorError, match=rf"^{format} writes one layer, and this export holds spans of "
                                             r"'ana' and 'bo': choose one with --annotator NAME, or --gold$"):
        export_annotations(project, out, format=format)
    assert list(tmp_path.iterdir()) == []


def test_missing_spacy_is_one_line_naming_the_pip_command(project: Project, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)     # as if it were not installed
    out = tmp_path / "train.spacy"
    with pytest.raises(AnnotatorError) as raised:
        export_annotations(project, out, ["ana"], format="spacy")
    assert str(raised.value) == (f"{out}: pip install 'annotator[nlp]' to write spaCy DocBin files "
                                 f"(no module named 'spacy')")
    assert not out.exists()

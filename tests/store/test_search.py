"""The corpus search: the FTS5 index kept current on every path that adds documents, and hits
whose offsets are exact code points (`text[start:end]` is the hit) in hard Unicode."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.model import Document, Record, SpanData
from annotator.search_query import BadQuery, parse_query
from annotator.store import Project
from tests.test_migrations import schema_1_project

TEXTS = {
    "accent": "\ufeffJose\u0301 met Ana in İSTANBUL.\r\nThe Straße was closed.",
    "emoji": "Families 👩‍👩‍👧 left Moscow; Russia said nothing\u2028new.",
    "rtl": "قال الوزير إن روسيا Russia لن تنسحب",
    "mark": "A \x01 control character, then Russia.",
}


def hits(project: Project, typed: str) -> list[tuple[str, str]]:
    """(document id, the hit as cut from the stored text or title at the hit's offsets)."""
    found = []
    for hit in project.search(parse_query(typed)):
        document = project.document(hit.document_id)
        source = document.text if hit.field == "text" else document.title
        found.append((document.external_id, source[hit.start:hit.end]))
    return found


@pytest.fixture
def corpus(project: Project) -> Project:
    project.import_records([Record(Document(key, text, title=f"On {key}", date=f"2024-0{n}-15",
                                            meta={"outlet": "Tass" if n % 2 else "BBC"}), [])
                            for n, (key, text) in enumerate(TEXTS.items(), 1)])
    return project


def test_a_word_is_found_with_its_exact_code_points(corpus: Project):
    assert hits(corpus, "russia") == [("emoji", "Russia"), ("rtl", "Russia"), ("mark", "Russia")]


def test_case_and_accents_fold_but_the_hit_is_the_text_as_stored(corpus: Project):
    assert hits(corpus, "istanbul") == [("accent", "İSTANBUL")]
    assert hits(corpus, "josé") == hits(corpus, "jose") == [("accent", "Jose\u0301")]


def test_sharp_s_is_its_own_letter(corpus: Project):
    assert hits(corpus, "straße") == [("accent", "Straße")]
    assert hits(corpus, "strasse") == []


def test_right_to_left_words_are_found(corpus: Project):
    assert hits(corpus, "روسيا") == [("rtl", "روسيا")]


def test_phrases_prefixes_boolean_and_near(corpus: Project):
    assert hits(corpus, '"left moscow"') == [("emoji", "left Moscow")]
    assert hits(corpus, "mosc*") == [("emoji", "Moscow")]
    assert [key for key, _ in hits(corpus, "russia NOT moscow")] == ["rtl", "mark"]
    assert [key for key, _ in hits(corpus, "ana OR moscow")] == ["accent", "emoji"]
    assert [key for key, _ in hits(corpus, "NEAR(families nothing, 5)")] == ["emoji", "emoji"]


def test_titles_are_searched_too(corpus: Project):
    assert hits(corpus, "title:emoji") == [("emoji", "emoji")]


def test_a_text_holding_the_mark_characters_still_gives_exact_hits(corpus: Project):
    assert hits(corpus, "control OR russia") [-2:] == [("mark", "control"), ("mark", "Russia")]


def test_filters_by_date_range_and_metadata(corpus: Project):
    assert [key for key, _ in hits(corpus, "russia date:2024-03..")] == ["rtl", "mark"]
    assert [key for key, _ in hits(corpus, "russia date:..2024-02")] == ["emoji"]
    assert [key for key, _ in hits(corpus, "russia meta:outlet=BBC")] == ["emoji", "mark"]


def test_a_snippet_shows_the_hit_in_context_on_one_line(corpus: Project):
    hit = corpus.search(parse_query("nothing"))[0]
    assert hit.snippet[hit.snippet_start:hit.snippet_end] == "nothing"
    assert "\u2028" not in hit.snippet and hit.snippet.startswith("Families 👩‍👩‍👧")


def test_pages_continue_where_the_last_one_ended(corpus: Project):
    query = parse_query("russia OR moscow")
    everything = corpus.search(query)
    first = corpus.search(query, limit=2)
    last = first[-1]
    given = sum(1 for hit in first if hit.document_id == last.document_id)
    assert first + corpus.search(query, after=(last.document_id, given)) == everything


def test_a_bad_query_says_so(corpus: Project):
    with pytest.raises(BadQuery, match="FTS5"):
        corpus.search(parse_query('"left moscow'))
    with pytest.raises(BadQuery, match="without:ANALYST/LABEL"):
        parse_query("russia without:Ana")


def test_documents_where_an_analyst_has_no_claim_yet(corpus: Project):
    corpus.import_records([Record(Document("emoji", TEXTS["emoji"], title="On emoji", date="2024-02-15",
                                           meta={"outlet": "BBC"}), [SpanData(0, 8, "Claim", "Ana")])])
    assert [key for key, _ in hits(corpus, "russia without:Ana/Claim")] == ["rtl", "mark"]
    assert [(h.document_id, h.start, h.end) for h in corpus.search(parse_query("without:Ana/Claim"))] == \
        [(1, 0, 0), (3, 0, 0), (4, 0, 0)]
    with pytest.raises(BadQuery, match="no analyst 'Bea'"):
        corpus.search(parse_query("without:Bea/Claim"))


def test_spans_of_an_actor_by_name_or_alias(corpus: Project):
    corpus.import_records([Record(Document("emoji", TEXTS["emoji"], title="On emoji", date="2024-02-15",
                                           meta={"outlet": "BBC"}),
                                  [SpanData(20, 26, "Actor", "Ana"), SpanData(28, 34, "Actor", "Ana")])])
    russia = corpus.add_entity("actor", "Russia", aliases=["Moscow"])
    for span in corpus.spans(2):
        corpus.link_span(span.id, russia.id)
    found = hits(corpus, 'actor:"moscow"')
    assert found == [("emoji", "Moscow"), ("emoji", "Russia")]
    with pytest.raises(BadQuery, match="no actor"):
        corpus.search(parse_query("actor:Atlantis"))


def test_a_merged_colleague_project_is_searchable(tmp_path: Path, corpus: Project):
    with Project(tmp_path / "other.db") as other:
        other.import_records([Record(Document("new", "Kyiv answered Russia."), [])])
    corpus.merge_project(tmp_path / "other.db")
    assert hits(corpus, "kyiv") == [("new", "Kyiv")]


def test_an_older_project_gets_an_index_of_its_documents(tmp_path: Path):
    path = tmp_path / "old.db"
    schema_1_project(path)
    with Project(path) as project:
        assert hits(project, "peace") == [("d", "Peace")]


def test_building_the_index_of_a_big_older_project_reports_progress(tmp_path: Path, monkeypatch):
    import sqlite3

    from annotator.store import schema

    path = tmp_path / "six.db"
    with Project(path) as project:
        project.import_records([Record(Document(f"d{n}", f"Text {n} about Kyiv 🇺🇦"), []) for n in range(5)])
    conn = sqlite3.connect(path)
    with conn:    # the file as schema 6 left it: no index
        conn.execute("DROP TABLE documents_fts")
        for later in ("suggestion_decisions", "suggestions", "suggest_patterns", "model_labels"):   # schema 8's
            conn.execute(f"DROP TABLE {later}")
        conn.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    conn.close()
    monkeypatch.setattr(schema, "SEARCH_INDEX_BATCH", 2)
    heard = []
    token = schema.migration_progress.set(lambda what, done, total: heard.append((what, done, total)))
    try:
        with Project(path) as project:
            assert len(hits(project, "kyiv")) == 5
    finally:
        schema.migration_progress.reset(token)
    assert heard == [("Building the search index", done, 5) for done in (2, 4, 5)]

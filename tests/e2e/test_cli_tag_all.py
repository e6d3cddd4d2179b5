"""`annotator tag-all`: every whole-word occurrence tagged in one analyst's layer, from the
real command line; bad input is one line and exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.store import Project

DOCUMENTS = [{"id": "a", "text": "Russia said no. RUSSIA's envoy left;\r\nRussia\u2028and روسيا 👩‍👩‍👧 Russia."},
             {"id": "b", "text": "In Kyiv, Russia was named: Russia."},
             {"id": "c", "text": "Nothing here."}]


def corpus(tmp_path: Path, run) -> Path:
    lines = "\n".join(json.dumps(d, ensure_ascii=False) for d in DOCUMENTS)
    (tmp_path / "docs.jsonl").write_text(lines, "utf-8")
    assert run("import", "p.db", "docs.jsonl", "--annotator", "Ana").returncode == 0
    return tmp_path / "p.db"


def ana_spans(path: Path) -> list[tuple[str, str]]:
    with Project(path, create=False) as project:
        ana = next(a.id for a in project.annotators() if a.name == "Ana")
        return [(info.external_id, project.document(info.id).text[s.start:s.end])
                for info in project.documents() for s in project.spans(info.id, [ana])]


def test_the_corpus_is_tagged_and_a_second_run_adds_nothing(tmp_path: Path, run):
    path = corpus(tmp_path, run)
    done = run("tag-all", "p.db", "--text", "Russia", "--label", "Actor", "--analyst", "Ana")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "p.db: Tagged 5 more occurrences of “Russia” as Actor in 2 documents.\n"
    assert ana_spans(path) == [("a", "Russia")] * 3 + [("b", "Russia")] * 2
    again = run("tag-all", "p.db", "--text", "russia", "--label", "Actor", "--analyst", "Ana")
    assert again.stdout == "p.db: No other occurrence of “russia” to tag as Actor in the corpus (5 already tagged).\n"


def test_one_document_and_match_case(tmp_path: Path, run):
    path = corpus(tmp_path, run)
    done = run("tag-all", "p.db", "--text", "RUSSIA", "--label", "Issue", "--analyst", "Ana", "--document", "a",
               "--match-case")
    assert done.returncode == 0, done.stderr
    assert ana_spans(path) == []          # "RUSSIA's" is not the word alone
    run("tag-all", "p.db", "--text", "👩‍👩‍👧", "--label", "Issue", "--analyst", "Ana", "--document", "a")
    assert ana_spans(path) == [("a", "👩‍👩‍👧")]


def test_an_unknown_label_or_document_is_one_line_and_status_2(tmp_path: Path, run):
    corpus(tmp_path, run)
    for extra, said in ((["--label", "Villain"], "no label 'Villain'"),
                        (["--label", "Actor", "--document", "zzz"], "no document 'zzz'")):
        done = run("tag-all", "p.db", "--text", "Russia", *extra)
        assert done.returncode == 2 and said in done.stderr and len(done.stderr.splitlines()) == 1

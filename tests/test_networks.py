"""Discourse networks: `annotator network`'s files, read back by networkx (GraphML) and csv,
against networks worked out by hand on a small corpus.

The corpus (`corpus` below): three documents (dated 2025-03-01, 2025-04-10, undated), Ana's,
Bo's and the gold layer's claims. Speakers are registry entries, spans linked to one, and
unlinked spans ("Kyïv", once with a combining diaeresis, once precomposed: one node).
"Moscow" is merged into "Russia", so Ana's "Moscow" span reads as Russia.

Ana's claims, by hand:
    A c1  Moscow span (→ Russia)     Ceasefire   support
    A c2  Zoë (entry)                ceasefire span (→ Ceasefire)   support
    A c3  Kyïv span (unlinked)       Ceasefire   oppose
    A c7  Zoë                        (no issue: left out)
    B c4  Russia + Kyïv span         Sanctions   oppose   category 101
    B c5  Zoë                        Sanctions   unknown
    C c6  Russia                     Ceasefire   neutral  (undated document)
Bo: A, Russia, Ceasefire, oppose. Gold: A, Kyïv span, Ceasefire, support.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.model import ACTOR, ISSUE, Document, Record, Ref, SpanData
from annotator.networks import build_network
from annotator.store import Project
from annotator.transfer import network_project

nx = pytest.importorskip("networkx")

ZOE = "Zoë 👩\u200d👩\u200d👧 שלום"
SANCTIONS = 'Sanctions, "smart" — عقوبات'
KYIV_COMBINING = "Kyi\u0308v"
KYIV = "Ky\u00efv"
TEXT_A = f"\ufeffMoscow backs the ceasefire. Zoë too.\r\n{KYIV_COMBINING} says no to the ceasefire.\u2028Zoë again."
TEXT_B = f"Russia and {KYIV} reject sanctions 👍🏽. Zoë hedges."
TEXT_C = "Russia stays neutral on the ceasefire."


def at(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("networks") / "corpus.db"
    spans = {
        "A": [(TEXT_A, "Moscow", "Actor", "ana", 0), (TEXT_A, "ceasefire", "Issue", "ana", 0),
              (TEXT_A, KYIV_COMBINING, "Actor", "ana", 0), (TEXT_A, "Moscow backs", "Claim", "ana", 0),
              (TEXT_A, "Zoë too", "Claim", "ana", 0), (TEXT_A, "says no", "Claim", "ana", 0),
              (TEXT_A, "Zoë again", "Claim", "ana", 0), (TEXT_A, "backs the", "Claim", "bo", 0),
              (TEXT_A, KYIV_COMBINING, "Actor", "gold", 0), (TEXT_A, "says no", "Claim", "gold", 0)],
        "B": [(TEXT_B, KYIV, "Actor", "ana", 0), (TEXT_B, "reject sanctions", "Claim", "ana", 0),
              (TEXT_B, "Zoë hedges", "Claim", "ana", 0)],
        "C": [(TEXT_C, "stays neutral", "Claim", "ana", 0)],
    }
    documents = [Document("A", TEXT_A, title="A", date="2025-03-01"), Document("B", TEXT_B, date="2025-04-10"),
                 Document("C", TEXT_C)]
    with Project(path) as project:
        project.import_records(
            Record(d, [SpanData(*at(text, quote, nth), label, who, who if who == "gold" else "")
                       for text, quote, label, who, nth in spans[d.external_id]]) for d in documents)
        ids = {info.external_id: info.id for info in project.documents()}
        layer = {name: project.layer_ids([name])[0] for name in ("ana", "bo")} | {"gold": "gold"}

        def span(doc: str, quote: str, label: str, who: str) -> int:
            text = {"A": TEXT_A, "B": TEXT_B, "C": TEXT_C}[doc]
            return project.find_span(ids[doc], *at(text, quote), label, layer[who]).id

        russia = project.add_entity(ACTOR, "Russia")
        moscow = project.add_entity(ACTOR, "Moscow")
        zoe = project.add_entity(ACTOR, ZOE, external_id="Q1")
        ceasefire = project.add_entity(ISSUE, "Ceasefire")
        sanctions = project.add_entity(ISSUE, SANCTIONS)
        project.add_claim_category("101", "Economy")
        project.link_span(span("A", "Moscow", "Actor", "ana"), moscow.id)
        project.link_span(span("A", "ceasefire", "Issue", "ana"), ceasefire.id)
        project.merge_entities(moscow.id, russia.id)

        def claim(doc, quote, who, speakers, issues, stance, category=""):
            project.create_claim(span(doc, quote, "Claim", who), speakers=speakers, issues=issues,
                                 stance=stance, category=category)

        kyiv_a = Ref.span(span("A", KYIV_COMBINING, "Actor", "ana"))
        claim("A", "Moscow backs", "ana", [Ref.span(span("A", "Moscow", "Actor", "ana"))],
              [Ref.entity(ceasefire.id)], "support")
        claim("A", "Zoë too", "ana", [Ref.entity(zoe.id)], [Ref.span(span("A", "ceasefire", "Issue", "ana"))],
              "support")
        claim("A", "says no", "ana", [kyiv_a], [Ref.entity(ceasefire.id)], "oppose")
        claim("A", "Zoë again", "ana", [Ref.entity(zoe.id)], [], "support")
        claim("B", "reject sanctions", "ana", [Ref.entity(russia.id), Ref.span(span("B", KYIV, "Actor", "ana"))],
              [Ref.entity(sanctions.id)], "oppose", "101")
        claim("B", "Zoë hedges", "ana", [Ref.entity(zoe.id)], [Ref.entity(sanctions.id)], "")
        claim("C", "stays neutral", "ana", [Ref.entity(russia.id)], [Ref.entity(ceasefire.id)], "neutral")
        claim("A", "backs the", "bo", [Ref.entity(russia.id)], [Ref.entity(ceasefire.id)], "oppose")
        claim("A", "says no", "gold", [Ref.span(span("A", KYIV_COMBINING, "Actor", "gold"))],
              [Ref.entity(ceasefire.id)], "support")
    return path


def graphml(corpus: Path, tmp_path: Path, **options) -> "nx.Graph":
    out = tmp_path / "net.graphml"
    with Project(corpus, create=False) as project:
        network_project(project, out, **options)
    return nx.read_graphml(out)


def edges(graph) -> dict[tuple[str, str], dict]:
    """(name, name) → edge data, the two names sorted, so a test reads like the hand-worked table."""
    name = nx.get_node_attributes(graph, "name")
    return {tuple(sorted((name[a], name[b]))): data for a, b, data in graph.edges(data=True)}


def stances(data: dict) -> tuple[int, int, int, int, int]:
    return (data["weight"], data["support"], data["oppose"], data["neutral"], data["unknown"])


def test_actor_issue_network_of_one_analyst(corpus: Path, tmp_path: Path) -> None:
    graph = graphml(corpus, tmp_path, annotators=["ana"])
    assert {pair: stances(data) for pair, data in edges(graph).items()} == {
        ("Ceasefire", "Russia"): (2, 1, 0, 1, 0),
        ("Ceasefire", ZOE): (1, 1, 0, 0, 0),
        ("Ceasefire", KYIV_COMBINING): (1, 0, 1, 0, 0),
        ("Russia", SANCTIONS): (1, 0, 1, 0, 0),
        (KYIV_COMBINING, SANCTIONS): (1, 0, 1, 0, 0),
        (SANCTIONS, ZOE): (1, 0, 0, 0, 1),
    }


def test_nodes_carry_kind_frequency_and_registry_details(corpus: Path, tmp_path: Path) -> None:
    graph = graphml(corpus, tmp_path, annotators=["ana"])
    nodes = {data["name"]: (data["kind"], data["frequency"], data["in_registry"], data["external_id"])
             for _, data in graph.nodes(data=True)}
    assert nodes == {"Russia": ("actor", 3, True, ""), ZOE: ("actor", 2, True, "Q1"),
                     KYIV_COMBINING: ("actor", 2, False, ""), "Ceasefire": ("issue", 4, True, ""),
                     SANCTIONS: ("issue", 2, True, "")}


def test_a_merged_entry_reads_as_its_target(corpus: Path, tmp_path: Path) -> None:
    names = {data["name"] for _, data in graphml(corpus, tmp_path, annotators=["ana"]).nodes(data=True)}
    assert "Moscow" not in names and "Russia" in names


def test_congruence_counts_issues_both_support_or_both_oppose(corpus: Path, tmp_path: Path) -> None:
    graph = graphml(corpus, tmp_path, annotators=["ana"], mode="congruence")
    assert {pair: data["weight"] for pair, data in edges(graph).items()} == {
        ("Russia", ZOE): 1, (KYIV_COMBINING, "Russia"): 1}
    assert {data["name"] for _, data in graph.nodes(data=True)} == {"Russia", ZOE, KYIV_COMBINING}


def test_conflict_counts_issues_of_opposite_stances(corpus: Path, tmp_path: Path) -> None:
    graph = graphml(corpus, tmp_path, annotators=["ana"], mode="conflict")
    assert {pair: data["weight"] for pair, data in edges(graph).items()} == {
        (KYIV_COMBINING, "Russia"): 1, (KYIV_COMBINING, ZOE): 1}


def test_actor_category_network(corpus: Path, tmp_path: Path) -> None:
    graph = graphml(corpus, tmp_path, annotators=["ana"], mode="actor-category")
    assert {pair: stances(data) for pair, data in edges(graph).items()} == {
        ("101 Economy", "Russia"): (1, 0, 1, 0, 0), ("101 Economy", KYIV_COMBINING): (1, 0, 1, 0, 0)}


def test_stance_filter_keeps_one_stance(corpus: Path, tmp_path: Path) -> None:
    graph = graphml(corpus, tmp_path, annotators=["ana"], stance="support")
    assert {pair: stances(data) for pair, data in edges(graph).items()} == {
        ("Ceasefire", "Russia"): (1, 1, 0, 0, 0), ("Ceasefire", ZOE): (1, 1, 0, 0, 0)}


def test_dates_filter_by_the_documents_dates(corpus: Path, tmp_path: Path) -> None:
    later = graphml(corpus, tmp_path, annotators=["ana"], date_from="2025-04-01")
    assert set(edges(later)) == {("Russia", SANCTIONS), (KYIV, SANCTIONS), (SANCTIONS, ZOE)}  # B's spelling
    earlier = graphml(corpus, tmp_path, annotators=["ana"], date_to="2025-03-31")
    assert {pair: stances(data) for pair, data in edges(earlier).items()} == {   # C is undated: out
        ("Ceasefire", "Russia"): (1, 1, 0, 0, 0), ("Ceasefire", ZOE): (1, 1, 0, 0, 0),
        ("Ceasefire", KYIV_COMBINING): (1, 0, 1, 0, 0)}


def test_gold_and_other_layers(corpus: Path, tmp_path: Path) -> None:
    assert {p: stances(d) for p, d in edges(graphml(corpus, tmp_path, gold=True)).items()} == {
        ("Ceasefire", KYIV_COMBINING): (1, 1, 0, 0, 0)}
    assert {p: stances(d) for p, d in edges(graphml(corpus, tmp_path, annotators=["bo"])).items()} == {
        ("Ceasefire", "Russia"): (1, 0, 1, 0, 0)}
    every = edges(graphml(corpus, tmp_path))
    assert stances(every["Ceasefire", "Russia"]) == (3, 1, 1, 1, 0)
    assert stances(every["Ceasefire", KYIV_COMBINING]) == (2, 1, 1, 0, 0)


def test_csv_is_an_edge_list_with_every_character_kept(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "net.csv"
    with Project(corpus, create=False) as project:
        network = network_project(project, out, annotators=["ana"])
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == len(network.edges) + 1
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["source", "target", "weight", "support", "oppose", "neutral", "unknown",
                       "source_id", "target_id"]
    assert [ZOE, SANCTIONS, "1", "0", "0", "0", "1"] in [row[:7] for row in rows]
    assert network.claims_counted == 6 and network.claims_left_out == 1


def test_unlinked_spans_of_one_name_are_one_node(corpus: Path, tmp_path: Path) -> None:
    graph = graphml(corpus, tmp_path, annotators=["ana"])
    kyiv = [data for _, data in graph.nodes(data=True) if data["name"] in (KYIV, KYIV_COMBINING)]
    assert len(kyiv) == 1 and kyiv[0]["frequency"] == 2


def test_graphml_keeps_line_ends_and_replaces_what_xml_cannot_hold(tmp_path: Path) -> None:
    from annotator.model import Mention, Statement
    from annotator.networks import write_graphml

    statement = Statement(1, "", "support", "", (Mention(None, "a\rb\x01"),), (Mention(None, "<&>\"'"),))
    network = build_network([statement])
    write_graphml(tmp_path / "g.graphml", network)
    names = set(nx.get_node_attributes(nx.read_graphml(tmp_path / "g.graphml"), "name").values())
    assert names == {"a\rb\ufffd", "<&>\"'"}


def test_a_bad_choice_is_refused_before_anything_is_written(corpus: Path, tmp_path: Path) -> None:
    with Project(corpus, create=False) as project:
        with pytest.raises(AnnotatorError, match="YYYY-MM-DD"):
            network_project(project, tmp_path / "n.graphml", date_from="1/4/2025")
        with pytest.raises(AnnotatorError, match=".graphml or .csv"):
            network_project(project, tmp_path / "n.gexf")
        with pytest.raises(AnnotatorError, match="no annotator"):
            network_project(project, tmp_path / "n.graphml", annotators=["nobody"])
    assert list(tmp_path.iterdir()) == []


def test_command_line_writes_the_network_and_says_what_it_counted(corpus: Path, tmp_path: Path, capsys) -> None:
    from annotator.cli import main

    out = tmp_path / "conflict.graphml"
    assert main(["network", str(corpus), "-o", str(out), "--mode", "conflict", "--annotator", "ana"]) == 0
    assert len(nx.read_graphml(out).edges) == 2
    assert "conflict network: 3 nodes, 2 edges from 6 claims; 1 claim left out" in capsys.readouterr().out

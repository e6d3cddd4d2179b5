"""Draws the README's discourse networks (docs/network-*.png) from the sample interview.

    python docs/make_networks.py        # needs matplotlib and networkx (docs only, not run-time)

It builds a small claims project in a temporary folder from the interview in seeds/ (a
registry of actors and issues, one analyst's claims on quotes of the text, some speakers as
Actor spans linked to their entry, the interviewee as a registry speaker), writes each network
with `annotator network` (transfer.network_project), reads the GraphML back with networkx and
draws it: actors left, issues or categories right (two-mode), actors in a circle (one-mode);
edges green for support or congruence, red for opposition or conflict, grey otherwise, as
thick as their weight.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.model import ACTOR, ISSUE, Ref  # noqa: E402
from annotator.resources import seed_texts  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.transfer import import_into, network_project  # noqa: E402

ANALYST = "Ana"
# (claim quote, speaker: an entry name or ("span", quote inside the claim), issue, stance, category)
CLAIMS = [
    ("much of the ceasefire agreement has been prepared", "Engin Ozer", "Ceasefire", "support", "201"),
    ("a ceasefire could be declared even today", "Engin Ozer", "Ceasefire", "support", "201"),
    ("Russia is ready to move forward", ("span", "Russia"), "Ceasefire", "support", "201"),
    ("frontline that must be secured by an international force", "Engin Ozer", "International force", "support",
     "101"),
    ("Russia firmly opposes any deployment of NATO or European troops", ("span", "Russia"), "International force",
     "oppose", "101"),
    ("Ukraine rejects the idea of UN forces", ("span", "Ukraine"), "International force", "oppose", "101"),
    ("unlikely to lead to a formal peace treaty", "Engin Ozer", "Peace treaty", "neutral", "201"),
    ("Russia has no intention of handing them over to Ukrainian control", ("span", "Russia"),
     "Ukrainian control of nuclear plants", "oppose", "102"),
    ("Ukraine refuses to accept any Russian oversight of its power grid", ("span", "Ukraine"),
     "Ukrainian control of nuclear plants", "support", "102"),
    ("nuclear plants that the U.S. has been unable to resolve", ("span", "U.S."),
     "Ukrainian control of nuclear plants", "", "102"),
    ("The most crucial issue remains the security of the border", "Engin Ozer", "Border security", "support",
     "101"),
    ("the Turkish side did not participate in the negotiations", ("span", "Turkish side"), "Ceasefire", "neutral",
     "201"),
]
ACTORS = {"Engin Ozer": [], "Russia": ["Russian"], "Ukraine": [], "U.S.": ["United States"],
          "Turkish side": ["Turkey", "Türkiye"]}
ISSUES = ["Ceasefire", "International force", "Peace treaty", "Ukrainian control of nuclear plants",
          "Border security"]
CATEGORIES = {"101": "Security", "102": "Energy", "201": "Diplomacy"}
GREEN, RED, GREY = "#2e8b57", "#c0392b", "#9a9a9a"


def build(path: Path) -> None:
    with Project(path) as project:
        import_into(project, [seed_texts()[0]], ANALYST)
        (info,) = project.documents()
        text = project.document(info.id).text
        layer = project.ensure_annotator(ANALYST).id
        entries = {name: project.add_entity(ACTOR, name, aliases=aliases).id for name, aliases in ACTORS.items()}
        entries |= {name: project.add_entity(ISSUE, name).id for name in ISSUES}
        for code, name in CATEGORIES.items():
            project.add_claim_category(code, name)
        for quote, speaker, issue, stance, category in CLAIMS:
            start = text.index(quote)
            claim = project.add_span(info.id, start, start + len(quote), "Claim", layer)
            if isinstance(speaker, tuple):
                at = text.index(speaker[1], start)
                actor = project.add_span(info.id, at, at + len(speaker[1]), "Actor", layer)
                name = speaker[1]
                project.link_span(actor.id, entries[name])
                speakers = [Ref.span(actor.id)]
            else:
                speakers = [Ref.entity(entries[speaker])]
            project.create_claim(claim.id, speakers=speakers, issues=[Ref.entity(entries[issue])], stance=stance,
                                 category=category)


def draw(graph: nx.Graph, mode: str, out: Path) -> None:
    names = nx.get_node_attributes(graph, "name")
    actors = sorted((n for n, d in graph.nodes(data=True) if d["kind"] == "actor"), key=names.get)
    others = sorted((n for n in graph.nodes if n not in actors), key=names.get)
    figure, axes = plt.subplots(figsize=(9, 5.2), dpi=110)
    if others:
        position = {n: (0.0, -i / max(1, len(actors) - 1)) for i, n in enumerate(actors)}
        position |= {n: (1.0, -i / max(1, len(others) - 1)) for i, n in enumerate(others)}
    else:
        position = nx.circular_layout(actors)
    colors, widths = [], []
    for a, b, data in graph.edges(data=True):
        if mode in ("congruence", "conflict"):
            colors.append(GREEN if mode == "congruence" else RED)
        else:
            colors.append(GREEN if data["support"] > data["oppose"] else RED if data["oppose"] > data["support"]
                          else GREY)
        widths.append(1.5 + 2.0 * data["weight"])
    nx.draw_networkx_edges(graph, position, ax=axes, edge_color=colors, width=widths, alpha=0.8)
    frequency = nx.get_node_attributes(graph, "frequency")
    for group, color in ((actors, "#4a7ab5"), (others, "#d9a441")):
        nx.draw_networkx_nodes(graph, position, nodelist=group, ax=axes, node_color=color,
                               node_size=[250 + 120 * frequency[n] for n in group])
    for node, (x, y) in position.items():
        left = others and node in actors
        axes.text(x + (-0.07 if left else 0.07), y, f"{names[node]} ({frequency[node]})", va="center",
                  ha="right" if left else "left", fontsize=10)
    if mode in ("congruence", "conflict"):
        labels = {(a, b): d["weight"] for a, b, d in graph.edges(data=True)}
        nx.draw_networkx_edge_labels(graph, position, edge_labels=labels, ax=axes, font_size=9)
    axes.set_title(f"annotator network --mode {mode}   (sample interview; node: claims, edge: "
                   f"{'claims' if others else 'issues'})", fontsize=10)
    axes.margins(x=0.45 if others else 0.35, y=0.12)
    axes.axis("off")
    figure.tight_layout()
    figure.savefig(out)
    plt.close(figure)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "interview.annotator.db"
        build(path)
        with Project(path, create=False) as project:
            for mode in ("actor-issue", "actor-category", "congruence", "conflict"):
                graphml = Path(folder) / f"{mode}.graphml"
                network = network_project(project, graphml, mode)
                print(f"{mode}: {network.summary()}")
                draw(nx.read_graphml(graphml), mode, ROOT / "docs" / f"network-{mode}.png")


if __name__ == "__main__":
    main()

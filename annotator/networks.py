"""Discourse networks from claims, as the Discourse Network Analyzer (DNA) draws them, and
their files (GraphML, CSV). Pure: statements in (`Project.iter_statements`), files out.

Nodes are registry entries (a speaker or issue span linked to none is a node of its own,
named by its text: spans of the same text, by `fold_name`, are one node), categories of the
codebook, each with its kind and frequency: the number of counted claims it takes part in.

- Two-mode networks (`actor-issue`, `actor-category`): an edge from each speaker to each
  issue (or to the category) of a claim; its `weight` is the number of claims, split into
  `support`, `oppose`, `neutral` and `unknown`. A claim without a speaker or an issue (or
  a category) draws no edge.
- One-mode networks of actors (`congruence`, `conflict`), DNA's with a binary qualifier
  ("agreement"), duplicates ignored across the range and no normalisation: two actors are
  tied by the number of issues (or categories, `via="category"`) on which both support or
  both oppose (congruence; an issue both actors support and oppose counts twice, once per
  stance), or on which one supports and the other opposes (conflict; likewise).
  Neutral and unknown stances have no place on that scale and draw no one-mode edge.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from annotator.formats.atomic import atomic_output
from annotator.model import ACTOR, ISSUE, ClaimCategory, Entity, Mention, Statement, fold_name
from annotator.wording import plural

MODES = ("actor-issue", "actor-category", "congruence", "conflict")
TWO_MODE = ("actor-issue", "actor-category")
STANCE_FILTERS = ("all", "support", "oppose", "neutral")
VIA = ("issue", "category")
CATEGORY = "category"
STANCE_COLUMNS = ("support", "oppose", "neutral", "unknown")
_STANCE_COLUMN = {"support": 0, "oppose": 1, "neutral": 2, "": 3}


@dataclass(frozen=True)
class Node:
    """`id` is the entry's id, or `KIND:folded text` for an unlinked span, `category:CODE`."""

    id: str
    name: str
    kind: str                 # actor | issue | category
    frequency: int
    external_id: str = ""     # an entry's (a Wikidata QID …)
    in_registry: bool = False


@dataclass(frozen=True)
class Edge:
    """Two-mode: actor → issue or category, `weight` claims and its stances. One-mode: two
    actors (source before target in node order), `weight` issues or categories."""

    source: str
    target: str
    weight: int
    stances: tuple[int, int, int, int] | None = None   # support, oppose, neutral, unknown


@dataclass(frozen=True)
class Network:
    mode: str
    nodes: list[Node]
    edges: list[Edge]
    claims_counted: int = 0
    claims_left_out: int = 0     # no speaker, or no issue (no category)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def two_mode(self) -> bool:
        return self.mode in TWO_MODE

    def summary(self) -> str:
        parts = [f"{self.mode} network: {plural(len(self.nodes), 'node')}, {plural(len(self.edges), 'edge')} "
                 f"from {plural(self.claims_counted, 'claim')}"]
        if self.claims_left_out:
            parts.append(f"{plural(self.claims_left_out, 'claim')} left out (no speaker, or no "
                         f"{'category' if self.mode == 'actor-category' else 'issue'})")
        return "; ".join([*parts, *self.notes])


def build_network(statements: Iterable[Statement], mode: str = "actor-issue", *, stance: str = "all",
                  via: str = "issue", entities: Mapping[str, Entity] | None = None,
                  categories: Iterable[ClaimCategory] = ()) -> Network:
    """The network of `mode` over the statements whose stance passes `stance` ("all", or one
    stance). `entities` (id → entry) names the registry's nodes; `categories` the codebook's."""
    if mode not in MODES:
        raise ValueError(f"a network mode is one of {', '.join(MODES)}, not {mode!r}")
    if stance not in STANCE_FILTERS:
        raise ValueError(f"--stance is one of {', '.join(STANCE_FILTERS)}, not {stance!r}")
    if via not in VIA:
        raise ValueError(f"one-mode networks count shared issues or categories, not {via!r}")
    entities = entities or {}
    names = _Names(entities, {c.code: c for c in categories})
    by_category = mode == "actor-category" or (mode not in TWO_MODE and via == "category")
    frequency: dict[str, int] = {}
    pairs: dict[tuple[str, str], list[int]] = {}         # (actor, second node) → counts by stance
    counted = left_out = 0
    for statement in statements:
        if stance != "all" and statement.stance != stance:
            continue
        speakers = list(dict.fromkeys(names.node(ACTOR, m) for m in statement.speakers))
        if by_category:
            seconds = [names.category(statement.category)] if statement.category else []
        else:
            seconds = list(dict.fromkeys(names.node(ISSUE, m) for m in statement.issues))
        if not speakers or not seconds:
            left_out += 1
            continue
        counted += 1
        column = _STANCE_COLUMN[statement.stance]
        for node in speakers + seconds:
            frequency[node] = frequency.get(node, 0) + 1
        for speaker in speakers:
            for second in seconds:
                pairs.setdefault((speaker, second), [0, 0, 0, 0])[column] += 1
    if mode in TWO_MODE:
        used = frequency.keys()
        edges = [Edge(actor, second, sum(counts), tuple(counts)) for (actor, second), counts in pairs.items()]
    else:
        used = {actor for actor, _second in pairs}
        edges = _one_mode_edges(pairs, mode, names)
    nodes = sorted((names.make(node_id, frequency[node_id]) for node_id in used), key=_node_order)
    order = {node.id: n for n, node in enumerate(nodes)}
    edges.sort(key=lambda e: (order[e.source], order[e.target]))
    return Network(mode, nodes, edges, counted, left_out)


def _one_mode_edges(pairs: dict[tuple[str, str], list[int]], mode: str, names: _Names) -> list[Edge]:
    """DNA's congruence or conflict ties with a binary qualifier, over the presence of each
    actor's support and opposition on each issue (duplicates ignored): with S and O the
    actor × issue matrices of support and opposition, congruence is S·Sᵀ + O·Oᵀ and conflict
    S·Oᵀ + O·Sᵀ, off the diagonal. As matrix products: 600 actors who all share 60 issues
    are 10^7 pairs, a minute in Python loops and milliseconds here."""
    import numpy as np

    actors = sorted({actor for actor, _ in pairs}, key=names.order_key)
    seconds = sorted({second for _, second in pairs})
    row = {actor: n for n, actor in enumerate(actors)}
    column = {second: n for n, second in enumerate(seconds)}
    support = np.zeros((len(actors), len(seconds)), dtype=np.int32)
    oppose = np.zeros_like(support)
    for (actor, second), counts in pairs.items():
        support[row[actor], column[second]] = counts[0] > 0
        oppose[row[actor], column[second]] = counts[1] > 0
    if mode == "congruence":
        ties = support @ support.T + oppose @ oppose.T
    else:
        ties = support @ oppose.T + oppose @ support.T
    sources, targets = np.nonzero(np.triu(ties, 1))
    return [Edge(actors[a], actors[b], int(ties[a, b])) for a, b in zip(sources.tolist(), targets.tolist())]


class _Names:
    """Node ids and their names, kinds and registry details."""

    def __init__(self, entities: Mapping[str, Entity], categories: Mapping[str, ClaimCategory]) -> None:
        self._entities = entities
        self._categories = categories
        self._texts: dict[str, str] = {}      # node id of an unlinked span → its spelling (the least)
        self._seen: dict[tuple[str, str], str] = {}   # (kind, spelling) → node id

    def node(self, kind: str, mention: Mention) -> str:
        if mention.entity_id is not None:
            return mention.entity_id
        node_id = self._seen.get((kind, mention.text))
        if node_id is None:                   # fold_name (NFKC) once per spelling, not per claim
            node_id = self._seen[kind, mention.text] = f"{kind}:{fold_name(mention.text)}"
            known = self._texts.get(node_id)
            if known is None or mention.text < known:
                self._texts[node_id] = mention.text
        return node_id

    @staticmethod
    def category(code: str) -> str:
        return f"{CATEGORY}:{code}"

    def make(self, node_id: str, frequency: int) -> Node:
        entity = self._entities.get(node_id)
        if entity is not None:
            return Node(node_id, entity.name, entity.kind, frequency, entity.external_id, True)
        kind, _, rest = node_id.partition(":")
        if kind == CATEGORY:
            category = self._categories.get(rest)
            name = f"{rest} {category.name}" if category is not None and category.name else rest
            return Node(node_id, name, CATEGORY, frequency)
        return Node(node_id, self._texts[node_id], kind, frequency)

    def order_key(self, node_id: str) -> tuple[str, str]:
        entity = self._entities.get(node_id)
        return (fold_name(entity.name) if entity else node_id.partition(":")[2], node_id)


_KIND_ORDER = {ACTOR: 0, ISSUE: 1, CATEGORY: 2}


def _node_order(node: Node) -> tuple:
    return (_KIND_ORDER.get(node.kind, 3), fold_name(node.name), node.id)


# -- files ---------------------------------------------------------------------------------------

NETWORK_SUFFIXES = (".graphml", ".csv")


def write_network(path: str | Path, network: Network) -> None:
    """GraphML or CSV by `path`'s suffix, written atomically (`formats.atomic`)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".graphml":
        write_graphml(path, network)
    elif suffix == ".csv":
        write_csv(path, network)
    else:
        raise ValueError(f"a network is written as .graphml or .csv, not {suffix or 'a file without a suffix'}")


def csv_header(network: Network) -> list[str]:
    if network.two_mode:
        return ["source", "target", "weight", *STANCE_COLUMNS, "source_id", "target_id"]
    return ["source", "target", "weight", "source_id", "target_id"]


def write_csv(path: str | Path, network: Network) -> None:
    """An edge list, RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold
    a comma, a quote or a line break, and every character of a name as it is."""
    names = {node.id: node.name for node in network.nodes}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(csv_header(network))
    for edge in network.edges:
        stances = list(edge.stances or ()) if network.two_mode else []
        writer.writerow([names[edge.source], names[edge.target], edge.weight, *stances, edge.source, edge.target])
    with atomic_output(path) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))


# GraphML: XML 1.0 cannot carry these code points at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NODE_KEYS = (("name", "string"), ("kind", "string"), ("frequency", "int"), ("external_id", "string"),
              ("in_registry", "boolean"), ("bipartite", "int"))


def _xml(value: str) -> str:
    """Escaped for an attribute or element; CR, LF and tab as character references, so an XML
    parser gives them back rather than normalising them; code points XML cannot hold as U+FFFD."""
    value = _NOT_XML.sub("\ufffd", value)
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;"))


def write_graphml(path: str | Path, network: Network) -> None:
    """GraphML (undirected) that networkx, Gephi, visone and igraph read: node data name, kind,
    frequency, external_id, in_registry and bipartite (0 actors, 1 issues or categories);
    edge data weight, and for two-mode networks the claims by stance."""
    edge_keys = [("weight", "int")] + ([(s, "int") for s in STANCE_COLUMNS] if network.two_mode else [])
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
             'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    lines += [f'  <key id="{name}" for="node" attr.name="{name}" attr.type="{kind}"/>' for name, kind in _NODE_KEYS]
    lines += [f'  <key id="{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>' for name, kind in edge_keys]
    lines.append(f'  <graph id="{_xml(network.mode)}" edgedefault="undirected">')
    for node in network.nodes:
        values = (node.name, node.kind, str(node.frequency), node.external_id,
                  "true" if node.in_registry else "false", "0" if node.kind == ACTOR else "1")
        data = "".join(f'<data key="{key}">{_xml(value)}</data>' for (key, _), value in zip(_NODE_KEYS, values))
        lines.append(f'    <node id="{_xml(node.id)}">{data}</node>')
    for edge in network.edges:
        values = [edge.weight, *(edge.stances or ())] if network.two_mode else [edge.weight]
        data = "".join(f'<data key="{key}">{value}</data>' for (key, _), value in zip(edge_keys, values))
        lines.append(f'    <edge source="{_xml(edge.source)}" target="{_xml(edge.target)}">{data}</edge>')
    lines += ["  </graph>", "</graphml>", ""]
    with atomic_output(path) as handle:
        handle.write("\n".join(lines).encode("utf-8"))

"""How much suggestions help on the sample interview: the README's table.

    python docs/suggestions_on_sample.py      # needs spaCy (pip install 'annotator[nlp]')

It builds the demo project as `annotator` makes it (the sample interview with the example
analysts' layers, see transfer.build_demo_project) in a temporary folder, adds the small
registry an analyst of that interview would make (actors and issues with aliases) and one
pattern, makes suggestions (annotator.suggest) and compares them with the Actor and Issue spans
the example analysts tagged by hand: a suggestion with the same start, end and label as a span
of theirs is one they would have accepted; one that overlaps a span of theirs of the same label
differs in its boundaries; the rest they did not tag. It also says how many of their spans the
suggestions found.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.model import ACTOR, ISSUE, SuggestPattern
from annotator.resources import EXAMPLE_ANALYSTS
from annotator.store import Project
from annotator.suggest import SuggestOptions, suggest
from annotator.transfer import build_demo_project

REGISTRY = [
    (ACTOR, "Russia", ["Moscow", "Kremlin", "Russian side"]),
    (ACTOR, "Ukraine", ["Kyiv", "Ukrainian side"]),
    (ACTOR, "United States", ["U.S.", "USA", "Washington", "American side"]),
    (ACTOR, "Türkiye", ["Turkey", "Ankara"]),
    (ACTOR, "NATO", ["North Atlantic Alliance"]),
    (ACTOR, "Engin Ozer", ["Ozer"]),
    (ACTOR, "Vladimir Putin", ["Putin"]),
    (ACTOR, "Donald Trump", ["Trump"]),
    (ISSUE, "Ceasefire", ["ceasefire agreement", "short-term ceasefire"]),
    (ISSUE, "UN forces", ["international force", "UN peacekeepers"]),
    (ISSUE, "Border security", ["security of the border"]),
    (ISSUE, "Nuclear power", ["nuclear power infrastructure", "Zaporizhzhia Nuclear Power Plant"]),
]
PATTERNS = [SuggestPattern("Actor", "regex", r"\bthe (?:Turkish|Russian|American|Ukrainian) side\b")]
LABELS = ("Actor", "Issue")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, Project(build_demo_project(Path(tmp) / "demo.db")) as project:
        for kind, name, aliases in REGISTRY:
            project.add_entity(kind, name, aliases=aliases)
        project.set_suggest_patterns(PATTERNS)
        report = suggest(project, SuggestOptions())
        (document,) = project.documents()
        text = project.document(document.id).text
        analysts = [a.id for a in EXAMPLE_ANALYSTS]
        hand = {(s.start, s.end, s.label) for s in project.spans(document.id, analysts) if s.label in LABELS}
        suggested = project.suggestions(document.id, analysts[0], status=None)   # nobody decided any
    rows = []
    for source in sorted({s.source for s in suggested}) + ["all"]:
        mine = [s for s in suggested if source in ("all", s.source)]
        same = [s for s in mine if (s.start, s.end, s.label) in hand]
        near = [s for s in mine if s not in same and any(
            label == s.label and start < s.end and s.start < end for start, end, label in hand)]
        rows.append((source, len(mine), len(same), len(near), len(mine) - len(same) - len(near)))
    found = {(s.start, s.end, s.label) for s in suggested} & hand
    print(f"{report.summary()}\n")
    print("| source | suggested | would be accepted (= a hand-tagged span) | boundary differs | not tagged by hand |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print(f"\nThe example analysts tagged {len(hand)} distinct Actor and Issue spans; the suggestions found "
          f"{len(found)} of them exactly:")
    for start, end, label in sorted(found):
        print(f"  {label:5} {text[start:end]}")
    for start, end, label in sorted(hand - found):
        print(f"  missed: {label:5} {text[start:end]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

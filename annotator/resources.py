"""Where the shipped files live: the default codebook, the sample texts and the example
analysts' layers on them (the demo project is made of both; see `transfer.build_demo_project`).

In a source checkout they sit at the top of the repository (`resources/`, `seeds/`);
an installed package carries copies as `annotator/_resources` and `annotator/_seeds`
(see pyproject.toml), so both layouts are looked up.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.model import Annotator, Label

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def resources_dir() -> Path:
    return _first_existing(_PACKAGE / "_resources", _PACKAGE.parent / "resources")


def seeds_dir() -> Path:
    return _first_existing(_PACKAGE / "_seeds", _PACKAGE.parent / "seeds")


def default_labels() -> list[Label]:
    """The default codebook: Claim, Actor, Issue with colors and hotkeys 1–3."""
    data = json.loads((resources_dir() / "codebook.json").read_text(encoding="utf-8"))
    return [
        Label(name=item["name"], color=item["color"], hotkey=item.get("hotkey", ""),
              description=item.get("description", ""))
        for item in data["labels"]
    ]


# The two example analysts whose layers ship with the sample interview: fixed ids, so that
# every demo project (and a merge of two of them) knows them as the same two people.
EXAMPLE_ANALYSTS = (Annotator(id="example-analyst-a", name="Example A"),
                    Annotator(id="example-analyst-b", name="Example B"))


def seed_texts() -> list[Path]:
    """The sample texts (.txt, .md), sorted: the first is the sample interview."""
    return sorted(p for p in seeds_dir().iterdir() if p.suffix in (".txt", ".md"))


def seed_layers() -> list[Path]:
    """JSONL files with the example analysts' spans on the sample texts (same ids, same text)."""
    return sorted(p for p in seeds_dir().iterdir() if p.suffix == ".jsonl")


def label_palette() -> list[str]:
    """Colors offered to new labels, distinct from the defaults and readable on light and dark pages."""
    data = json.loads((resources_dir() / "codebook.json").read_text(encoding="utf-8"))
    return list(data.get("palette", [])) or ["#888888"]

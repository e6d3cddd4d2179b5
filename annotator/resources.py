"""Where the shipped files live: the default codebook and the sample texts.

In a source checkout they sit at the top of the repository (`resources/`, `seeds/`);
an installed package carries copies as `annotator/_resources` and `annotator/_seeds`
(see pyproject.toml), so both layouts are looked up.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.model import Label

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


def seed_texts() -> list[Path]:
    return sorted(p for p in seeds_dir().iterdir() if p.suffix in (".txt", ".md", ".jsonl"))


def label_palette() -> list[str]:
    """Colors offered to new labels, distinct from the defaults and readable on light and dark pages."""
    data = json.loads((resources_dir() / "codebook.json").read_text(encoding="utf-8"))
    return list(data.get("palette", [])) or ["#888888"]

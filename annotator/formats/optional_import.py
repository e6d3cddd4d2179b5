"""Libraries a format needs that `pip install .` does not bring (an extra such as `annotator[nlp]`).

They are imported when the format is used, never at `import annotator.formats` (the window's
cold start is benchmarked), and a missing one is one line that names the file and the pip
command, not an ImportError's traceback.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from annotator.errors import AnnotatorError


def import_extra(module: str, extra: str, path: str | Path, purpose: str) -> ModuleType:
    """`module` imported, or an `AnnotatorError` such as
    "out.spacy: pip install 'annotator[nlp]' to write spaCy DocBin files (no module named 'spacy')"."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise AnnotatorError(f"{path}: pip install 'annotator[{extra}]' to {purpose} "
                             f"(no module named {exc.name or module!r})") from None

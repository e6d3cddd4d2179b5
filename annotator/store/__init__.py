"""The project file: one SQLite database, and the only package that speaks SQL.

`Project` is the whole API: opening and migrating (`project.py`), bulk transfer and
merging (`bulk.py`), the codebook (`labels.py`), review data (`review.py`).
"""

from __future__ import annotations

from annotator.model import Record
from annotator.store.bulk import BulkOps, ImportReport
from annotator.store.labels import LabelOps
from annotator.store.project import ProjectBase, now
from annotator.store.review import ReviewOps
from annotator.store.schema import SCHEMA_VERSION


class Project(ReviewOps, BulkOps, LabelOps, ProjectBase):
    """An open project file. One instance owns one connection; use it from one thread."""


__all__ = ["Project", "Record", "ImportReport", "SCHEMA_VERSION", "now"]

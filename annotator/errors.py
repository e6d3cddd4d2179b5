"""The few exceptions of our own: each carries what a person needs to act on it."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base of every error Annotator reports to a person (CLI: one line, exit 2; window: a dialog)."""


class BadInput(AnnotatorError):
    """Input that cannot be taken as it is; names the file and the 1-based line where it went wrong."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class ProjectError(AnnotatorError):
    """The project file cannot be opened or written (not SQLite, newer schema, read-only …)."""


class ProjectBusy(ProjectError):
    """Another process holds the project's write lock for longer than we are willing to wait."""


class DocumentConflict(AnnotatorError):
    """A document arrives under an id that the project already holds with a different text."""


class BadFiles(AnnotatorError):
    """Several files of one import are bad: each is named with its line and reason, and
    (the import being all or nothing) none of the batch was imported."""

    def __init__(self, problems: list[AnnotatorError], total: int) -> None:
        self.problems = problems
        self.headline = (f"{len(problems)} of {total} files could not be imported, so none was "
                         "(the project is unchanged):")
        super().__init__("\n".join([self.headline, *(f"  {problem}" for problem in problems)]))


class Cancelled(AnnotatorError):
    """Long work the person stopped (a progress callback said no, see `annotator.progress`).
    Raised inside the work's transaction, so what it had written is rolled back."""

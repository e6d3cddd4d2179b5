"""Undoable decisions on suggestions, the analyst's own: accepting copies them into the
analyst's layer, rejecting remembers them as rejected by that analyst (so no later run
suggests that place to them again; other analysts still see it). Either works on one
suggestion or on all of a document's at once, as one step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from annotator.ui.commands import StoreCommand
from annotator.wording import plural

if TYPE_CHECKING:
    from annotator.model import Suggestion
    from annotator.ui.session import ProjectSession


def _what(suggestions: Sequence[Suggestion], text: str) -> str:
    if len(suggestions) == 1:
        suggestion = suggestions[0]
        return f"{suggestion.label} “{text[suggestion.start:suggestion.end][:40]}”"
    return plural(len(suggestions), "suggestion")


class AcceptSuggestionsCommand(StoreCommand):
    """Undo deletes exactly the spans the accept made and makes the suggestions pending again."""

    def __init__(self, session: ProjectSession, suggestions: Sequence[Suggestion], text: str) -> None:
        super().__init__(session, f"Accept {_what(suggestions, text)}")
        self._document_id = suggestions[0].document_id
        self._ids = [s.id for s in suggestions]
        self.span_ids: list[int] = []

    def apply(self) -> None:
        self.span_ids = self._session.accept_suggestions(self._document_id, self._ids)

    def revert(self) -> None:
        self._session.unaccept_suggestions(self._document_id, self._ids, self.span_ids)


class RejectSuggestionsCommand(StoreCommand):
    def __init__(self, session: ProjectSession, suggestions: Sequence[Suggestion], text: str) -> None:
        super().__init__(session, f"Reject {_what(suggestions, text)}")
        self._document_id = suggestions[0].document_id
        self._ids = [s.id for s in suggestions]

    def apply(self) -> None:
        self._session.reject_suggestions(self._document_id, self._ids)

    def revert(self) -> None:
        self._session.unreject_suggestions(self._document_id, self._ids)

"""Counts in messages read as English: one document, two documents."""

from __future__ import annotations

import pytest

from annotator.store import ImportReport
from annotator.wording import plural


@pytest.mark.parametrize("count, expected", [(0, "0 documents"), (1, "1 document"), (2, "2 documents"),
                                             (12040, "12,040 documents")])
def test_a_count_takes_the_noun_in_its_number(count: int, expected: str) -> None:
    assert plural(count, "document") == expected


def test_an_irregular_plural_is_given() -> None:
    assert (plural(1, "analysis", "analyses"), plural(3, "analysis", "analyses")) == ("1 analysis", "3 analyses")


def test_an_import_of_one_document_and_one_span_says_so_in_the_singular() -> None:
    report = ImportReport(documents_added=1, documents_matched=1, spans_added=1, spans_present=0,
                          conflicts=["d"])
    assert report.summary() == ("1 document added, 1 already present; 1 span added, 0 already present; "
                                "1 document NOT merged (different text under the same id)")

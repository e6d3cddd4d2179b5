"""Unlinked mentions of registry names and aliases: whole words, any case, any white space."""

from __future__ import annotations

from annotator.mentions import find_mentions
from annotator.model import ACTOR, ISSUE, Entity

RUSSIA = Entity("r", ACTOR, "Russia", aliases=("the Kremlin", "Росія"))
FED = Entity("f", ACTOR, "Russian Federation")
ZELENSKY = Entity("z", ACTOR, "Зеленський", aliases=("Zelensky",))
CEASEFIRE = Entity("c", ISSUE, "ceasefire")


def spans(text: str, mentions) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.name) for m in mentions]


def test_names_and_aliases_are_found_as_whole_words_in_any_case():
    text = "THE KREMLIN said Russians back Russia; a ceasefire, not ceasefires."
    found = find_mentions(text, [RUSSIA, CEASEFIRE])
    assert spans(text, found) == [("THE KREMLIN", "Russia"), ("Russia", "Russia"), ("ceasefire", "ceasefire")]


def test_the_longest_name_wins_and_line_breaks_count_as_spaces():
    text = "The Russian\r\nFederation and Russia 🇷🇺."
    assert spans(text, find_mentions(text, [RUSSIA, FED])) == [
        ("Russian\r\nFederation", "Russian Federation"), ("Russia", "Russia")]


def test_offsets_are_code_points_after_emoji_and_combining_marks():
    text = "👩‍👩‍👧 Росія e\u0301 ЗЕЛЕНСЬКИЙ"
    found = find_mentions(text, [RUSSIA, ZELENSKY])
    assert [(m.start, m.end) for m in found] == [(6, 11), (15, 25)]
    assert spans(text, found) == [("Росія", "Russia"), ("ЗЕЛЕНСЬКИЙ", "Зеленський")]


def test_a_mention_where_a_span_already_stands_is_left_out():
    text = "Russia and Russia"
    assert [(m.start, m.end) for m in find_mentions(text, [RUSSIA], taken=[(0, 6)])] == [(11, 17)]

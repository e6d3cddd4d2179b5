"""The find bar's matching: exact code points in hard Unicode, case and whole-word options."""

from __future__ import annotations

from annotator.text_find import find_all

TEXT = "\ufeffİSTANBUL and istanbul; José and Jose\u0301; STRAẞE/straße/STRASSE; 👩‍👩‍👧 and 👩\r\n" \
       "روسيا Russia's Russia\u2028short-term"


def found(needle: str, **options) -> list[str]:
    return [TEXT[start:end] for start, end in find_all(TEXT, needle, **options)]


def test_case_is_ignored_unless_asked_for():
    assert found("istanbul") == ["İSTANBUL", "istanbul"]
    assert found("istanbul", match_case=True) == ["istanbul"]


def test_sharp_s_folds_to_capital_sharp_s_not_to_ss():
    assert found("straße") == ["STRAẞE", "straße"]


def test_a_hit_never_ends_inside_a_cluster():
    assert found("jose") == []      # "Jose" + U+0301 is José with a combining accent
    assert found("José") == ["José"]
    assert found("👩") == ["👩"]     # the lone woman, not the first of the family


def test_whole_words_follow_our_word_definition():
    assert found("russia") == ["Russia", "Russia"]
    assert found("russia", whole_words=True) == ["Russia"]
    assert found("short", whole_words=True) == []
    assert found("short-term", whole_words=True) == ["short-term"]


def test_right_to_left_text_is_found_at_its_code_points():
    start, end = find_all(TEXT, "روسيا")[0]
    assert TEXT[start:end] == "روسيا" and TEXT[end] == " "

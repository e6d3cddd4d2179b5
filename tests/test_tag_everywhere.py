"""Tag everywhere's rule: which stretches are the same words (whole words, case ignored unless
asked, never inside a grapheme cluster) and which of them get a new span, in hard Unicode."""

from __future__ import annotations

from annotator.tag_everywhere import occurrences, phrase_query, plan_tag_all

TEXT = ("\ufeffRussia said: RUSSIA, russia's allies and Russian gas. روسيا Russia\r\n"
        "Russia\u2028👩‍👩‍👧 Russia👍🏽 Russia\u0301 José Jose\u0301 short-term short")


def found(words: str, **options) -> list[str]:
    return [TEXT[start:end] for start, end in occurrences(TEXT, words, **options)]


def test_whole_words_are_found_whatever_their_case():
    hits = occurrences(TEXT, "russia")
    assert [TEXT[start:end] for start, end in hits] == ["Russia", "RUSSIA", "Russia", "Russia", "Russia"]
    assert [TEXT[end] for _, end in hits] == [" ", ",", "\r", "\u2028", "👍"]


def test_match_case_keeps_only_the_exact_spelling():
    assert found("RUSSIA", match_case=True) == ["RUSSIA"]


def test_an_occurrence_never_cuts_a_word_or_a_cluster():
    assert "Russia\u0301" not in found("Russia")          # a combining mark belongs to the word
    assert found("José") == ["José"]                      # composed é is not e + U+0301
    assert found("Jose\u0301") == ["Jose\u0301"]
    assert found("short") == ["short"]                    # not inside "short-term"


def test_offsets_are_code_points_after_emoji_crlf_and_right_to_left_text():
    start, end = occurrences(TEXT, "👩‍👩‍👧")[0]
    assert TEXT[start:end] == "👩‍👩‍👧" and TEXT[start - 1] == "\u2028"
    start, end = occurrences(TEXT, "روسيا")[0]
    assert TEXT[start:end] == "روسيا"


def test_an_occurrence_already_tagged_or_overlapped_is_skipped():
    text = "Russia and Russia's Foreign Ministry met Russia."
    taken = {7: [(0, 6), (11, 36)]}
    plan = plan_tag_all("Russia", "Actor", [(7, text)], taken)
    assert [text[s:e] for _, s, e in plan.new] == ["Russia"] and plan.new[0][1] == 41
    assert (plan.already, plan.overlapping, plan.documents) == (1, 0, 1)
    plan = plan_tag_all("Foreign", "Actor", [(7, text)], taken)
    assert (plan.new, plan.overlapping) == ([], 1)


def test_the_plan_counts_documents_with_new_spans():
    plan = plan_tag_all("gas", "Issue", [(1, "gas and gas"), (2, "no"), (3, "Gas")], {})
    assert plan.new == [(1, 0, 3), (1, 8, 11), (3, 0, 3)]
    assert (plan.documents, plan.documents_read) == (2, 3)


def test_words_the_index_cannot_express_have_no_phrase():
    assert phrase_query("👩‍👩‍👧") is None and phrase_query("—") is None
    assert phrase_query('the "Z" party') == 'text : "the ""Z"" party"'


def test_a_name_broken_across_lines_is_the_same_words():
    text = "Engin Ozer said so. Engin\r\nOzer agreed; Engin\u2028Ozer, Engin\u00a0 Ozer and EnginOzer did not."
    hits = [text[start:end] for start, end in occurrences(text, "Engin Ozer")]
    assert hits == ["Engin Ozer", "Engin\r\nOzer", "Engin\u2028Ozer", "Engin\u00a0 Ozer"]
    assert occurrences(text, "  ") == []

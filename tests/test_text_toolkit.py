"""The shared text toolkit: tokenisers, stemmers and stop lists, one variant per stage."""

from __future__ import annotations

from storyline.text import stems, stopwords, tokens


def test_each_tokeniser_keeps_what_its_stage_compares() -> None:
    text = "Syria's army didn't retake Palmyra’s 2,000-year-old ruins (about 40%)."
    assert tokens.WORDS_AND_NUMBERS.findall(text)[:4] == ["Syria's", "army", "didn't", "retake"]
    assert "40%" in tokens.COUNT_TOKENS.findall(text)
    assert tokens.LETTERS.findall("didn't")[:2] == ["didn", "t"]
    assert tokens.ascii_words(text)[:3] == ["syria", "army", "didn't"]
    assert tokens.stance_tokens(text)[:4] == ["syria", "army", "did", "n't"]
    assert tokens.folded_words("Ｐalmyra FELL") == ["palmyra", "fell"]


def test_the_stemmers_differ_where_their_docstring_says() -> None:
    assert stems.light_stem("seized") == stems.light_stem("seizes") == "seiz"
    assert stems.inflection_stem("rose") == stems.inflection_stem("rise")
    assert stems.light_stem("rose") != stems.light_stem("rise")
    assert stems.crude_stem("withdrawal") == stems.crude_stem("withdrawing") == "withdraw"
    assert stems.singular("Troops") == "troop"


def test_stop_lists_are_apart_and_the_spacy_ones_extend_spacy() -> None:
    base = stopwords.spacy_english()
    assert base < stopwords.summary() and base < stopwords.stories()
    assert "said" in stopwords.summary() and "monday" not in stopwords.summary()
    assert "monday" in stopwords.stories() and "monday" in stopwords.TIMELINE
    assert "morning" in stopwords.DATES and "morning" not in stopwords.TIMELINE
    assert "said" in stopwords.STANCE and "monday" not in stopwords.STANCE

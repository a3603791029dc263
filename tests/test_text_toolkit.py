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


def test_a_memo_keeps_the_most_recently_used_entries() -> None:
    from storyline.text.memo import Memo

    memo: Memo[str, int] = Memo(2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # "a" is now the most recent
    memo.put("c", 3)
    assert "b" not in memo and memo.get("a") == 1 and memo.get("c") == 3
    assert len(memo) == 2 and memo.get("zzz") is None


def test_what_is_derived_from_a_document_lives_as_long_as_it() -> None:
    import gc

    import spacy

    from storyline.text import docs

    nlp = spacy.blank("en")
    doc = nlp("Mamoun Abdulkarim told Reuters the statues were moved.")
    calls: list[int] = []

    def count(d: object) -> tuple[int, ...]:
        calls.append(1)
        return (len(d),)  # type: ignore[arg-type]

    assert docs.per_doc(doc, "test.count", count) == docs.per_doc(doc, "test.count", count)
    assert docs.doc_text(doc) is docs.doc_text(doc) and len(calls) == 1
    before = len(docs._DERIVED)
    del doc
    gc.collect()
    assert len(docs._DERIVED) == before - 1  # nothing kept the document alive

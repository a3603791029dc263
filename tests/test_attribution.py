"""Attribution spans on small hand-written texts (public API: storyline.attributions)."""

from __future__ import annotations

import pytest

from storyline.claims.ledger import attributions
from storyline.claims.quotes import quote_regions


def _parts(text: str) -> list[tuple[str | None, str | None, str | None]]:
    def cut(span: tuple[int, int] | None) -> str | None:
        return text[span[0] : span[1]] if span is not None else None

    return [(cut(a.source), cut(a.cue), cut(a.content)) for a in attributions(text)]


def test_reported_speech_with_that_clause() -> None:
    text = "The mayor told reporters that the bridge would reopen on Monday."
    assert ("The mayor", "told", "that the bridge would reopen on Monday") in _parts(text)


def test_direct_quote_before_the_cue() -> None:
    text = "“The water is rising fast,” the engineer said."
    assert _parts(text) == [("the engineer", "said", "“The water is rising fast,”")]


def test_split_quote_is_one_statement_spanning_both_pieces() -> None:
    text = "“We waited for hours,” she said. “Nobody came to help us.”"
    parts = _parts(text)
    assert len(parts) == 1
    source, cue, content = parts[0]
    assert (source, cue) == ("she", "said")
    assert content is not None
    assert content.startswith("“We waited") and content.endswith("help us.”")


def test_according_to_leaves_the_rest_of_the_sentence_as_content() -> None:
    text = "According to the health ministry, 40 people were injured in the blast."
    assert _parts(text) == [
        ("the health ministry", "According to", "40 people were injured in the blast")
    ]


def test_trailing_according_to() -> None:
    text = "The convoy turned back at the border, according to a statement released online."
    source, cue, content = _parts(text)[0]
    assert source == "a statement released online"
    assert cue == "according to"
    assert content == "The convoy turned back at the border"


def test_parenthetical_cue_in_the_middle() -> None:
    text = "This election, he says, is different."
    source, cue, content = _parts(text)[0]
    assert (source, cue) == ("he", "says")
    assert content is not None and "This election" in content and "is different" in content


def test_nominal_cue_with_possessive_source() -> None:
    text = "The footage contradicted the army's claim that the village had been evacuated."
    assert ("the army", "claim", "that the village had been evacuated") in _parts(text)


def test_reporting_participle_inherits_the_subject() -> None:
    text = "Residents gave a different account, reporting that the soldiers had fled."
    assert ("Residents", "reporting", "that the soldiers had fled") in _parts(text)


def test_colon_quote() -> None:
    text = 'Smith: "We will not give up the fight for this town."'
    source, cue, content = _parts(text)[0]
    assert (source, cue) == ("Smith", ":")
    assert content == '"We will not give up the fight for this town."'


def test_narration_without_attribution_gives_nothing() -> None:
    assert _parts("The river flooded the lower town overnight.") == []
    assert attributions("   ") == []


def test_cue_inside_a_quote_is_not_a_second_statement() -> None:
    text = "“They told us the road was safe,” the driver said."
    parts = _parts(text)
    assert len(parts) == 1
    assert parts[0][0] == "the driver"


def test_two_apostrophe_quotes_are_quotations() -> None:
    text = "''This isn't tax reform,'' said the economist. ''It's anti-reform.''"
    parts = _parts(text)
    assert len(parts) == 1
    source, cue, content = parts[0]
    assert (source, cue) == ("the economist", "said")
    assert content is not None and content.startswith("''This") and content.endswith("reform.''")


def test_that_clause_followed_by_a_comma_is_not_an_aside() -> None:
    # the clause reported by "said" has a cue verb of its own and a comma
    # after it; it must not swallow "Carter said" as its content
    text = (
        "Carter said that for decades some critics had been predicting an impending "
        "U.S. withdrawal from the region, but this would not happen."
    )
    parts = _parts(text)
    assert any(p[:2] == ("Carter", "said") for p in parts), parts


def test_gerund_clause_after_said_is_the_content() -> None:
    text = "He said legalizing it could put thousands of people to work upstate."
    assert _parts(text) == [
        ("He", "said", "legalizing it could put thousands of people to work upstate")
    ]


def test_a_poll_leading_its_clause_is_the_source() -> None:
    text = "In a CNN poll released Monday, 50 percent of respondents chose Clinton."
    assert (
        "a CNN poll released Monday",
        "In",
        "50 percent of respondents chose Clinton",
    ) in _parts(text)
    assert _parts("Trump has kept his lead in the polls since June.") == []


def test_hoping_is_a_cue_despite_its_lemma() -> None:
    text = "The mayor is hoping that the bridge will reopen by Monday."
    assert ("The mayor", "is hoping", "that the bridge will reopen by Monday") in _parts(text)


def test_speaker_after_an_inverted_cue() -> None:
    text = "“Look, she needed to split the first two primaries,” added a South Carolina Democrat."
    assert _parts(text) == [
        (
            "a South Carolina Democrat",
            "added",
            "“Look, she needed to split the first two primaries,”",
        )
    ]


def test_participle_after_a_preposition_inherits_the_subject() -> None:
    text = "The audience followed him by softly echoing that it was too many."
    assert ("The audience", "echoing", "that it was too many") in _parts(text)


def test_source_that_opens_a_quoted_title_closes_it() -> None:
    text = "Joe Scarborough, host of MSNBC’s “Morning Joe,” said that the debate was over."
    parts = _parts(text)
    assert parts and parts[0][0] == "Joe Scarborough, host of MSNBC’s “Morning Joe,”", parts


def test_the_subject_nearest_the_cue_speaks() -> None:
    # a parse that hangs a subject from inside the quotation on the cue as
    # well ('"..., but they [award] only 4 percent," Mook said') gives the
    # verb two subjects; a Doc built by hand pins that parse
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from storyline.claims.verbs import _subject

    words = ["they", "award", "little", ",", "Mook", "said", "."]
    doc = Doc(
        Vocab(),
        words=words,
        heads=[5, 5, 1, 5, 5, 5, 5],
        deps=["nsubj", "ccomp", "dobj", "punct", "nsubj", "ROOT", "punct"],
    )
    subject, passive = _subject(doc[5])
    assert subject.text == "Mook" and not passive


def test_a_statement_speaks_for_its_maker() -> None:
    text = "Trump and Ryan issued a statement describing their meeting as a positive step."
    parts = _parts(text)
    assert any(p[:2] == ("Trump and Ryan", "describing") for p in parts), parts


def test_coordinated_subjects_are_one_source() -> None:
    text = (
        "Kurdish forces pressed an attack that has killed at least 170 members of the "
        "group this week, a Kurdish official and the Observatory said."
    )
    parts = _parts(text)
    assert any(p[:2] == ("a Kurdish official and the Observatory", "said") for p in parts), parts


def test_source_span_leaves_out_datelines_and_focus_adverbs() -> None:
    # the parser takes the dateline's city for the subject, the speaker for
    # its apposition
    text = "ORLANDO, Fla. (Reuters) - President Barack Obama said the attack was terror."
    assert _parts(text)[0][:2] == ("President Barack Obama", "said")
    text = "New York (AFP) – Vice President Joe Biden said the plan would fail."
    assert _parts(text)[0][:2] == ("Vice President Joe Biden", "said")
    text = "Even Republicans said the plan would fail."
    assert _parts(text)[0][:2] == ("Republicans", "said")


def test_stance_verbs_are_cues() -> None:
    text = "Rubio's rivals see an opening in New Hampshire."
    assert ("Rubio's rivals", "see", "an opening in New Hampshire") in _parts(text)


def test_verbs_that_are_not_statements() -> None:
    assert _parts("The governor found a job for his nephew in the capital.") == []
    assert _parts("The senator appeared on Fox News on Sunday.") == []


def test_an_impression_has_no_source_and_holds_its_cue() -> None:
    # PolNeAR marks "X seems to ..." as a sourceless attribution of the clause
    text = "The plan seems to work better than the old one."
    assert _parts(text) == [(None, "seems", "The plan seems to work better than the old one")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “hello there” and left.", ["“hello there”"]),
        ('She said "no way out" twice.', ['"no way out"']),
        ("One “word” only.", []),  # scare quotes are not statements
        ("“Absolutely,” he said.", ["“Absolutely,”"]),  # a spoken word ends inside
        ("“Open at the end\n\nNext paragraph.", ["“Open at the end"]),
        # newspaper archives write a double quote as two apostrophes
        (
            "''It is not reform,'' he said. ''It's worse.''",
            ["''It is not reform,''", "''It's worse.''"],
        ),
        ("He called it ``a huge boon for lawyers'' on Friday.", ["``a huge boon for lawyers''"]),
        # typed copy mixes curly and straight marks; position decides
        (
            '“Our roads are crumbling," she said. "We need help.”',
            ['“Our roads are crumbling,"', '"We need help.”'],
        ),
        (
            "“It could create real problems here,“ said the congressman.",
            ["“It could create real problems here,“"],
        ),
    ],
)
def test_quote_regions(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in quote_regions(text)] == expected


def test_a_quote_opening_the_next_paragraph_is_not_the_cues_content() -> None:
    text = (
        "Donald Trump also criticized Clinton during a rally Friday in Hartford, Conn.\n\n"
        "“Hillary Clinton is a joke,” he said."
    )
    parts = _parts(text)
    assert ("Donald Trump", "also criticized", "Clinton") in parts
    assert ("he", "said", "“Hillary Clinton is a joke,”") in parts


def test_a_colon_still_introduces_a_quote_across_a_paragraph_break() -> None:
    text = "The senator wrote on Saturday:\n\n“We will not back down.”"
    assert ("The senator", "wrote", "“We will not back down.”") in _parts(text)


def test_a_passive_cue_states_its_subject() -> None:
    text = "The walkout is considered one of the largest in company history."
    parts = _parts(text)
    assert len(parts) == 1
    _source, cue, content = parts[0]
    assert cue == "is considered"
    assert content == "The walkout is considered one of the largest in company history"


def test_a_cue_complement_is_not_an_aside_before_its_cue() -> None:
    text = "He may add to his senior leadership or change people's roles, he said."
    assert ("he", "said", "He may add to his senior leadership or change people's roles") in (
        _parts(text)
    )


def test_an_as_aside_attributes_its_clause() -> None:
    text = "As the newspaper noted, Clinton raised more than $1 million from the industry."
    parts = _parts(text)
    assert ("the newspaper", "noted", "Clinton raised more than $1 million from the industry") in (
        parts
    )
    assert _parts("As Obama spoke in the East Room, protesters gathered outside.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The mayor agreed to lend the town $5 million.", True),  # an inflected cue verb
        ("Officials knew about the leak for weeks.", True),  # an irregular one
        ("In a CNN poll, 50 percent chose Clinton.", True),  # a finding
        ("“We are ready.”", True),  # a quotation mark
        ("Omran: the search goes on.", True),  # a colon
        ("The plan seems to work.", True),  # an impression
        ("The bridge reopened on Monday after repairs.", False),
    ],
)
def test_may_attribute(sentence: str, expected: bool) -> None:
    from storyline.claims.verbs import may_attribute

    assert may_attribute(sentence) is expected


def test_a_to_cue_states_the_object_of_to() -> None:
    parts = _parts("The senator pointed to the budget deficit as the main obstacle.")
    assert ("The senator", "pointed to", "the budget deficit as the main obstacle") in parts


def test_a_participle_with_its_own_preposition_leaves_the_quote() -> None:
    parts = _parts("“It is a disgrace,” Trump said, referring to the trade deal.")
    assert ("Trump", "said", "“It is a disgrace,”") in parts
    assert next(p for p in parts if p[1] == "referring to")[2] == "the trade deal"


def test_whom_a_cue_is_about_is_not_what_is_said() -> None:
    text = "Senator Smith accused Republicans of placing the gun lobby ahead of children."
    assert ("Senator Smith", "accused", "placing the gun lobby ahead of children") in _parts(text)


def test_an_attitude_adjective_attributes_its_complement() -> None:
    text = "Party leaders are worried about the cost of the new plan."
    assert ("Party leaders", "are worried about", "the cost of the new plan") in _parts(text)


def test_a_noun_of_intention_attributes_its_infinitive() -> None:
    text = "The mayor's plan to close the bridge is unpopular."
    assert ("The mayor", "plan", "to close the bridge") in _parts(text)

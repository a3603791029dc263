"""The claims ledger: seed-report checks of issue 7 and small hand-written cases."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.analysis.nlp import analyze, text_article
from storyline.claims.hedging import caveats_in, hedges_in
from storyline.claims.ledger import ClaimResult, analysis_nlp, extract_claims
from storyline.claims.sources import source_type
from storyline.records import AnalyzedArticle, Article, Claim, ClaimGroup, Mention, RawDocument

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _analyze(articles: list[Article]) -> list[AnalyzedArticle]:
    return analyze(articles, nlp=analysis_nlp())


def _ledger(*texts: str) -> ClaimResult:
    articles = [text_article(t, i) for i, t in enumerate(texts)]
    return extract_claims(_analyze(articles))


def _group_of(result: ClaimResult, claim: Claim) -> ClaimGroup:
    return next(g for g in result.groups if claim.id in g.claim_ids)


def _claim(result: ClaimResult, needle: str) -> Claim:
    found = [c for c in result.claims if needle in c.content]
    assert found, f"no claim contains {needle!r}: {[c.content for c in result.claims]}"
    return found[0]


# ---------------------------------------------------------------- seed reports


@pytest.fixture(scope="module")
def seed_ledger() -> ClaimResult:
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent: these tests read the shared seed reports")
    from storyline import ingest

    articles: list[Article] = []
    for item in ingest.iter_sources([str(SEEDS)]):
        if isinstance(item, RawDocument):
            articles.extend(ingest.parse(item))
    assert len(articles) >= 6  # 001 is a digest of two reports
    return extract_claims(_analyze(articles))


def test_statues_moved_is_one_group_with_two_agencies(seed_ledger: ClaimResult) -> None:
    result = seed_ledger
    afp = next(c for c in result.claims if c.via == "AFP" and "statues" in c.content)
    reuters = next(c for c in result.claims if c.via == "Reuters" and "statues" in c.content)
    assert afp.group_id == reuters.group_id
    group = _group_of(result, afp)
    assert group.independent_sources == 2
    assert group.status == "corroborated"
    assert afp.speaker_type == reuters.speaker_type == "official"


def test_evacuation_claims_and_residents_accounts_conflict(seed_ledger: ClaimResult) -> None:
    result = seed_ledger
    state = [
        c
        for c in result.claims
        if c.speaker_type == "state_media" and "evacuat" in c.content.lower()
    ]
    assert state, "state media's evacuation claims were not found"
    residents = [
        c
        for c in result.claims
        if c.speaker_type == "witness"
        and ("unable to evacuate" in c.content or "still there" in c.content)
    ]
    assert residents, "residents' accounts were not found"
    state_groups = {_group_of(result, c).id for c in state}
    for c in residents:
        group = _group_of(result, c)
        assert group.status == "contested"
        assert set(group.conflicts_with) & state_groups
    by_id = {g.id: g for g in result.groups}
    for gid in state_groups:
        group = by_id[gid]
        assert group.status == "contested"
        for other in group.conflicts_with:  # linked both ways
            assert gid in by_id[other].conflicts_with


def test_lebanese_prisoners_report_is_unconfirmed(seed_ledger: ClaimResult) -> None:
    result = seed_ledger
    mtv = _claim(result, "27 Lebanese citizens had been freed")
    assert mtv.speaker is not None and "MTV" in mtv.speaker
    assert mtv.speaker_type == "outlet"
    assert mtv.hedged and "could not be confirmed" in mtv.hedges
    assert "27 citizen" in mtv.numbers
    assert _group_of(result, mtv).status == "unconfirmed"


def test_maybe_a_thousand_men_is_omran_single_source(seed_ledger: ClaimResult) -> None:
    result = seed_ledger
    claim = _claim(result, "Maybe 1,000 men")
    assert claim.speaker == "Khaled Omran"
    assert claim.speaker_type == "activist"
    assert claim.numbers == ("900-1100 man",)
    assert _group_of(result, claim).status == "single_source"


def test_claim_spans_point_into_the_article(seed_ledger: ClaimResult) -> None:
    result = seed_ledger
    assert result.claims, "the seed ledger is empty: nothing to check"
    for c in result.claims:
        assert c.id.startswith("c-" + c.sentence_id)
        assert c.sentence_id.startswith(c.article_id + "/s")
        assert c.group_id is not None
    ids = [c.id for c in result.claims]
    assert len(ids) == len(set(ids))
    grouped = [cid for g in result.groups for cid in g.claim_ids]
    assert sorted(grouped) == sorted(ids)


# ---------------------------------------------------------------- small texts


def test_pronoun_speaker_resolves_to_the_named_speaker() -> None:
    result = _ledger(
        "Ahmed Saleh, a local activist, said the market was shelled. "
        "“Nobody is left in the old town,” he said."
    )
    claim = _claim(result, "Nobody is left")
    assert claim.speaker == "Ahmed Saleh"
    assert claim.speaker_type == "activist"


def test_caveat_in_the_next_sentence_marks_the_claim_unconfirmed() -> None:
    result = _ledger(
        "The local radio station reported that 12 prisoners had escaped. "
        "The report could not be independently verified."
    )
    claim = _claim(result, "12 prisoners had escaped")
    assert claim.hedged
    assert "could not be confirmed" in claim.hedges
    assert _group_of(result, claim).status == "unconfirmed"


def test_a_caveat_about_other_reports_does_not_reach_back() -> None:
    result = _ledger(
        "The governor said the road was open. Other reports from the area were hard to confirm."
    )
    claim = _claim(result, "the road was open")
    assert not claim.hedged


def test_reportedly_makes_an_unattributed_sentence_a_claim() -> None:
    result = _ledger("The rebels reportedly seized the airport on Friday.")
    claim = _claim(result, "seized the airport")
    assert claim.speaker is None and claim.cue == "reportedly" and claim.hedged


def test_same_agency_counts_once_and_different_agencies_twice() -> None:
    a = "The minister told AFP that 300 families had been moved to the camp."
    b = "The minister told AFP that 300 families were moved to the camp."
    c = "The minister told Reuters that 300 families had been moved to the camp."
    articles = [
        text_article(a, 0, outlet="Outlet One"),
        text_article(b, 1, outlet="Outlet Two"),
    ]
    result = extract_claims(_analyze(articles))
    assert len(result.groups) == 1
    assert result.groups[0].independent_sources == 1
    assert result.groups[0].outlets == ("Outlet One", "Outlet Two")
    articles.append(text_article(c, 2, outlet="Outlet Three"))
    result = extract_claims(_analyze(articles))
    assert len(result.groups) == 1
    assert result.groups[0].independent_sources == 2
    assert result.groups[0].status == "corroborated"


def test_syndicated_copies_count_once() -> None:
    text = "Police said that 14 people had been arrested after the protest."
    articles = [
        text_article(text, 0, outlet="Paper A", syndication_group="wire-1"),
        text_article(text + " ", 1, outlet="Paper B", syndication_group="wire-1"),
    ]
    result = extract_claims(_analyze(articles))
    assert len(result.groups) == 1
    assert result.groups[0].independent_sources == 1
    assert result.groups[0].status == "single_source"


def test_evacuated_versus_could_not_leave_is_a_conflict() -> None:
    result = _ledger(
        "State television said the army had evacuated the civilians from the town.",
        "Residents said the civilians could not leave the town.",
    )
    official = _claim(result, "evacuated the civilians")
    residents = _claim(result, "could not leave")
    g1, g2 = _group_of(result, official), _group_of(result, residents)
    assert g1.id != g2.id
    assert g2.id in g1.conflicts_with and g1.id in g2.conflicts_with
    assert g1.status == g2.status == "contested"
    assert official.speaker_type == "state_media" and residents.speaker_type == "witness"


def test_passive_evacuation_versus_negated_departure_from_a_place() -> None:
    # "leave the lower deck" is a departure (a deck is a place, not someone
    # left behind) and "passengers had been evacuated" names who moved
    result = _ledger(
        "The operator said all passengers had been evacuated.",
        "Survivors said some passengers could not leave the lower deck.",
    )
    g1 = _group_of(result, _claim(result, "evacuated"))
    g2 = _group_of(result, _claim(result, "could not leave"))
    assert g1.id != g2.id
    assert g2.id in g1.conflicts_with and g1.id in g2.conflicts_with


def test_leaving_people_behind_is_not_a_departure() -> None:
    result = _ledger(
        "The ministry said all the officers had been evacuated from the base.",
        "A witness said the officers left their men at the base.",
    )
    g1 = _group_of(result, _claim(result, "evacuated"))
    g2 = _group_of(result, _claim(result, "left their men"))
    assert not g1.conflicts_with and not g2.conflicts_with


def test_head_counts_in_different_words_are_compared() -> None:
    clash = _ledger(
        "The company said the ferry was carrying 312 passengers.",
        "A union official said the ferry was carrying more than 450 people.",
    )
    assert len(clash.groups) == 2
    assert clash.groups[0].conflicts_with == (clash.groups[1].id,)
    agree = _ledger(
        "The company said the ferry was carrying 312 passengers.",
        "The coast guard said the ferry was carrying about 310 people.",
    )
    assert len(agree.groups) == 1 and not agree.groups[0].conflicts_with
    # a count of men is a part of the head count, not a rival total
    part = _ledger(
        "The company said the ferry was carrying 312 passengers.",
        "A sailor said the ferry was carrying 40 men.",
    )
    assert len(part.groups) == 2, part.groups  # both claims found, told apart
    assert all(not g.conflicts_with for g in part.groups)


def test_withdrew_versus_fled_is_a_conflict() -> None:
    result = _ledger(
        "The ministry said the troops withdrew from the base in good order.",
        "Witnesses said the troops fled the base in panic.",
    )
    g1 = _group_of(result, _claim(result, "withdrew"))
    g2 = _group_of(result, _claim(result, "fled"))
    assert g2.id in g1.conflicts_with


def test_numbers_within_the_wording_agree_and_beyond_it_conflict() -> None:
    agree = _ledger(
        "The mayor said some 50,000 residents had fled the city.",
        "Aid workers said more than fifty thousand residents had fled the city.",
    )
    assert len(agree.groups) == 1
    assert not agree.groups[0].conflicts_with
    clash = _ledger(
        "The army said hundreds of fighters had attacked the town.",
        "An activist said maybe 5,000 fighters had attacked the town.",
    )
    assert len(clash.groups) == 2
    assert clash.groups[0].conflicts_with == (clash.groups[1].id,)


def test_explicit_refutation_makes_the_claim_contested() -> None:
    result = _ledger("State media made false claims that all the prisoners had been released.")
    claim = _claim(result, "prisoners had been released")
    assert claim.speaker_type == "state_media"
    assert _group_of(result, claim).status == "contested"


def test_speaker_entity_from_an_overlapping_mention() -> None:
    text = "Mamoun Abdulkarim told AFP that the statues had been moved."
    article = text_article(text, 0)
    mention = Mention(article.id, None, 0, 17, "Mamoun Abdulkarim", "PERSON", "e-abdulkarim")
    result = extract_claims(_analyze([article]), (), (mention,))
    claim = result.claims[0]
    assert claim.speaker_entity == "e-abdulkarim"
    assert claim.via == "AFP"


def test_outlet_falls_back_to_the_article_id() -> None:
    article = text_article("Officials said the dam had not been damaged.", 0)
    result = extract_claims(_analyze([replace(article, outlet=None)]))
    assert result.groups[0].outlets == (article.id,)


@pytest.mark.parametrize(
    ("speaker", "description", "expected"),
    [
        ("Syrian state television", "", "state_media"),
        ("The Syrian Observatory for Human Rights, an opposition-linked monitor", "", "monitor"),
        ("Omran", "a member of the anti-Assad Coordinating Committee", "activist"),
        ("Irina Bokova, the director-general of UNESCO", "", "international_body"),
        ("a Syrian military official", "", "military"),
        ("one local resident", "", "witness"),
        ("an ISIS fighter", "", "militant_group"),
        ("The Lebanese news channel MTV", "", "outlet"),
        ("Experts", "", "expert"),
        ("the interior minister", "", "official"),
        ("Jane Doe", "", "unknown"),
    ],
)
def test_source_types(speaker: str, description: str, expected: str) -> None:
    assert source_type(speaker, description) == expected


def test_hedge_lexicon() -> None:
    assert hedges_in("The town was reportedly shelled.") == ("reportedly",)
    assert "could not be confirmed" in caveats_in(
        "The report about the prison could not immediately be confirmed independently."
    )
    assert "hard to confirm" in caveats_in("Other reports were hard to confirm.")
    assert caveats_in("The market reopened on Sunday.") == ()


# ------------------------------------------------- hand labels of the seed ledger

LABELS = Path(__file__).parent / "fixtures" / "claims" / "seed_ledger_labels.json"


def _labels() -> dict[str, list[dict[str, object]]]:
    import json

    data: dict[str, list[dict[str, object]]] = json.loads(LABELS.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("pair", _labels()["pairs"], ids=lambda p: str(p["a"])[:30])
def test_labelled_pairs_are_grouped_as_labelled(
    seed_ledger: ClaimResult, pair: dict[str, object]
) -> None:
    a = _claim(seed_ledger, str(pair["a"]))
    b = _claim(seed_ledger, str(pair["b"]))
    assert (a.group_id == b.group_id) is pair["same"], (a.content, b.content)


@pytest.mark.parametrize("pair", _labels()["conflicts"], ids=lambda p: str(p["a"])[:30])
def test_labelled_conflicts_are_linked_as_labelled(
    seed_ledger: ClaimResult, pair: dict[str, object]
) -> None:
    ga = _group_of(seed_ledger, _claim(seed_ledger, str(pair["a"])))
    gb = _group_of(seed_ledger, _claim(seed_ledger, str(pair["b"])))
    assert (gb.id in ga.conflicts_with) is pair["real"], (ga.statement, gb.statement)


def test_labelled_junk_is_not_a_claim(seed_ledger: ClaimResult) -> None:
    # "no claim is this junk" holds of an empty ledger, or of junk that is no
    # longer in the seeds: check first that the ledger has its claims and that
    # each labelled piece of junk is still text of a seed report.
    assert len(seed_ledger.claims) >= 50, len(seed_ledger.claims)  # 103 on 2026-12-01
    seed_text = " ".join(
        " ".join(path.read_text(encoding="utf-8").split()) for path in sorted(SEEDS.glob("*.txt"))
    )
    contents = {c.content for c in seed_ledger.claims}
    for junk in _labels()["junk"]:
        assert re.search(rf"\b{re.escape(junk)}\b", seed_text), f"{junk!r} is not in the seeds"
        assert junk not in contents, junk


def test_a_noun_phrase_is_not_a_claim_but_a_short_quote_is() -> None:
    result = _ledger(
        "The same can practically be said for the evaporated army. "
        "“I saw ten buses,” Omran said. “Maybe 1,000 men.”"
    )
    contents = [c.content for c in result.claims]
    assert "the evaporated army" not in contents
    assert any("1,000 men" in c for c in contents)


def test_a_participle_on_the_subject_is_not_what_the_claim_asserts() -> None:
    result = _ledger(
        "Residents said the departing army destroyed the electrical transformers.",
        "Monitors said the regime withdrew its forces on Wednesday.",
    )
    a = _claim(result, "transformers")
    b = _claim(result, "withdrew")
    assert a.group_id != b.group_id


def test_a_parenthetical_speaker_does_not_take_the_next_quote() -> None:
    result = _ledger(
        "The soldier said residents would kill him. "
        "(Thirty-five soldiers were buried in Homs, a resident said.) "
        "“I wish I were not a soldier,” he confessed. "
        "His situation, he said, reminded him of a poem."
    )
    framed = [c for c in result.claims if "wish" in c.content or "poem" in c.content]
    assert len(framed) == 2, [c.content for c in result.claims]  # both quotes are claims
    for c in framed:
        assert c.speaker != "a resident", c


def test_a_first_person_count_is_a_share_not_a_rival_total() -> None:
    result = _ledger(
        "A survivor said 27 people had been rescued from the water.",
        "“We took eight people out of the water, two of them children,” said Manolis "
        "Daskalakis, a fisherman.",
    )
    a = _group_of(result, _claim(result, "27 people"))
    b = _group_of(result, _claim(result, "eight people"))
    assert b.id not in a.conflicts_with
    # the same counts as rival totals do conflict
    rival = _ledger(
        "A survivor said 27 people had been rescued from the water.",
        "A fisherman said eight people had been rescued from the water.",
    )
    c = _group_of(rival, _claim(rival, "27 people"))
    d = _group_of(rival, _claim(rival, "eight people"))
    assert d.id in c.conflicts_with


def test_a_postposed_cue_does_not_take_a_statement_with_its_own_speaker() -> None:
    result = _ledger(
        "Union officials say the ferry was carrying more than 450 people; the company says 312."
    )
    carrying = [c for c in result.claims if "450" in c.content]
    assert carrying
    assert all(c.speaker == "Union officials" for c in carrying), carrying


def test_a_fronted_topic_is_the_antecedent_of_the_next_he() -> None:
    result = _ledger(
        "Khaled al-Homsi, an activist, said the militants had arrived. "
        "A shopkeeper said the bakery was closed. "
        "For Mr. Homsi, the day had brought a new cause. "
        "“We will confront the destruction of our heritage,” he said."
    )
    assert _claim(result, "confront the destruction").speaker == "Khaled al-Homsi"


def test_a_quote_framed_by_confessed_is_the_framers() -> None:
    result = _ledger(
        "As for the soldier, he had lived through bloody battles. "
        "(Thirty-five soldiers were buried in Homs, a resident said.) "
        "“I wish I were not a soldier,” he confessed on Wednesday."
    )
    assert _claim(result, "I wish").speaker == "the soldier"


@pytest.mark.parametrize("label", _labels()["speakers"], ids=lambda p: str(p["content"])[:30])
def test_labelled_speakers(seed_ledger: ClaimResult, label: dict[str, object]) -> None:
    assert _claim(seed_ledger, str(label["content"])).speaker == label["speaker"]


def test_it_does_not_resolve_to_a_plural_speaker() -> None:
    result = _ledger(
        "Soldiers told him they had run out of ammunition. "
        "Then, after years of war had left the forces hollowed out, it attacked, overrunning them."
    )
    claim = _claim(result, "hollowed")  # the sentence is a claim of "it"
    assert claim.speaker != "Soldiers", claim


def test_a_described_speaker_links_to_the_named_entity() -> None:
    """'Syria's antiquities chief' is Mamoun Abdul-Karim in the entities stage:
    the claim carries that entity."""
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent: this test reads the shared seed reports")
    from storyline import ingest
    from storyline.entities.table import resolve_entities

    articles: list[Article] = []
    for item in ingest.iter_sources([str(SEEDS)]):
        if isinstance(item, RawDocument):
            articles.extend(a for a in ingest.parse(item) if "antiquities chief" in a.text)
    analyzed = _analyze(articles)
    resolved = resolve_entities(analyzed)
    result = extract_claims(analyzed, resolved.entities, resolved.mentions)
    chief = [c for c in result.claims if c.speaker and "antiquities chief" in c.speaker]
    named = [c for c in result.claims if c.speaker and "Karim" in c.speaker]
    assert chief and named
    assert chief[0].speaker_entity is not None
    assert chief[0].speaker_entity == named[0].speaker_entity


def test_one_event_said_of_two_named_doers_is_two_claims() -> None:
    result = _ledger(
        "Sprint Nextel will begin selling the new version of the Apple iPhone in mid-October, "
        "people familiar with the matter said.",
        "Verizon Wireless and AT&T will begin selling the new iPhone in mid-October as well, "
        "two people familiar with the matter said.",
        "Sprint Nextel will start selling the new Apple iPhone in mid-October, analysts said.",
    )
    sprint = _claim(result, "Sprint Nextel will begin")
    assert _claim(result, "Verizon").group_id != sprint.group_id
    assert _claim(result, "Sprint Nextel will start").group_id == sprint.group_id


def test_a_person_just_introduced_does_not_take_the_next_he_said() -> None:
    result = _ledger(
        "The larger ship could have left the destroyer vulnerable, Carl Schuster said. "
        "An injured crew member is carried by military personnel upon arriving at the base. "
        "The force of the impact could have thrown sailors overboard, he said."
    )
    assert _claim(result, "force of the impact").speaker == "Carl Schuster"

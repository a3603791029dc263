"""The multi-document summary: standalone filters, the cross-outlet collapse,
duplicates, ordering, the algorithm registry and the raw-string API.

Small multi-outlet texts are written here; the seed reports are read from
``../shared/seeds`` (skipped when absent).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from storyline.analysis.nlp import analyze, load_sentence_nlp
from storyline.records import AnalyzedArticle, Article, RawDocument, SummarySentence
from storyline.summary.counts import compatible_speakers, counts, same_count, speaker_heads
from storyline.summary.extract import (
    ALGORITHMS,
    DEFAULT_ALGORITHM,
    build_cluster,
    summarize,
    summarize_articles,
)
from storyline.summary.features import features, standalone_problem, stem
from storyline.summary.params import DEFAULT_RANKER_PARAMS
from storyline.summary.rankers import same_fact
from storyline.summary.speakers import attributed
from storyline.text.datelines import without_dateline

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
#: The shipped thresholds (fields of RankerParams, formerly module constants).
SAME_FACT = DEFAULT_RANKER_PARAMS.same_fact
EVIDENCE_FACT = DEFAULT_RANKER_PARAMS.evidence_fact


def article(
    aid: str,
    text: str,
    outlet: str | None = None,
    published: dt.date | None = None,
    **fields: object,
) -> Article:
    return Article(
        id=aid,
        raw_id=aid,
        origin=f"{aid}.txt",
        text=text,
        outlet=outlet,
        published=published,
        **fields,  # type: ignore[arg-type]
    )


def analysed(*articles: Article) -> list[AnalyzedArticle]:
    return analyze(list(articles), nlp=load_sentence_nlp())


# Three outlets tell the dam collapse; each adds a detail of its own.
RIVERTON_A = (
    "Floodwater from the collapsed Harlow Dam swept through the town of Riverton on Tuesday, "
    "killing 14 people and forcing 3,000 residents from their homes. "
    "Engineers had warned the county in March that the spillway of the Harlow Dam was cracking. "
    "The governor of Westmark declared a state of emergency for Riverton and two nearby villages."
)
RIVERTON_B = (
    "The Harlow Dam collapsed on Tuesday and floodwater swept through Riverton, killing 14 people "
    "and forcing about 3,000 residents from their homes, officials said.\n\n"
    "Rescue crews in boats searched flooded streets in Riverton for people trapped on rooftops. "
    "Westmark's governor declared a state of emergency for Riverton and two nearby villages."
)
RIVERTON_C = (
    "Photo: Floodwater in Riverton (Jane Doe/Westmark Herald)\n\n"
    "Residents of Riverton were forced from their homes on Tuesday, 3,000 of them, after the "
    "Harlow Dam collapsed and floodwater swept through the town, killing 14 people. "
    "He said the water rose within minutes. "
    "A school gymnasium in Lowfield has been opened as a shelter for displaced families. "
    "Will the county rebuild the dam"
)


@pytest.fixture(scope="module")
def riverton() -> list[AnalyzedArticle]:
    return analysed(
        article("a", RIVERTON_A, "Westmark Herald", dt.date(2024, 4, 2)),
        article("b", RIVERTON_B, "Valley Wire", dt.date(2024, 4, 2)),
        article("c", RIVERTON_C, None, dt.date(2024, 4, 3)),
    )


def sentence_texts(analyzed: list[AnalyzedArticle]) -> dict[str, str]:
    return {s.id: s.text for a in analyzed for s in a.sentences}


def test_the_same_fact_from_three_outlets_is_one_sentence_with_every_source(
    riverton: list[AnalyzedArticle],
) -> None:
    summary = summarize_articles(riverton, 120)
    texts = sentence_texts(riverton)
    flood = [s for s in summary if "14" in s.text and "3,000" in s.text]
    assert len(flood) == 1, [s.text for s in summary]
    sources = flood[0].sources
    # One sentence in each of the three articles says it, and all are listed.
    assert {source.split("/")[0] for source in sources} == {"a", "b", "c"}
    assert all("14" in texts[source] for source in sources)
    # Outlets name the outlet, or the article id when the outlet is unknown.
    assert flood[0].outlets == ("Westmark Herald", "Valley Wire", "c")


def test_the_emergency_is_told_once_with_both_sources(riverton: list[AnalyzedArticle]) -> None:
    summary = summarize_articles(riverton, 120)
    emergency = [s for s in summary if "state of emergency" in s.text]
    assert len(emergency) == 1
    assert {source.split("/")[0] for source in emergency[0].sources} == {"a", "b"}


def test_no_caption_dangling_pronoun_question_or_cut_off_line(
    riverton: list[AnalyzedArticle],
) -> None:
    texts = [s.text for s in summarize_articles(riverton, 500)]
    assert texts, "the summary is empty"
    assert not any(t.startswith(("Photo", "He said", "Will the county")) for t in texts)
    assert all(standalone_problem(t) is None for t in texts)


def test_every_source_is_a_real_sentence_and_the_picked_one_is_among_them(
    riverton: list[AnalyzedArticle],
) -> None:
    texts = sentence_texts(riverton)
    for algorithm in ALGORITHMS:
        summary = summarize_articles(riverton, 200, algorithm=algorithm)
        assert summary, algorithm
        for item in summary:
            assert item.sources, algorithm
            assert set(item.sources) <= set(texts)
            assert " ".join(item.text.split()) in {" ".join(texts[s].split()) for s in item.sources}


def test_differing_numbers_are_not_collapsed() -> None:
    one = article(
        "one",
        "Floodwater from the collapsed Harlow Dam swept through Riverton on Tuesday, killing 14 "
        "people in the town.",
        "Westmark Herald",
    )
    two = article(
        "two",
        "Floodwater from the collapsed Harlow Dam swept through Riverton on Tuesday, killing 41 "
        "people in the town.",
        "Valley Wire",
    )
    summary = summarize_articles(analysed(one, two), 100)
    # Both counts are reported, each with its own source: a conflict is not a corroboration.
    assert sorted(len(s.sources) for s in summary) == [1, 1]
    assert len(summary) == 2


def test_a_syndicated_copy_adds_sources_but_not_weight() -> None:
    wire = (
        "Floodwater from the collapsed Harlow Dam swept through Riverton on Tuesday, killing 14 "
        "people and forcing 3,000 residents from their homes. "
        "Rescue crews in boats searched flooded streets for people trapped on rooftops."
    )
    other = (
        "The mayor of Lowfield opened a school gymnasium as a shelter for displaced families "
        "on Wednesday evening. "
        "Volunteers in Lowfield collected blankets and bottled water for the shelter."
    )
    copies = [
        article(f"copy{i}", wire, f"Outlet {i}", syndication_group="wire-1") for i in range(4)
    ]
    independent = article("own", other, "Lowfield Post")
    analyzed = analysed(*copies, independent)
    summary = summarize_articles(analyzed, 60)
    flood = next(s for s in summary if "Harlow Dam" in s.text)
    # The copies are all cited ...
    assert {s.split("/")[0] for s in flood.sources} == {f"copy{i}" for i in range(4)}
    assert flood.outlets == tuple(f"Outlet {i}" for i in range(4))
    # ... but count as one report: the sentence is picked from the first copy only,
    # and only once.
    assert sum("Harlow Dam" in s.text for s in summary) == 1
    assert flood.text == " ".join(analyzed[0].sentences[0].text.split())


def test_exact_duplicate_counts_once() -> None:
    text = (
        "Floodwater from the collapsed Harlow Dam swept through Riverton on Tuesday, killing 14 "
        "people and forcing 3,000 residents from their homes."
    )
    first = article("x1", text, "Westmark Herald")
    again = article("x2", text, "Westmark Herald Online", duplicate_of="x1")
    summary = summarize_articles(analysed(first, again), 100)
    assert len(summary) == 1
    assert summary[0].sources == ("x1/s0", "x2/s0")


def test_order_follows_article_dates() -> None:
    later = article(
        "later",
        "Engineers began draining the reservoir behind the damaged Harlow Dam on Friday morning.",
        "Valley Wire",
        dt.date(2024, 4, 5),
    )
    earlier = article(
        "earlier",
        "Floodwater from the collapsed Harlow Dam swept through Riverton on Tuesday, killing 14 "
        "people.",
        "Westmark Herald",
        dt.date(2024, 4, 2),
    )
    summary = summarize_articles(analysed(later, earlier), 100)
    assert [s.sources[0].split("/")[0] for s in summary] == ["earlier", "later"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "KATHMANDU, Nepal (AP) — A Swiss climber found the bodies.",
            "A Swiss climber found the bodies.",
        ),
        (
            "LONDON (Reuters) - Michael Kors agreed to buy Jimmy Choo.",
            "Michael Kors agreed to buy Jimmy Choo.",
        ),
        (
            "OTTAWA -- Liberal MP Mauril Belanger is losing his voice.",
            "Liberal MP Mauril Belanger is losing his voice.",
        ),
        (
            "— For years, the weather has been a scapegoat.",
            "For years, the weather has been a scapegoat.",
        ),
        # Not a dateline: a name and an aside, or a dash inside the sentence.
        (
            "IBM — the computing giant — said it would cut jobs.",
            "IBM — the computing giant — said it would cut jobs.",
        ),
        ("The ferry - an old one - sank.", "The ferry - an old one - sank."),
    ],
)
def test_summary_sentences_leave_out_wire_datelines(text: str, expected: str) -> None:
    assert without_dateline(text) == expected


def test_lead_prior_favours_each_article_opening(riverton: list[AnalyzedArticle]) -> None:
    from storyline.summary.rankers import lead_prior

    cluster = build_cluster(riverton)
    prior = lead_prior(cluster)
    for i, u in enumerate(cluster.units):
        if u.problem is not None:
            assert prior[i] == 0.0  # a caption or a dangling "He said" gets nothing
        elif u.rank == 0:
            assert prior[i] == 1.0  # the first standalone sentence of every article
        else:
            assert 0.0 < prior[i] < 1.0
    # The caption opening article c does not take its first sentence's prior.
    c_units = [u for u in cluster.units if u.article.id == "c"]
    assert c_units[0].problem is not None and c_units[1].rank == 0


def test_word_budget_and_algorithm_registry(riverton: list[AnalyzedArticle]) -> None:
    assert DEFAULT_ALGORITHM in ALGORITHMS
    assert all(re.fullmatch(r"summarize\.[a-z]+\.v\d+", name) for name in ALGORITHMS)
    short = summarize_articles(riverton, 10)
    assert len(short) == 1  # whole sentences: the one that reaches the budget ends it
    assert summarize_articles(riverton, 0) == []
    assert summarize_articles([], 100) == []
    with pytest.raises(ValueError, match="unknown summary algorithm"):
        summarize_articles(riverton, 100, algorithm="summarize.nope.v1")


def test_raw_strings_api() -> None:
    summary = summarize([RIVERTON_A, RIVERTON_B, "", RIVERTON_C], 80)
    assert summary and all(isinstance(s, SummarySentence) for s in summary)
    assert all(re.fullmatch(r"d\d-[0-9a-f]{8}/s\d+", src) for s in summary for src in s.sources)
    # Document indices are kept: sources of the third text start with d3.
    assert any(src.startswith("d3-") for s in summary for src in s.sources)
    assert summarize([]) == []
    assert summarize(["   "]) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("He said the water rose within minutes of the dam giving way.", "pronoun opener"),
        ("But the county had ignored the engineers' warnings for years.", "connective opener"),
        ("Will the county rebuild the dam before the next rainy season?", "question"),
        ("Floodwater from the collapsed Harlow Dam swept through the town of", None),
        ("Residents Return To Flooded Riverton", None),
        ("By Jane Doe, Westmark Herald staff writer, reporting from Riverton.", "byline"),
        ("A rescuer carries a child through floodwater (Jane Doe/AP Photo).", None),
        ("Enlarge this image to see the flooded streets of Riverton from above.", "boilerplate"),
        ('"The water came so fast, we had nothing left, nothing at all.', "quotation fragment"),
        ("“We lost everything in ten minutes,” he said, standing in the mud.", "pronoun speaker"),
        ("and then the water came through the doors of every house on the street.", "fragment"),
        ("Floodwater killed 14 people.", "short"),
    ],
)
def test_standalone_problems(text: str, reason: str | None) -> None:
    problem = standalone_problem(text)
    assert problem is not None
    if reason is not None:
        assert problem == reason


@pytest.mark.parametrize(
    "text",
    [
        "Floodwater from the collapsed Harlow Dam swept through Riverton on Tuesday, killing 14.",
        "“We lost everything in ten minutes,” said Maria Lopez, a Riverton resident.",
        "“We rely on the dam,” the county engineer, Tom Reyes, told reporters on Friday.",
    ],
)
def test_standalone_sentences_pass(text: str) -> None:
    assert standalone_problem(text) is None


def test_features_conflate_inflections_and_read_numbers() -> None:
    a = features("Militants seized the city, killing five soldiers and 1,200 civilians.")
    b = features("The militant seizes cities; five killed.")
    assert {"militant", "city", "seiz"} <= a.terms & b.terms
    assert {"5", "1200"} <= a.numbers
    assert stem("stopped") == stem("stops") == "stop"
    assert features("Reporters met Omran in Palmyra.").names == {"omran", "palmyra"}


# A paraphrase: few shared words, but the same day, a second name and the event.
LOWFIELD_A = (
    "Floodwater from the collapsed dam swept through Riverton, and crews in Riverton searched the "
    "streets. Governor Ana Ruiz ordered the evacuation of Lowfield on Tuesday as the river kept "
    "rising downstream of Riverton."
)
LOWFIELD_B = (
    "Rescue boats reached the flooded centre of Riverton before dawn, officials in Riverton said. "
    "Families in Lowfield left their homes on {day}, hours after Ruiz ordered an evacuation "
    "because the river was rising."
)


def lowfield(day: str, dated: bool) -> list[AnalyzedArticle]:
    return analysed(
        article("a", LOWFIELD_A, "Westmark Herald", dt.date(2024, 4, 3) if dated else None),
        article(
            "b", LOWFIELD_B.format(day=day), "Valley Wire", dt.date(2024, 4, 5) if dated else None
        ),
    )


def test_a_paraphrase_on_the_same_day_with_the_same_participant_is_collapsed() -> None:
    analyzed = lowfield("April 2", dated=True)
    cluster = build_cluster(analyzed)
    # Too few shared words for the lexical test alone ...
    assert EVIDENCE_FACT <= cluster.dice[1, 3] < SAME_FACT
    summary = summarize_articles(analyzed, 100)
    # ... but "Tuesday" in an article of Wednesday 3 April is April 2, both name
    # Lowfield and Ruiz (Riverton, in every sentence, is no evidence) and both "order".
    evacuation = [s for s in summary if "evacuation" in s.text]
    assert [s.sources for s in evacuation] == [("a/s1", "b/s1")]
    assert evacuation[0].outlets == ("Westmark Herald", "Valley Wire")


@pytest.mark.parametrize(("day", "dated"), [("April 9", True), ("April 9", False)])
def test_a_paraphrase_of_another_day_is_not_collapsed(day: str, dated: bool) -> None:
    # "Tuesday" in an article of 3 April is April 2, not April 9; undated,
    # "April 9" and "April 2" (the other sentence's day below) still differ.
    if not dated:
        LOWFIELD = LOWFIELD_A.replace("on Tuesday", "on April 2")
        summary = summarize_articles(
            analysed(
                article("a", LOWFIELD, "Westmark Herald", None),
                article("b", LOWFIELD_B.format(day=day), "Valley Wire", None),
            ),
            100,
        )
    else:
        summary = summarize_articles(lowfield(day, dated), 100)
    assert all(len(s.sources) == 1 for s in summary)
    assert sum("evacuation" in s.text for s in summary) == 2


# One statement relayed by two outlets, each through its own agency: few
# shared words, but the same speaker, once per article, and the same words of
# what he says ("lifeboats", "lowered", "alarm").
FERRY_A = (
    "The ferry Aurora caught fire off the island of Kythira on Monday with 300 passengers aboard. "
    "Port official Nikos Petrou told AFP that all the lifeboats had been lowered within twenty "
    "minutes of the alarm. "
    "The coast guard sent two patrol boats and a helicopter to the Aurora."
)
FERRY_B = (
    "Fire broke out on the ferry Aurora near Kythira on Monday, and the coast guard sent boats. "
    "{who}, a spokesman for the port authority, told Reuters the crew lowered every lifeboat soon "
    "after the alarm sounded. "
    "Passengers were taken to the harbour of Kythira by fishing boats."
)
# The same speaker with three more statements in each article.
FERRY_MORE = (
    " Petrou said the weather had been calm all day. Petrou said the captain would be "
    "questioned. Petrou added that the engine had been serviced in May."
)


def ferry_pair(a: str, b: str) -> tuple[float, bool]:
    """Dice and the same-fact verdict of the AFP and the Reuters sentence."""
    cluster = build_cluster(
        analysed(
            article("a", a, "Harbour Post", dt.date(2024, 3, 4)),
            article("b", b, "Island Wire", dt.date(2024, 3, 4)),
        )
    )
    i = next(k for k, u in enumerate(cluster.units) if "AFP" in u.sentence.text)
    j = next(k for k, u in enumerate(cluster.units) if "Reuters" in u.sentence.text)
    return float(cluster.dice[i, j]), same_fact(cluster, i, j)


def test_one_statement_relayed_by_two_outlets_is_one_fact() -> None:
    dice, same = ferry_pair(FERRY_A, FERRY_B.format(who="Nikos Petrou"))
    assert EVIDENCE_FACT <= dice < SAME_FACT  # too few shared words alone
    assert same


def test_a_statement_of_another_speaker_is_not_the_same_fact() -> None:
    dice, same = ferry_pair(FERRY_A, FERRY_B.format(who="Maria Kosta"))
    assert dice >= EVIDENCE_FACT
    assert not same


def test_a_speaker_with_many_statements_needs_more_shared_words() -> None:
    # Three shared words of what is said are evidence of one statement for a
    # speaker quoted once per article, not for one quoted four times: each
    # statement is a chance to share a word.  (The two sentences below are
    # still one fact on their wording: the evidence of the speaker is not
    # what joins them.)
    from storyline.facts.compare import Context, one_statement, read

    afp = next(s for s in FERRY_A.split(". ") if "AFP" in s)
    reuters = next(s for s in FERRY_B.format(who="Nikos Petrou").split(". ") if "Reuters" in s)
    x, y = read(afp), read(reuters)
    key = x.attributed.speakers[0].key
    assert one_statement(x, y, Context(statements=({key: 1}, {key: 1})))
    assert not one_statement(x, y, Context(statements=({key: 4}, {key: 4})))


def test_one_speaker_named_by_role_and_by_name() -> None:
    # "a spokeswoman for the Coast Guard" and "Eleni Papadimitriou, the coast
    # guard's spokeswoman" share the role (coast, guard, spokeswoman); "told
    # Meridian Press" is the channel, not part of what was said.
    a = attributed(
        "A fire that crippled the ferry Lastivka began in the ship's engine room, a "
        "spokeswoman for the Hellenic Coast Guard said."
    )
    b = attributed(
        "The fire started in the engine room, Eleni Papadimitriou, the coast guard's "
        "spokeswoman, told Meridian Press."
    )
    assert a.keys != b.keys
    assert {"coast", "guard", "spokeswoman"} <= a.speakers[0].role & b.speakers[0].role
    assert b.rest is not None and not {"meridian", "press"} & b.rest.names
    assert {stem("fire"), stem("engine"), "room"} <= a.said & b.said


def test_attribution_reads_speaker_and_cuts_it_from_what_is_said() -> None:
    told = attributed(
        "Syria’s chief of antiquities, Mamoun Abdulkarim, told AFP that many statues had been "
        "relocated."
    )
    retold = attributed(
        "Syria’s antiquities chief Mamoun Abdul-Karim told Reuters that hundreds of statues had "
        "been moved."
    )
    assert told.keys == retold.keys  # one transliteration key for both spellings
    assert {"statu", "relocat"} <= told.said
    assert not {"chief", "antiquiti", "told"} & retold.said  # the attribution is cut
    after = attributed("“We will rebuild,” said Ana Ruiz, the governor of Westmark, on Friday.")
    assert [s.stem for s in after.speakers] == ["ruiz"]
    assert "governor" not in after.said and "rebuild" in after.said
    # A name after the cue that the clause goes on about is what is said, not who.
    assert attributed("Graham says President Obama was naive about Iran.").keys == {"graham"}
    assert attributed("He said the water rose within minutes.").speakers == ()
    assert attributed("Police said the road was closed.").speakers[0].single_opening


# --- the seed reports ---------------------------------------------------------


def seed_articles() -> list[Article]:
    """The seed files as articles, through ``storyline.ingest`` (it splits the
    two-article digest)."""
    from storyline.ingest import iter_sources, parse

    return [
        a for raw in iter_sources([str(SEEDS)]) if isinstance(raw, RawDocument) for a in parse(raw)
    ]


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS}")


@pytest.fixture(scope="module")
def seed_summary() -> list[SummarySentence]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed reports not found at {SEEDS}")
    articles = seed_articles()
    assert len(articles) == 6
    return summarize_articles(analysed(*articles), 250)


@needs_seeds
def test_seed_summary_has_no_caption_header_or_fragment(
    seed_summary: list[SummarySentence],
) -> None:
    assert 150 <= sum(len(s.text.split()) for s in seed_summary) <= 350
    for item in seed_summary:
        assert standalone_problem(item.text) is None, item.text
        assert re.search(r"[.!][\"”’')]*$", item.text), item.text
        assert not re.search(r"\(#\)|\[|Leave a Reply|Meer informatie", item.text), item.text


@needs_seeds
def test_seed_summary_has_a_sentence_from_two_articles(
    seed_summary: list[SummarySentence],
) -> None:
    multi = [s for s in seed_summary if len({src.split("/")[0] for src in s.sources}) >= 2]
    assert multi, [s.text for s in seed_summary]


@needs_seeds
def test_seed_statues_told_to_afp_and_reuters_are_one_fact() -> None:
    cluster = build_cluster(analysed(*seed_articles()))
    afp = [
        i for i, u in enumerate(cluster.units) if "told AFP that many statues" in u.sentence.text
    ]
    reuters = [
        i
        for i, u in enumerate(cluster.units)
        if "told Reuters that hundreds of statues" in u.sentence.text
    ]
    assert len(afp) == len(reuters) == 1
    i, j = afp[0], reuters[0]
    assert cluster.units[i].article.id != cluster.units[j].article.id
    assert cluster.dice[i, j] < SAME_FACT
    assert same_fact(cluster, i, j)


# --- the optional rewrite through a configured endpoint ------------------------


def fake_endpoint(answers: list[str], seen: list[dict[str, object]], status: int = 200) -> object:
    """An httpx transport standing in for an OpenAI-compatible server."""
    import json

    import httpx

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(
            {
                "url": str(request.url),
                "auth": request.headers.get("authorization"),
                "body": json.loads(request.content),
            }
        )
        if status != 200:
            return httpx.Response(status, json={"error": "down"})
        return httpx.Response(
            200, json={"choices": [{"message": {"role": "assistant", "content": answers.pop(0)}}]}
        )

    return httpx.MockTransport(handle)


REWRITE_SOURCES = {
    "a/s0": "Floodwater from the collapsed Harlow Dam swept through Riverton on Tuesday, "
    "killing 14 people and forcing 3,000 residents from their homes.",
    "b/s0": "The Harlow Dam collapsed on Tuesday and floodwater swept through Riverton, "
    "killing 14 people, officials said.",
}
REWRITE_SUMMARY = [
    SummarySentence(
        text=REWRITE_SOURCES["a/s0"], sources=("a/s0", "b/s0"), outlets=("Herald", "Wire")
    )
]


def test_a_supported_rewrite_replaces_the_sentence_and_keeps_its_sources() -> None:
    from storyline.summary.rewrite import Endpoint, rewrite_summary

    seen: list[dict[str, object]] = []
    answer = "The Harlow Dam collapsed on Tuesday, killing 14 people in Riverton."
    out, notes = rewrite_summary(
        REWRITE_SUMMARY,
        REWRITE_SOURCES,
        Endpoint(url="http://llm.local/v1/", model="m", api_key="k"),
        transport=fake_endpoint([answer], seen),
    )
    assert [s.text for s in out] == [answer] and notes == []
    assert out[0].sources == ("a/s0", "b/s0") and out[0].outlets == ("Herald", "Wire")
    assert seen[0]["url"] == "http://llm.local/v1/chat/completions"
    assert seen[0]["auth"] == "Bearer k"
    body = seen[0]["body"]
    assert isinstance(body, dict) and body["model"] == "m"
    user = body["messages"][1]["content"]
    assert REWRITE_SOURCES["a/s0"] in user and REWRITE_SOURCES["b/s0"] in user


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("The Harlow Dam collapsed on Tuesday, killing 41 people in Riverton.", "number"),
        ("The Harlow Dam collapsed on Tuesday, killing 14 people in Lowfield.", "name"),
        ("The Harlow Dam did not collapse on Tuesday, officials in Riverton said.", "negation"),
        ("Engineers blame poor maintenance and heavy rain for the deadly dam failure.", "words"),
        ("He said the dam collapsed on Tuesday, killing 14 people in Riverton.", "stand alone"),
    ],
)
def test_an_unsupported_rewrite_is_dropped(answer: str, reason: str) -> None:
    from storyline.summary.rewrite import Endpoint, rewrite_summary

    out, notes = rewrite_summary(
        REWRITE_SUMMARY,
        REWRITE_SOURCES,
        Endpoint(url="http://llm.local/v1", model="m"),
        transport=fake_endpoint([answer], []),
    )
    assert out == REWRITE_SUMMARY  # the extractive sentence stays
    assert len(notes) == 1 and "dropped" in notes[0] and reason in notes[0], notes


def test_a_failing_endpoint_leaves_the_summary_as_extracted() -> None:
    from storyline.summary.rewrite import Endpoint, rewrite_summary

    out, notes = rewrite_summary(
        REWRITE_SUMMARY,
        REWRITE_SOURCES,
        Endpoint(url="http://llm.local/v1", model="m"),
        transport=fake_endpoint([], [], status=500),
    )
    assert out == REWRITE_SUMMARY
    assert "endpoint failed" in notes[0]


def test_briefs_use_the_default_algorithm() -> None:
    from storyline.settings import Settings

    assert Settings().summarizer == DEFAULT_ALGORITHM


# --- one specific count told by several outlets -----------------------------

COUNT_A = (
    "The ferry Aurora, run by Ionian Lines, was carrying 287 passengers and 35 crew members "
    "when the fire broke out off Kythira, according to the company."
)
COUNT_B = "Ionian Lines has said the ferry carried 287 passengers."
COUNT_C = (
    "The ferry Aurora burned off Kythira with 287 passengers on board, according to the company."
)
COUNT_CONFLICT = (
    "Dock workers say the ferry was carrying more than 400 people; the company says 287."
)


COUNT_OTHER = (
    " Rescue boats reached the ship within an hour.",
    " Fishermen from the island helped the crew ashore.",
)


def count_pair(a: str, b: str) -> bool:
    cluster = build_cluster(
        analysed(
            article("a", a + COUNT_OTHER[0], "Harbour Post"),
            article("b", b + COUNT_OTHER[1], "Island Wire"),
        )
    )
    i = next(k for k, u in enumerate(cluster.units) if u.sentence.text.strip() == a)
    j = next(k for k, u in enumerate(cluster.units) if u.sentence.text.strip() == b)
    assert EVIDENCE_FACT <= cluster.dice[i, j] < SAME_FACT or not same_fact(cluster, i, j)
    return same_fact(cluster, i, j)


def test_counts_read_figure_qualifier_and_counted_noun() -> None:
    found = {(c.figure, c.qualifier, c.thing) for c in counts(COUNT_A)}
    assert ("287", "=", "passenger") in found
    assert ("287", "=", "aboard") in found  # "was carrying 287"
    assert ("35", "=", "crew") in found  # up to the first plural noun
    # "100 matched healthy male individuals": no plural noun in three words.
    assert counts("The study compared 100 matched healthy male individuals.") == frozenset()
    assert ("35", "=", "aboard") not in found  # the carrying verb belongs to the nearer figure
    assert {(c.figure, c.qualifier, c.thing) for c in counts(COUNT_C)} == {
        ("287", "=", "passenger"),
        ("287", "=", "aboard"),
    }
    assert ("400", ">", "peopl") in {
        (c.figure, c.qualifier, c.thing) for c in counts(COUNT_CONFLICT)
    }
    # The figure the company gives in the conflict line counts nothing.
    assert not any(c.figure == "287" for c in counts(COUNT_CONFLICT))


@pytest.mark.parametrize(
    "text",
    [
        "The storm hit on Sept. 10 and again on March 12, 2015.",  # dates and a year
        "An 11-year-old girl and a 24-page ruling.",  # modifiers
        "Men aged 18-34 and women 18 to 34 live at home.",  # ranges
        "It lies 12 miles out of Nulato and weighs 17 pounds.",  # measures
        "The show 30 Rock was in the top 10 list at 7:15 p.m.",  # names, ranks, times
        "Sales reached $3 million, 35 percent of the total, in the '90s.",  # money, rates, decades
        "Three people and nine dogs were rescued.",  # small figures
    ],
)
def test_counts_leave_out_dates_modifiers_ranges_measures_and_labels(text: str) -> None:
    assert counts(text) == frozenset()


def test_same_count_needs_the_same_figures_for_the_same_thing() -> None:
    assert same_count(counts(COUNT_B), counts(COUNT_C))
    assert not same_count(
        counts("It carried 287 passengers."), counts("It carried 278 passengers.")
    )
    assert not same_count(
        counts("It carried 287 passengers."), counts("It carried more than 287 passengers.")
    )
    # One side gives a second figure for the same thing: that is the conflict itself.
    assert not same_count(
        counts("It carried 287 passengers."),
        counts("The company counted 287 passengers, the union 400 passengers."),
    )


def test_one_count_in_other_words_is_one_fact() -> None:
    assert count_pair(COUNT_A, COUNT_B)
    assert count_pair(COUNT_B, COUNT_C)
    assert count_pair(COUNT_A, COUNT_C)
    assert not count_pair(COUNT_B, COUNT_CONFLICT)
    assert not count_pair(COUNT_B, "Ionian Lines has said the ferry carried 278 passengers.")


def test_one_count_from_two_different_speakers_stays_apart() -> None:
    heads = speaker_heads("Dock workers said the ferry carried 287 passengers.")
    assert heads == {"dock", "worker"}
    assert not compatible_speakers(
        attributed("x"), attributed("y"), heads, speaker_heads("The company said 287.")
    )
    assert not count_pair(
        "Dock workers said the ferry Aurora carried 287 passengers.",
        "The port police said the ship had 287 passengers when it burned near the island.",
    )
    # A named speaker and a description of one may be one speaker.
    assert count_pair(COUNT_B, COUNT_C)


def test_three_outlets_giving_one_count_make_one_summary_line() -> None:
    one = article("one", COUNT_A + " " + COUNT_CONFLICT, "Harbour Post")
    two = article("two", COUNT_B + " Rescue boats reached the ship within an hour.", "Island Wire")
    three = article("three", COUNT_C + " Fishermen from Kythira helped the crew.", "Sea Times")
    summary = summarize_articles(analysed(one, two, three), 200)
    lines = [s for s in summary if "287 passengers" in s.text]
    assert len(lines) == 1, [s.text for s in summary]
    assert set(lines[0].outlets) == {"Harbour Post", "Island Wire", "Sea Times"}
    # The conflict line stays: other figures, other speakers.
    assert any("more than 400" in s.text for s in summary)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Gen. Dempsey on Sept. 10. They spoke for an hour.",
            ["Mr. Smith met Gen. Dempsey on Sept. 10.", "They spoke for an hour."],
        ),
        (
            "BOYERTOWN, Pa. (AP) — Workers removed 71 beagles. J. K. Rowling was not there!",
            ["BOYERTOWN, Pa. (AP) — Workers removed 71 beagles.", "J. K. Rowling was not there!"],
        ),
        (
            "The U.S. Army arrived. It stayed in the U.S. The war ended.",
            ["The U.S. Army arrived.", "It stayed in the U.S.", "The war ended."],
        ),
        (
            "A headline without a stop\nThe story starts here.\n\nA new paragraph begins.",
            ["A headline without a stop", "The story starts here.", "A new paragraph begins."],
        ),
        (
            "It used enhanced screening procedures.The individual started there.",
            ["It used enhanced screening procedures.", "The individual started there."],
        ),
        (
            'He said "No." Then he left.',
            ['He said "No."', "Then he left."],
        ),
    ],
)
def test_raw_documents_are_split_by_rule(text: str, expected: list[str]) -> None:
    from storyline.summary.split import split_sentences

    found = split_sentences(text, "d0")
    assert [s.text for s in found] == expected
    assert all(text[s.start : s.end] == s.text for s in found)
    assert [s.id for s in found] == [f"d0/s{k}" for k in range(len(expected))]


def test_centroid_v3_reads_quotes_the_first_person_and_openings() -> None:
    from storyline.summary.params import TRAITS
    from storyline.summary.rankers import traits

    cluster = build_cluster(
        analysed(
            article(
                "a",
                "The ferry caught fire off Crete on Tuesday. "
                '"The smoke came up the stairs," said one passenger. '
                "The crew spoke to our reporter in the US later that day. "
                "The US coast guard sent two boats to the ship.",
                "Harbour Post",
            )
        )
    )
    rows = {u.sentence.text.strip(): traits(cluster)[i] for i, u in enumerate(cluster.units)}
    column = {name: k for k, name in enumerate(TRAITS)}
    opening, quote, first, country = rows.values()
    assert opening[column["opening"]] == 1.0 and quote[column["opening"]] == 0.0
    assert quote[column["quoted"]] == 1.0 and opening[column["quoted"]] == 0.0
    assert first[column["first_person"]] == 1.0
    assert country[column["first_person"]] == 0.0  # "US" is the country
    assert len(DEFAULT_RANKER_PARAMS.trait_weights) == len(TRAITS)

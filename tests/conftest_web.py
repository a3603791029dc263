"""A realistic, hand-built store for the web tests.

An invented event (a warehouse fire in the port of Gdańsk) told by four
reports: a wire story, a copy of it in another outlet, an independent local
report that contradicts the wire on two points, and a hostile report whose
title, outlet and text carry markup.  The brief is built by hand from the
records -- summary with sources in several articles, a timeline with a
background entry, entities with aliases and places, contested / corroborated /
single-source / unconfirmed claim groups -- so the web layer can be tested
without running the language stages, and each expectation below is known.
A second story has articles but no brief yet, as after a fresh upload.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path

from storyline.records import (
    Article,
    Brief,
    Claim,
    ClaimGroup,
    Entity,
    Place,
    RawDocument,
    Sentence,
    Story,
    SummarySentence,
    TimelineEvent,
)
from storyline.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"

HOSTILE = "<script>alert('pwned')</script>"

#: Where the tests' clients address the app: the app answers only to host
#: names it is known by (IP addresses, localhost, --allowed-host), so not to
#: the test client's default ``testserver``.
BASE_URL = "http://127.0.0.1:8000"

WIRE = [
    [
        "A fire broke out at a grain warehouse in the port of Gdańsk on Tuesday night, "
        "the port authority said.",
        "Firefighters from Gdynia joined crews in Gdańsk and the blaze was contained by "
        "Wednesday morning.",
    ],
    [
        "The fire brigade said three workers were injured.",
        '"All cargo was moved out before the roof collapsed," said port spokesman Jan Nowak.',
    ],
]
LOCAL = [
    [
        "Twelve dockworkers were treated for smoke inhalation, the dockers' union said on "
        "Wednesday.",
        "Workers said they were unable to leave the burning warehouse for almost an hour.",
    ],
    [
        "Port officials said the fire started on Tuesday evening in a grain store.",
        "The cause of the fire could not be immediately confirmed.",
        "The warehouse was built in 1998 and extended after a fire in 2009.",
    ],
]
EVIL = [[f"Readers were told {HOSTILE} that <img src=x onerror=alert(1)> the port burned."]]


def _article(
    article_id: str, paragraphs: list[list[str]], **fields: object
) -> tuple[Article, list[Sentence]]:
    """An article whose sentence offsets point exactly into its text."""
    text = ""
    sentences: list[Sentence] = []
    for p_index, paragraph in enumerate(paragraphs):
        if p_index:
            text += "\n\n"
        for s_index, sentence in enumerate(paragraph):
            if s_index:
                text += " "
            start = len(text)
            text += sentence
            sentences.append(
                Sentence(
                    f"{article_id}/s{len(sentences)}",
                    article_id,
                    len(sentences),
                    start,
                    len(text),
                    sentence,
                )
            )
    article = Article(
        id=article_id, raw_id=article_id, origin=f"{article_id}.txt", text=text, **fields
    )  # type: ignore[arg-type]
    return article, sentences


def _span(sentence: Sentence, part: str) -> tuple[int, int]:
    start = sentence.text.index(part)
    return sentence.start + start, sentence.start + start + len(part)


def build_brief() -> tuple[Brief, Story, list[Article]]:
    a1, s1 = _article(
        "a1a1a1a1a1a1",
        WIRE,
        title="Fire hits Gdańsk port warehouse",
        outlet="Baltic Wire",
        published=dt.date(2026, 3, 3),
        published_from="metadata",
        syndication_group="syn-1",
        byline="By Ola Kral",
        language="en",
    )
    a2, s2 = _article(
        "b2b2b2b2b2b2",
        WIRE,
        title="Fire hits Gdańsk port warehouse",
        outlet="Coastal Herald",
        published=dt.date(2026, 3, 3),
        published_from="dateline",
        syndication_group="syn-1",
        language="en",
    )
    a3, s3 = _article(
        "c3c3c3c3c3c3",
        LOCAL,
        title="Dockers say they were trapped",
        outlet="Gdańsk Daily",
        published=dt.date(2026, 3, 4),
        published_from="header",
        language="en",
    )
    a4, s4 = _article(
        "d4d4d4d4d4d4",
        EVIL,
        title=f"{HOSTILE} Port fire",
        outlet="<b>Evil</b> Times",
        published=dt.date(2026, 3, 4),
        language="en",
    )
    sentences = [*s1, *s2, *s3, *s4]
    story = Story(
        id="st-port-fire",
        title="Fire at a Gdańsk port warehouse",
        article_ids=(a1.id, a2.id, a3.id, a4.id),
        start=dt.date(2026, 3, 3),
        end=dt.date(2026, 3, 4),
    )
    gdansk = Place(54.352, 18.646, "PL", "city", 3099434, "Gdańsk")
    gdynia = Place(54.518, 18.531, "PL", "city", 3099424, "Gdynia")
    entities = (
        Entity("e-gdansk", "Gdańsk", "GPE", ("Gdansk", "Danzig"), 4, (a1.id, a2.id), 0.9, gdansk),
        Entity("e-gdynia", "Gdynia", "GPE", (), 2, (a1.id, a2.id), 0.4, gdynia),
        Entity(
            "e-nowak", "Jan Nowak", "PERSON", ("Nowak", "port spokesman"), 2, (a1.id, a2.id), 0.6
        ),
        Entity("e-union", "dockers' union", "ORG", ("the union",), 1, (a3.id,), 0.5),
        Entity("e-evil", HOSTILE, "ORG", (), 1, (a4.id,), 0.1),
    )

    def claim(
        cid: str,
        sentence: Sentence,
        speaker: str | None,
        stype: str,
        cue: str | None,
        content: str,
        group: str,
        **extra: object,
    ) -> Claim:
        return Claim(
            id=cid,
            speaker=speaker,
            speaker_entity=None,
            speaker_type=stype,  # type: ignore[arg-type]
            cue=cue,
            content=content,
            hedged=bool(extra.get("hedges")),
            sentence_id=sentence.id,
            article_id=sentence.article_id,
            group_id=group,
            content_span=_span(sentence, content),
            speaker_span=_span(sentence, speaker) if speaker and speaker in sentence.text else None,
            **extra,  # type: ignore[arg-type]
        )

    claims = (
        claim(
            "c1",
            s1[2],
            "The fire brigade",
            "official",
            "said",
            "three workers were injured",
            "g-injured-3",
        ),
        claim(
            "c2",
            s2[2],
            "The fire brigade",
            "official",
            "said",
            "three workers were injured",
            "g-injured-3",
        ),
        claim(
            "c3",
            s3[0],
            "the dockers' union",
            "activist",
            "said",
            "Twelve dockworkers were treated for smoke inhalation",
            "g-injured-12",
        ),
        claim(
            "c4",
            s1[3],
            "Jan Nowak",
            "official",
            "said",
            "All cargo was moved out before the roof collapsed",
            "g-evacuated",
        ),
        claim(
            "c5",
            s3[1],
            "Workers",
            "witness",
            "said",
            "they were unable to leave the burning warehouse for almost an hour",
            "g-trapped",
        ),
        claim(
            "c6",
            s3[2],
            "Port officials",
            "official",
            "said",
            "the fire started on Tuesday evening in a grain store",
            "g-start",
        ),
        claim(
            "c7",
            s1[0],
            "the port authority",
            "official",
            "said",
            "A fire broke out at a grain warehouse in the port of Gdańsk on Tuesday night",
            "g-start",
        ),
        claim(
            "c8",
            s3[3],
            None,
            "outlet",
            None,
            "The cause of the fire could not be immediately confirmed",
            "g-cause",
            hedges=("could not be immediately confirmed",),
        ),
        claim(
            "c9",
            s4[0],
            HOSTILE,
            "unknown",
            "told",
            "<img src=x onerror=alert(1)> the port burned",
            "g-evil",
        ),
    )
    groups = (
        ClaimGroup(
            "g-start",
            "The fire started on Tuesday evening at a grain warehouse",
            ("c6", "c7"),
            ("Gdańsk Daily", "Baltic Wire"),
            2,
            "corroborated",
        ),
        ClaimGroup(
            "g-injured-3",
            "Three workers were injured",
            ("c1", "c2"),
            ("Baltic Wire", "Coastal Herald"),
            1,
            "contested",
            ("g-injured-12",),
        ),
        ClaimGroup(
            "g-injured-12",
            "Twelve dockworkers were treated for smoke inhalation",
            ("c3",),
            ("Gdańsk Daily",),
            1,
            "contested",
            ("g-injured-3",),
        ),
        ClaimGroup(
            "g-evacuated",
            "All cargo was moved out before the roof collapsed",
            ("c4",),
            ("Baltic Wire",),
            1,
            "contested",
            ("g-trapped",),
        ),
        ClaimGroup(
            "g-trapped",
            "Workers could not leave the warehouse for an hour",
            ("c5",),
            ("Gdańsk Daily",),
            1,
            "contested",
            ("g-evacuated",),
        ),
        ClaimGroup(
            "g-cause",
            "The cause of the fire is unconfirmed",
            ("c8",),
            ("Gdańsk Daily",),
            1,
            "unconfirmed",
        ),
        ClaimGroup(
            "g-evil", f"{HOSTILE} claims", ("c9",), ("<b>Evil</b> Times",), 1, "single_source"
        ),
    )
    summary = (
        SummarySentence(
            "A fire broke out at a grain warehouse in the port of Gdańsk on Tuesday night.",
            (s1[0].id, s2[0].id, s3[2].id),
            ("Baltic Wire", "Coastal Herald", "Gdańsk Daily"),
        ),
        SummarySentence(
            "Twelve dockworkers were treated for smoke inhalation, the dockers' union said.",
            (s3[0].id,),
            ("Gdańsk Daily",),
        ),
        SummarySentence(
            "Firefighters from Gdynia joined crews in Gdańsk and the blaze was contained by "
            "Wednesday morning.",
            (s1[1].id, s2[1].id),
            ("Baltic Wire", "Coastal Herald"),
        ),
        SummarySentence(EVIL[0][0], (s4[0].id,), ("<b>Evil</b> Times",)),
    )
    timeline = (
        TimelineEvent(
            "2026-03-03",
            "day",
            "Fire breaks out at a grain warehouse in Gdańsk port",
            (s1[0].id, s2[0].id, s3[2].id),
        ),
        TimelineEvent(
            "2026-03-04",
            "day",
            "The blaze is contained; twelve treated for smoke",
            (s1[1].id, s3[0].id),
        ),
        TimelineEvent("1998", "year", "The warehouse is built", (s3[4].id,), background=True),
        TimelineEvent(
            "2009",
            "year",
            "An earlier fire; the warehouse is extended",
            (s3[4].id,),
            background=True,
        ),
    )
    brief = Brief(
        articles=(a1, a2, a3, a4),
        sentences=tuple(sentences),
        stories=(story,),
        summary=summary,
        timeline=timeline,
        entities=entities,
        claims=claims,
        claim_groups=groups,
        warnings=("d4d4d4d4d4d4.txt: date taken from the file, not the text",),
    )
    return brief, story, [a1, a2, a3, a4]


PENDING_TEXT = "Harbour ferries resumed service on Friday after a two-day strike."


def fill_store(path: str | Path) -> Store:
    """A store holding the fire story with its brief, and a newer story
    (one report) whose brief has not been built yet."""
    brief, story, articles = build_brief()
    pending, _ = _article(
        "e5e5e5e5e5e5",
        [[PENDING_TEXT]],
        title="Ferries back after strike",
        outlet="Radio North",
        published=dt.date(2026, 3, 6),
    )
    store = Store(path)
    stored = []
    for article in [*articles, pending]:
        # raw ids are the SHA-256 of the bytes, as ingest makes them, so that
        # uploading the same bytes again is recognised as known
        data = article.text.encode()
        raw_id = hashlib.sha256(data).hexdigest()
        store.add_raw(
            RawDocument(
                id=raw_id,
                origin=article.origin,
                media_type="text/plain",
                size=len(data),
                received_at="2026-03-06T10:00:00+00:00",
                data=data,
            )
        )
        stored.append(replace(article, raw_id=raw_id))
    store.add_articles(stored)
    newer = Story(
        "st-ferries",
        "Ferries back after strike",
        (pending.id,),
        dt.date(2026, 3, 6),
        dt.date(2026, 3, 6),
    )
    store.save_stories([story, newer])
    store.save_brief(story.id, brief)
    return store

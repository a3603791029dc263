"""View models: what the templates show, computed from records.

The templates stay dumb (loops and escaping only) so that every decision a
reader depends on -- which claims come first, which outlets count as
independent, where a source chip leads -- lives here, in typed Python that the
tests can check without a browser.  Nothing here builds HTML: the Jinja2
environment escapes every string these functions return.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from storyline.records import (
    Article,
    Brief,
    Claim,
    ClaimGroup,
    Entity,
    Sentence,
    Story,
    TimelineEvent,
)

#: Ledger order a journalist reads in: what is disputed, then what is backed by
#: several outlets, then what rests on one outlet, then what nobody confirmed.
STATUS_ORDER = {"contested": 0, "corroborated": 1, "single_source": 2, "unconfirmed": 3}


def unquote(text: str) -> str:
    """Claim content without the quotation marks it was written with: the
    page sets it in a ``<q>``, which adds its own."""
    return text.strip().strip(",").strip("\"\u201c\u201d\u2018\u2019'").strip(",").strip()


def sentence_anchor(sentence_id: str) -> str:
    """The HTML id of a sentence on its article page.

    Sentence ids look like ``<article id>/s<index>``; the slash and dots are
    legal in an id but awkward in CSS selectors and URLs, so the anchor keeps
    only the index part: ``s-4``.  It is unique within one article page.
    """
    tail = sentence_id.rsplit("/", 1)[-1]
    index = tail[1:] if tail.startswith("s") else tail
    return "s-" + re.sub(r"[^A-Za-z0-9_-]", "_", index)


def article_of(sentence_id: str) -> str:
    """The article id a sentence id belongs to (the part before the last slash)."""
    return sentence_id.rsplit("/", 1)[0]


#: Longest chip label taken from a title when a report names no outlet; a
#: chip is a pointer, and three of them must fit beside a summary line.
LABEL_CHARS = 28


def outlet_label(article: Article | None, article_id: str) -> str:
    """A short human label for an article: its outlet, else the start of its
    title cut at a word, else "report" and the start of its id."""
    if article is not None and article.outlet:
        return article.outlet
    title = " ".join((article.title or "").split()) if article is not None else ""
    if len(title) > LABEL_CHARS:
        cut = title[: LABEL_CHARS + 1].rsplit(" ", 1)[0] or title[:LABEL_CHARS]
        title = cut.rstrip(" ,;:-–—") + "…"
    return title or f"report {article_id[:8]}"


@dataclass(frozen=True, slots=True)
class SourceChip:
    """One link from a derived line back to the sentence it came from."""

    sentence_id: str
    article_id: str
    label: str
    href: str
    quote: str


def chip(
    sentence_id: str,
    articles: Mapping[str, Article],
    sentences: Mapping[str, Sentence],
    story_id: str | None = None,
) -> SourceChip:
    article_id = article_of(sentence_id)
    sentence = sentences.get(sentence_id)
    if sentence is not None:
        article_id = sentence.article_id
    query = f"?story={story_id}" if story_id else ""
    return SourceChip(
        sentence_id=sentence_id,
        article_id=article_id,
        label=outlet_label(articles.get(article_id), article_id),
        href=f"/articles/{article_id}{query}#{sentence_anchor(sentence_id)}",
        quote=sentence.text if sentence is not None else "",
    )


@dataclass(frozen=True, slots=True)
class SummaryLine:
    text: str
    chips: tuple[SourceChip, ...]


@dataclass(frozen=True, slots=True)
class TimelineItem:
    date: str
    granularity: str
    text: str
    chips: tuple[SourceChip, ...]
    x: float  # position along the drawn axis, 0..1


@dataclass(frozen=True, slots=True)
class LedgerClaim:
    claim: Claim
    outlet: str
    chip: SourceChip


@dataclass(frozen=True, slots=True)
class LedgerGroup:
    group: ClaimGroup
    claims: tuple[LedgerClaim, ...]
    conflicts: tuple[LedgerGroup, ...] = ()
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceRow:
    article: Article
    independent: bool
    note: str
    group_size: int


@dataclass(frozen=True, slots=True)
class StoryPage:
    story: Story | None
    title: str
    summary: tuple[SummaryLine, ...]
    timeline: tuple[TimelineItem, ...]
    background: tuple[TimelineItem, ...]
    axis: tuple[tuple[float, str], ...]
    ledger: tuple[LedgerGroup, ...]
    loose_claims: tuple[LedgerClaim, ...]
    entities: tuple[Entity, ...]
    places: tuple[Entity, ...]
    sources: tuple[SourceRow, ...]
    warnings: tuple[str, ...]
    contested: int
    independent_outlets: int


def _date_ordinal(value: str) -> float | None:
    """A sortable day number for a TIMEX3 date value (day, month or year)."""
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        return float(dt.date(year, month, day).toordinal())
    except ValueError:
        return None


def _timeline_items(
    events: Iterable[TimelineEvent],
    articles: Mapping[str, Article],
    sentences: Mapping[str, Sentence],
    story_id: str | None,
) -> tuple[list[TimelineItem], tuple[tuple[float, str], ...]]:
    """Place events on a 0..1 axis proportional to time, so gaps read as gaps."""
    events = sorted(events, key=lambda e: (_date_ordinal(e.date) or 0.0, e.date))
    ordinals = [o for o in (_date_ordinal(e.date) for e in events) if o is not None]
    low, high = (min(ordinals), max(ordinals)) if ordinals else (0.0, 0.0)
    span = high - low
    items = []
    for event in events:
        ordinal = _date_ordinal(event.date)
        x = 0.5 if ordinal is None or span == 0 else (ordinal - low) / span
        chips = tuple(chip(s, articles, sentences, story_id) for s in event.sources)
        items.append(TimelineItem(event.date, event.granularity, event.text, chips, x))
    axis: list[tuple[float, str]] = []
    for item in items:
        if not axis or abs(axis[-1][0] - item.x) > 0.08:
            axis.append((item.x, item.date))
    return items, tuple(axis)


def source_rows(articles: Sequence[Article]) -> tuple[SourceRow, ...]:
    """Which reports are independent, and which copy another or one wire story.

    An article marked ``duplicate_of`` is a copy.  Within a syndication group
    the earliest report (by date, then id) stands for the wire story and the
    others are republications, so a group of five outlets counts once.
    """
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        if article.syndication_group:
            groups[article.syndication_group].append(article)

    def order(a: Article) -> tuple[dt.date, str]:
        return (a.published or dt.date.max, a.id)

    leaders = {g: min(members, key=order).id for g, members in groups.items()}
    by_id = {a.id: a for a in articles}
    rows = []
    for article in sorted(articles, key=lambda a: (a.syndication_group or a.id, order(a))):
        group = article.syndication_group
        size = len(groups[group]) if group else 1
        if article.duplicate_of:
            original = by_id.get(article.duplicate_of)
            name = outlet_label(original, article.duplicate_of)
            rows.append(SourceRow(article, False, f"duplicate of {name}", size))
        elif group and leaders[group] != article.id:
            leader = by_id[leaders[group]]
            rows.append(
                SourceRow(
                    article, False, f"copy of wire story ({outlet_label(leader, leader.id)})", size
                )
            )
        elif group and size > 1:
            rows.append(
                SourceRow(article, True, f"wire story, republished by {size - 1} more", size)
            )
        else:
            rows.append(SourceRow(article, True, "independent", size))
    return tuple(rows)


def _ledger(
    brief: Brief,
    articles: Mapping[str, Article],
    sentences: Mapping[str, Sentence],
    story_id: str | None,
) -> tuple[tuple[LedgerGroup, ...], tuple[LedgerClaim, ...]]:
    claims = {c.id: c for c in brief.claims}

    def ledger_claim(claim: Claim) -> LedgerClaim:
        return LedgerClaim(
            claim,
            outlet_label(articles.get(claim.article_id), claim.article_id),
            # no hover quote: the claim's words are printed beside the chip,
            # and a big story's ledger would carry every sentence twice
            replace(chip(claim.sentence_id, articles, sentences, story_id), quote=""),
        )

    def names(group: ClaimGroup) -> tuple[str, ...]:
        # a group may name an outlet by its article id when the report has no
        # outlet line; show the same label its chips carry
        return tuple(
            dict.fromkeys(
                outlet_label(articles[o], o) if o in articles else o for o in group.outlets
            )
        )

    def plain(group: ClaimGroup) -> LedgerGroup:
        members = tuple(ledger_claim(claims[c]) for c in group.claim_ids if c in claims)
        return LedgerGroup(group, members, (), names(group))

    groups = {g.id: g for g in brief.claim_groups}
    ordered = sorted(
        brief.claim_groups,
        key=lambda g: (STATUS_ORDER.get(g.status, 9), -g.independent_sources, g.id),
    )
    ledger = []
    shown: set[str] = set()
    for group in ordered:
        # A conflict is shown once, with both sides: the group that comes
        # first in the ledger carries the groups it conflicts with, and those
        # are not repeated as entries of their own.
        if group.id in shown:
            continue
        conflicting = [groups[o] for o in group.conflicts_with if o in groups and o not in shown]
        shown.update([group.id, *(g.id for g in conflicting)])
        ledger.append(
            LedgerGroup(
                group, plain(group).claims, tuple(plain(g) for g in conflicting), names(group)
            )
        )
    grouped = {c for g in brief.claim_groups for c in g.claim_ids}
    loose = tuple(ledger_claim(c) for c in brief.claims if c.id not in grouped)
    return tuple(ledger), loose


def story_page(brief: Brief, story: Story | None = None) -> StoryPage:
    """Everything the story page shows, in reading order, from one brief."""
    if story is None and brief.stories:
        story = brief.stories[0]
    story_id = story.id if story else None
    articles = {a.id: a for a in brief.articles}
    sentences = {s.id: s for s in brief.sentences}
    summary = tuple(
        SummaryLine(line.text, tuple(chip(s, articles, sentences, story_id) for s in line.sources))
        for line in brief.summary
    )
    own, axis = _timeline_items(
        (e for e in brief.timeline if not e.background), articles, sentences, story_id
    )
    background, _ = _timeline_items(
        (e for e in brief.timeline if e.background), articles, sentences, story_id
    )
    ledger, loose = _ledger(brief, articles, sentences, story_id)
    entities = tuple(sorted(brief.entities, key=lambda e: (-e.salience, -e.mentions, e.name)))
    sources = source_rows(brief.articles)
    title = (
        story.title
        if story
        else (brief.articles[0].title or "Brief")
        if brief.articles
        else "Brief"
    )
    return StoryPage(
        story=story,
        title=title,
        summary=summary,
        timeline=tuple(own),
        background=tuple(background),
        axis=axis,
        ledger=ledger,
        loose_claims=loose,
        entities=entities,
        places=tuple(e for e in entities if e.place is not None),
        sources=sources,
        warnings=brief.warnings,
        contested=sum(1 for g in brief.claim_groups if g.status == "contested"),
        independent_outlets=len(
            {r.article.outlet or r.article.id for r in sources if r.independent}
        ),
    )


# ---------------------------------------------------------------- article page


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of sentence text with the marks that cover it."""

    text: str
    classes: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True, slots=True)
class MarkedSentence:
    sentence: Sentence
    anchor: str
    pieces: tuple[Piece, ...]
    claims: tuple[Claim, ...]
    paragraph_break: bool = False


@dataclass(frozen=True, slots=True)
class ArticlePage:
    article: Article
    sentences: tuple[MarkedSentence, ...]
    paragraphs: tuple[str, ...]
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    story_id: str | None = None
    story_title: str | None = None
    notes: tuple[str, ...] = field(default=())


def _span_in(span: tuple[int, int] | None, sentence: Sentence) -> tuple[int, int] | None:
    """An article-offset span clipped to the sentence, as sentence-relative offsets."""
    if span is None:
        return None
    start, end = max(span[0], sentence.start), min(span[1], sentence.end)
    if start >= end:
        return None
    return start - sentence.start, end - sentence.start


def _find(needle: str, haystack: str) -> tuple[int, int] | None:
    if not needle:
        return None
    index = haystack.find(needle)
    return None if index < 0 else (index, index + len(needle))


def _alias_pattern(entities: Sequence[Entity]) -> tuple[re.Pattern[str] | None, dict[str, Entity]]:
    """One regex over every name and alias, longest first so "Islamic State"
    wins over "State"; matched on word boundaries."""
    names: dict[str, Entity] = {}
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            if len(name) >= 2 and name not in names:
                names[name] = entity
    if not names:
        return None, names
    alternatives = sorted(names, key=len, reverse=True)
    # a hyphen continues a name ("Papa-Dimitriou" is not "Papa" plus more)
    pattern = r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in alternatives) + r")(?![\w-])"
    return re.compile(pattern), names


def _pieces(text: str, marks: list[tuple[int, int, str, str]]) -> tuple[Piece, ...]:
    """Cut ``text`` at every mark boundary; each run carries the marks over it."""
    cuts = {0, len(text)}
    for start, end, _, _ in marks:
        cuts.update((start, end))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    pieces = []
    for start, end in pairwise(points):
        covering = [m for m in marks if m[0] <= start and end <= m[1]]
        classes = tuple(dict.fromkeys(m[2] for m in covering))
        title = "; ".join(dict.fromkeys(m[3] for m in covering if m[3]))
        pieces.append(Piece(text[start:end], classes, title))
    return tuple(pieces)


def mark_sentence(
    sentence: Sentence,
    claims: Sequence[Claim],
    pattern: re.Pattern[str] | None,
    names: Mapping[str, Entity],
) -> tuple[Piece, ...]:
    """Entity mentions and claim speaker / cue / content marked within one sentence."""
    marks: list[tuple[int, int, str, str]] = []
    for claim in claims:
        speaker = claim.speaker or "unattributed"
        for span, text, css in (
            (claim.content_span, claim.content, "claim-content"),
            (claim.speaker_span, claim.speaker, "claim-speaker"),
            (claim.cue_span, claim.cue, "claim-cue"),
        ):
            local = _span_in(span, sentence) or _find(text or "", sentence.text)
            if local:
                marks.append((*local, css, f"claim by {speaker} ({claim.speaker_type})"))
    if pattern is not None:
        for match in pattern.finditer(sentence.text):
            entity = names[match.group(0)]
            marks.append((match.start(), match.end(), "entity", f"{entity.name} · {entity.type}"))
    return _pieces(sentence.text, marks)


def article_page(
    article: Article,
    brief: Brief | None,
    story: Story | None = None,
) -> ArticlePage:
    """An article with its sentences anchored (``#s-4``) and marked.

    Without a brief (not yet analysed) the page still shows the text, by
    paragraph, so a freshly uploaded report is readable at once.
    """
    if brief is None:
        paragraphs = tuple(p.strip() for p in article.text.split("\n\n") if p.strip())
        return ArticlePage(
            article,
            (),
            paragraphs,
            (),
            (),
            story.id if story else None,
            story.title if story else None,
            ("This report has not been analysed into a brief yet.",),
        )
    sentences = sorted(
        (s for s in brief.sentences if s.article_id == article.id), key=lambda s: s.index
    )
    entities = tuple(
        sorted((e for e in brief.entities if article.id in e.articles), key=lambda e: -e.salience)
    )
    claims = tuple(c for c in brief.claims if c.article_id == article.id)
    by_sentence: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_sentence[claim.sentence_id].append(claim)
    pattern, names = _alias_pattern(entities)
    marked = []
    previous_end = 0
    for sentence in sentences:
        gap = article.text[previous_end : sentence.start]
        previous_end = sentence.end
        own = by_sentence.get(sentence.id, [])
        marked.append(
            MarkedSentence(
                sentence,
                sentence_anchor(sentence.id),
                mark_sentence(sentence, own, pattern, names),
                tuple(own),
                paragraph_break="\n\n" in gap,
            )
        )
    return ArticlePage(
        article,
        tuple(marked),
        (),
        entities,
        claims,
        story.id if story else None,
        story.title if story else None,
    )


# ---------------------------------------------------------------- story list


@dataclass(frozen=True, slots=True)
class StoryRow:
    story: Story
    outlets: tuple[str, ...]
    articles: int
    contested: int
    groups: int
    analysed: bool


def story_sort_key(story: Story) -> tuple[int, int, str]:
    """Newest first, then most covered: the latest day a story has news for
    decides, and among stories of the same day the one more outlets carry."""
    last = story.end or story.start
    return (-(last.toordinal() if last else 0), -len(story.article_ids), story.id)


def story_row(story: Story, articles: Mapping[str, Article], brief: Brief | None) -> StoryRow:
    outlets = tuple(dict.fromkeys(outlet_label(articles.get(a), a) for a in story.article_ids))
    groups = brief.claim_groups if brief else ()
    return StoryRow(
        story=story,
        outlets=outlets,
        articles=len(story.article_ids),
        contested=sum(1 for g in groups if g.status == "contested"),
        groups=len(groups),
        analysed=brief is not None,
    )

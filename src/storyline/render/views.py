"""View models: what every rendering of a brief shows, computed from records.

One layer for the Markdown brief, the self-contained HTML brief and the
served pages (story list, story, and :mod:`storyline.render.article`), so
that every decision a reader depends on -- which claims come first
(:func:`ledger_order`), which outlets count as independent, where a source
chip leads -- is made once, here, in typed Python that the tests can check
without a browser.  The templates stay dumb (loops and escaping only), and
nothing here builds HTML: the Jinja2 environment escapes every string these
functions return.

Where the HTTP API shows a record with something added (a story with its
outlets, a claim group with its claims), the view is a dataclass that extends
the record, so the API's JSON and schema come from the record itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Annotated, Any, TypeVar

from pydantic import Field

from storyline.records import (
    Article,
    Brief,
    Claim,
    ClaimGroup,
    Entity,
    Sentence,
    Story,
    StoryColumns,
    TimelineEvent,
)

V = TypeVar("V")

# ---------------------------------------------------------------- the ledger

#: Ledger order a journalist reads in: what is disputed, then what is backed by
#: several outlets, then what rests on one outlet, then what nobody confirmed.
STATUS_ORDER = {"contested": 0, "corroborated": 1, "single_source": 2, "unconfirmed": 3}
STATUS_LABEL = {
    "contested": "Contested",
    "corroborated": "Corroborated",
    "single_source": "Single source",
    "unconfirmed": "Unconfirmed",
}
SOURCE_TYPE_LABEL = {
    "official": "official",
    "state_media": "state media",
    "military": "military",
    "monitor": "monitor",
    "activist": "activist",
    "international_body": "international body",
    "witness": "witness/resident",
    "militant_group": "militant group",
    "outlet": "outlet's own reporting",
    "expert": "expert",
    "unknown": "unknown",
}


def ledger_order(groups: Iterable[ClaimGroup]) -> list[ClaimGroup]:
    """The claims ledger in reading order, the one order of every rendering
    and of the API: contested, corroborated, single source, unconfirmed; within
    a status more independent sources first, then by id."""
    return sorted(
        groups, key=lambda g: (STATUS_ORDER.get(g.status, 9), -g.independent_sources, g.id)
    )


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


@dataclass(frozen=True, slots=True)
class Links:
    """Where a page's links to the reports lead.

    A served page links a source to its article page
    (``/articles/<id>?story=<story>#s-4``).  The self-contained brief carries
    the reports' texts itself, so its links stay within the file
    (``#s-<sentence id>``, ``#a-<article id>``).
    """

    story_id: str | None = None
    standalone: bool = False

    def _query(self) -> str:
        return f"?story={self.story_id}" if self.story_id else ""

    def sentence(self, article_id: str, sentence_id: str) -> str:
        if self.standalone:
            return f"#s-{sentence_id}"
        return f"/articles/{article_id}{self._query()}#{sentence_anchor(sentence_id)}"

    def article(self, article_id: str) -> str:
        if self.standalone:
            return f"#a-{article_id}"
        return f"/articles/{article_id}{self._query()}"


#: Links of a served page that belongs to no story.
SERVED = Links()


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
    links: Links = SERVED,
) -> SourceChip:
    article_id = article_of(sentence_id)
    sentence = sentences.get(sentence_id)
    if sentence is not None:
        article_id = sentence.article_id
    return SourceChip(
        sentence_id=sentence_id,
        article_id=article_id,
        label=outlet_label(articles.get(article_id), article_id),
        href=links.sentence(article_id, sentence_id),
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
    href: str


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
    links: Links,
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
        chips = tuple(chip(s, articles, sentences, links) for s in event.sources)
        items.append(TimelineItem(event.date, event.granularity, event.text, chips, x))
    axis: list[tuple[float, str]] = []
    for item in items:
        if not axis or abs(axis[-1][0] - item.x) > 0.08:
            axis.append((item.x, item.date))
    return items, tuple(axis)


def source_rows(articles: Sequence[Article], links: Links = SERVED) -> tuple[SourceRow, ...]:
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
            original = outlet_label(by_id.get(article.duplicate_of), article.duplicate_of)
            independent, note = False, f"duplicate of {original}"
        elif group and leaders[group] != article.id:
            leader = by_id[leaders[group]]
            independent, note = False, f"copy of wire story ({outlet_label(leader, leader.id)})"
        elif group and size > 1:
            independent, note = True, f"wire story, republished by {size - 1} more"
        else:
            independent, note = True, "independent"
        rows.append(SourceRow(article, independent, note, size, links.article(article.id)))
    return tuple(rows)


def _ledger(
    brief: Brief,
    articles: Mapping[str, Article],
    sentences: Mapping[str, Sentence],
    links: Links,
) -> tuple[tuple[LedgerGroup, ...], tuple[LedgerClaim, ...]]:
    claims = {c.id: c for c in brief.claims}

    def ledger_claim(claim: Claim) -> LedgerClaim:
        return LedgerClaim(
            claim,
            outlet_label(articles.get(claim.article_id), claim.article_id),
            # no hover quote: the claim's words are printed beside the chip,
            # and a big story's ledger would carry every sentence twice
            replace(chip(claim.sentence_id, articles, sentences, links), quote=""),
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
    ledger = []
    shown: set[str] = set()
    for group in ledger_order(brief.claim_groups):
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


def brief_title(brief: Brief, story: Story | None = None) -> str:
    """The story's title, else the first story's, else the first article title there is."""
    if story is not None:
        return story.title
    if brief.stories:
        return brief.stories[0].title
    return next((a.title for a in brief.articles if a.title), "Brief")


def story_page(brief: Brief, story: Story | None = None, *, standalone: bool = False) -> StoryPage:
    """Everything the story page shows, in reading order, from one brief.

    ``standalone``: for the self-contained brief, whose links stay within the
    file (see :class:`Links`); the served page links to the article pages.
    """
    if story is None and brief.stories:
        story = brief.stories[0]
    links = Links(story.id if story else None, standalone)
    articles = {a.id: a for a in brief.articles}
    sentences = {s.id: s for s in brief.sentences}
    summary = tuple(
        SummaryLine(line.text, tuple(chip(s, articles, sentences, links) for s in line.sources))
        for line in brief.summary
    )
    own, axis = _timeline_items(
        (e for e in brief.timeline if not e.background), articles, sentences, links
    )
    background, _ = _timeline_items(
        (e for e in brief.timeline if e.background), articles, sentences, links
    )
    ledger, loose = _ledger(brief, articles, sentences, links)
    entities = tuple(sorted(brief.entities, key=lambda e: (-e.salience, -e.mentions, e.name)))
    sources = source_rows(brief.articles, links)
    return StoryPage(
        story=story,
        title=brief_title(brief, story),
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


# ---------------------------------------------------------------- the brief as a document


@dataclass(frozen=True, slots=True)
class SourceRef:
    number: int
    article: Article

    @property
    def label(self) -> str:
        return self.article.outlet or self.article.title or self.article.id


class BriefView:
    """Lookups over a brief for the brief as a document (Markdown, and the
    head of the self-contained HTML): source numbers, coverage, dates, copies."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.refs = {a.id: SourceRef(n, a) for n, a in enumerate(brief.articles, start=1)}
        self.sentences = {s.id: s for s in brief.sentences}
        self.claims = {c.id: c for c in brief.claims}
        self.groups = {g.id: g for g in brief.claim_groups}

    @property
    def title(self) -> str:
        return brief_title(self.brief)

    def article_of(self, sentence_id: str) -> str:
        sentence = self.sentences.get(sentence_id)
        return sentence.article_id if sentence else article_of(sentence_id)

    def refs_for(self, sentence_ids: Sequence[str]) -> list[SourceRef]:
        seen: dict[str, SourceRef] = {}
        for sid in sentence_ids:
            aid = self.article_of(sid)
            if aid in self.refs and aid not in seen:
                seen[aid] = self.refs[aid]
        return sorted(seen.values(), key=lambda r: r.number)

    def ledger(self) -> list[ClaimGroup]:
        return ledger_order(self.brief.claim_groups)

    def claims_of(self, group: ClaimGroup) -> list[Claim]:
        return [self.claims[c] for c in group.claim_ids if c in self.claims]

    def speakers(self, group: ClaimGroup) -> str:
        names: list[str] = []
        for claim in self.claims_of(group):
            kind = SOURCE_TYPE_LABEL.get(claim.speaker_type, claim.speaker_type)
            name = f"{claim.speaker or 'unattributed'} ({kind})"
            if name not in names:
                names.append(name)
        return "; ".join(names)

    def dates(self) -> str:
        days = sorted(a.published for a in self.brief.articles if a.published)
        if not days:
            return "dates unknown"
        return days[0].isoformat() if days[0] == days[-1] else f"{days[0]} to {days[-1]}"

    def outlets(self) -> list[str]:
        """The named outlets, in article order; articles without an outlet are not one outlet."""
        out: list[str] = []
        for a in self.brief.articles:
            if a.outlet and a.outlet not in out:
                out.append(a.outlet)
        return out

    def coverage(self) -> str:
        """'6 articles, no outlet named' / '10 articles from 7 outlets (2 articles unnamed)'."""
        n = len(self.brief.articles)
        named = self.outlets()
        unnamed = sum(1 for a in self.brief.articles if not a.outlet)
        articles = f"{n} article" + ("" if n == 1 else "s")
        if not named:
            return f"{articles}, no outlet named"
        line = f"{articles} from {len(named)} outlet" + ("" if len(named) == 1 else "s")
        if unnamed:
            line += f" ({unnamed} without a named outlet)"
        return line

    def copy_note(self, article: Article) -> str:
        """How this article relates to others: a copy, a syndicated wire story, or independent."""
        if article.duplicate_of:
            ref = self.refs.get(article.duplicate_of)
            return f"copy of [{ref.number}]" if ref else f"copy of {article.duplicate_of}"
        if article.syndication_group:
            peers = [
                self.refs[a.id].number
                for a in self.brief.articles
                if a.syndication_group == article.syndication_group and a.id != article.id
            ]
            if peers:
                return "same wire story as " + ", ".join(f"[{n}]" for n in peers)
        return "independent"

    def story_line(self, story: Story) -> str:
        span = ""
        if story.start:
            span = story.start.isoformat()
            if story.end and story.end != story.start:
                span += f" to {story.end.isoformat()}"
        return f"{story.title} — {len(story.article_ids)} article(s){', ' + span if span else ''}"

    def warnings(self) -> list[str]:
        """The brief's warnings, then each article's, named by article id."""
        return list(self.brief.warnings) + [
            f"{a.id}: {w}" for a in self.brief.articles for w in a.warnings
        ]


@dataclass(frozen=True, slots=True)
class ArticleText:
    """A report's text as the self-contained brief carries it: numbered as in
    the sources, sentence by sentence (each a link target), by paragraph."""

    ref: SourceRef
    paragraphs: tuple[tuple[Sentence, ...], ...]


def article_texts(view: BriefView) -> tuple[ArticleText, ...]:
    """Every article's sentences in order, cut into paragraphs where the text
    between two sentences holds a blank line."""
    texts = {a.id: a.text for a in view.brief.articles}
    paragraphs: dict[str, list[list[Sentence]]] = {}
    last_end: dict[str, int] = {}
    for s in view.brief.sentences:
        own = paragraphs.setdefault(s.article_id, [])
        gap = texts.get(s.article_id, "")[last_end.get(s.article_id, 0) : s.start]
        if not own or "\n\n" in gap:
            own.append([])
        own[-1].append(s)
        last_end[s.article_id] = s.end
    return tuple(
        ArticleText(view.refs[a.id], tuple(tuple(p) for p in paragraphs.get(a.id, [])))
        for a in view.brief.articles
    )


# ---------------------------------------------------------------- records the API shows with more


def extend(view: type[V], record: Any, **more: Any) -> V:
    """An instance of ``view`` (a dataclass extending ``record``'s class) with
    the record's fields and ``more``."""
    fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    return view(**fields, **more)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryRow(Story):
    """A story as the story list and ``GET /api/stories`` show it."""

    outlets: tuple[str, ...]
    articles: int
    contested: Annotated[int, Field(description="claim groups whose sources conflict")]
    claim_groups: int
    analysed: Annotated[bool, Field(description="whether a brief exists for the story")]
    updating: Annotated[
        bool, Field(description="new reports wait for the story's brief to be rebuilt")
    ] = False
    brief_updated_at: Annotated[
        str | None, Field(description="when the brief was last rebuilt (UTC, ISO 8601)")
    ] = None


def story_sort_key(story: Story) -> tuple[int, int, str]:
    """Newest first, then most covered: the latest day a story has news for
    decides, and among stories of the same day the one more outlets carry."""
    last = story.end or story.start
    return (-(last.toordinal() if last else 0), -len(story.article_ids), story.id)


def story_row(story: Story, articles: Mapping[str, Article], brief: Brief | None) -> StoryRow:
    outlets = tuple(dict.fromkeys(outlet_label(articles.get(a), a) for a in story.article_ids))
    groups = brief.claim_groups if brief else ()
    return extend(
        StoryRow,
        story,
        outlets=outlets,
        articles=len(story.article_ids),
        contested=sum(1 for g in groups if g.status == "contested"),
        claim_groups=len(groups),
        analysed=brief is not None,
    )


def story_row_of(story: Story, columns: StoryColumns) -> StoryRow:
    """A story list row from the columns the store keeps with the story."""
    return extend(
        StoryRow,
        story,
        outlets=columns.outlets,
        articles=columns.size,
        contested=columns.contested,
        claim_groups=columns.claim_groups,
        analysed=columns.analysed,
        updating=columns.updating,
        brief_updated_at=columns.brief_updated_at,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AttributedClaim(Claim):
    """A claim with the label of the outlet whose report carries it."""

    outlet: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupedClaims(ClaimGroup):
    """A claim group with its claims spelled out."""

    claims: tuple[AttributedClaim, ...]


def grouped_claims(brief: Brief, groups: Iterable[ClaimGroup]) -> list[GroupedClaims]:
    """Claim groups of ``brief`` (in the order given) with their claims spelled out."""
    articles = {a.id: a for a in brief.articles}
    claims = {c.id: c for c in brief.claims}

    def attributed(claim: Claim) -> AttributedClaim:
        outlet = outlet_label(articles.get(claim.article_id), claim.article_id)
        return extend(AttributedClaim, claim, outlet=outlet)

    return [
        extend(
            GroupedClaims,
            group,
            claims=tuple(attributed(claims[c]) for c in group.claim_ids if c in claims),
        )
        for group in groups
    ]

"""Document dates and the story timeline.

Three public functions (the stage contract in CONTRIBUTING.md):

* :func:`time_expressions` - TIMEX3 expressions in a text (the rules are in
  :mod:`storyline.timeline.timex.finder`);
* :func:`infer_dates` - a publication date for articles that state none, only
  when the text gives evidence (see :mod:`storyline.analysis.dates`), marked
  ``published_from="inferred"`` with the evidence in a warning;
* :func:`build_timeline` - what happened when: every sentence with a resolved
  day, month or year becomes an event; the same event told by several outlets
  on the same date is merged into one entry with all their sentence ids, and
  history well before the story's own days is flagged as background.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from storyline import lexicons
from storyline.analysis.dates import MONTH_MARK, infer_one
from storyline.facts.compare import Context, decide, event_words, read
from storyline.records import AnalyzedArticle, Granularity, TimelineEvent, TimeRef
from storyline.text.datelines import without_dateline
from storyline.text.docs import doc_text
from storyline.timeline.params import DEFAULT_TIMELINE_PARAMS, TimelineParams
from storyline.timeline.timex.finder import article_timexes, find_timexes

__all__ = ["build_timeline", "infer_dates", "time_expressions"]

# When two dated sentences are one event, and what is background history:
# TimelineParams (storyline.timeline.params), with the measurements.
#: Event texts longer than this many words are reduced to the clause of the
#: date, then cut at a comma: a timeline line should be read at a glance
#: (the seed sentences run 8-60 words; 30 keeps most whole).
MAX_EVENT_WORDS = 30

_DAY = re.compile(r"^(\d{4}-\d\d-\d\d)(?:T.*)?$")
_MONTH = re.compile(r"^\d{4}-\d\d$")
_YEAR = re.compile(r"^\d{4}$")


def time_expressions(text: str, anchor: dt.date | None) -> list[TimeRef]:
    """Time expressions in ``text`` with TIMEX3 type and value.

    Relative expressions ("Wednesday", "last week", "a year ago") are resolved
    against ``anchor`` (the article's date); with no anchor their values keep
    X placeholders ("XXXX-WXX-3").  Offsets are into ``text``.
    """
    return find_timexes(text, anchor)


def infer_dates(analyzed: Sequence[AnalyzedArticle]) -> list[AnalyzedArticle]:
    """Give undated articles a publication date when their text allows it.

    Evidence, strongest first: a "nine months after <event> ... <event> in
    March" chain; weekday names read against the dates of the other articles
    of the same story.  A date found this way is ``published_from="inferred"``
    with a warning naming the evidence (month precision is written as the 1st
    of the month and said so); without evidence the article stays unknown.
    """
    out: list[AnalyzedArticle] = []
    for item in analyzed:
        article = item.article
        if article.published is not None:
            out.append(dataclasses.replace(item, dates_inferred=True))
            continue
        others = [a for a in analyzed if a is not item and a.article.published is not None]
        found = infer_one(item, others)
        if found is None:
            out.append(dataclasses.replace(item, dates_inferred=True))
            continue
        article = dataclasses.replace(
            article,
            published=found.date,
            published_from="inferred",
            warnings=(*article.warnings, found.warning),
        )
        out.append(dataclasses.replace(item, article=article, dates_inferred=True))
    return out


@dataclasses.dataclass(slots=True)
class _Event:
    date: str
    granularity: Granularity
    text: str
    sentence_id: str
    article_id: str
    words: frozenset[str]
    #: The whole sentence the event was read from, and its article's date:
    #: what the same-fact test reads.
    sentence: str = ""
    anchor: dt.date | None = None


def build_timeline(
    analyzed: Sequence[AnalyzedArticle], *, params: TimelineParams = DEFAULT_TIMELINE_PARAMS
) -> list[TimelineEvent]:
    """Dated events across the articles, merged and sorted by date (``params``:
    the merge and background thresholds, the shipped ones by default)."""
    events: list[_Event] = []
    for item in analyzed:
        events.extend(_events_of(item))
    merged = _merge(events, params)
    article_days = [span for a in analyzed if (span := _date_span(a)) is not None]
    out: list[TimelineEvent] = []
    for group in merged:
        head = _representative(group)
        sources: list[str] = []
        for event in sorted(group, key=lambda e: _sentence_key(e.sentence_id)):
            if event.sentence_id not in sources:
                sources.append(event.sentence_id)
        out.append(
            TimelineEvent(
                date=head.date,
                granularity=head.granularity,
                text=head.text,
                sources=tuple(sources),
                background=_is_background(head.date, article_days, params),
            )
        )
    out.sort(key=lambda e: (e.date, e.sources))
    return out


# --------------------------------------------------------------------------
# events of one article


def _events_of(item: AnalyzedArticle) -> list[_Event]:
    article = item.article
    anchor, month_only = _anchor_of(item)
    refs = article_timexes(item, anchor)
    absolute: set[tuple[int, int]] = set()
    if month_only:
        # relative expressions are only as precise as the inferred month
        absolute = {(r.start, r.end) for r in article_timexes(item, None) if "X" not in r.value}
    by_sentence: dict[str, list[tuple[TimeRef, str, Granularity]]] = {}
    for ref in refs:
        if ref.type not in ("DATE", "TIME"):
            continue
        resolved = _date_of(ref.value)
        if resolved is None:
            continue
        value, granularity = resolved
        if month_only and (ref.start, ref.end) not in absolute and granularity == "day":
            value, granularity = value[:7], "month"
        sentence = item.sentence_at(ref.start)
        if sentence is None:
            continue
        by_sentence.setdefault(sentence.id, []).append((ref, value, granularity))
    events: list[_Event] = []
    sentences = {s.id: s for s in item.sentences}
    for sid, found in by_sentence.items():
        sentence = sentences[sid]
        seen: set[str] = set()
        for ref, value, granularity in found:
            if value in seen:
                continue
            seen.add(value)
            text = _event_text(item, sentence.start, sentence.end, ref, len(found) > 1)
            if not text:
                continue
            words = _content_words(sentence.text)
            events.append(
                _Event(
                    value, granularity, text, sid, article.id, words, sentence.text, anchor
                )
            )
    return events


def _anchor_of(item: AnalyzedArticle) -> tuple[dt.date | None, bool]:
    """The date relative expressions are read against, and whether it is
    only known to the month (then the middle of the month is used)."""
    article = item.article
    if article.published is None:
        return None, False
    if article.published_from == "inferred" and any(MONTH_MARK in w for w in article.warnings):
        return article.published.replace(day=15), True
    return article.published, False


def _date_of(value: str) -> tuple[str, Granularity] | None:
    day = _DAY.match(value)
    if day:
        return day.group(1), "day"
    if _MONTH.match(value):
        return value, "month"
    if _YEAR.match(value):
        return value, "year"
    return None


def _event_text(item: AnalyzedArticle, start: int, end: int, ref: TimeRef, several: bool) -> str:
    """The clause the date belongs to (spaCy parse when there is one), else
    the sentence; a long one is cut to a window of words around the date."""
    text = item.article.text
    start = _after_dateline(text, start, end, ref)
    from_clause = False
    if item.doc is not None and (several or len(text[start:end].split()) > MAX_EVENT_WORDS):
        clause = _clause(item.doc, start, end, ref)
        if clause is not None:
            start, end = clause
            from_clause = True
    words = [(m.start() + start, m.group()) for m in re.finditer(r"\S+", text[start:end])]
    if len(words) > MAX_EVENT_WORDS:
        at = next((i for i, (pos, _) in enumerate(words) if pos >= ref.start), 0)
        # keep the date and what leads to it; a little of what follows
        first = max(0, min(at - (MAX_EVENT_WORDS - 8), len(words) - MAX_EVENT_WORDS))
        kept = words[first : first + MAX_EVENT_WORDS]
        body = " ".join(w for _, w in kept).strip(" ,;:")
        span = (
            ("… " if first else "") + body + (" …" if first + MAX_EVENT_WORDS < len(words) else "")
        )
    else:
        span = " ".join(w for _, w in words)
    span = _balanced(span.strip(" -—–,;:"))
    if from_clause:
        span = re.sub(r"^(?:where|when|while|whereas|and|but)\s+", "", span, flags=re.IGNORECASE)
    if span and span[0].islower():
        span = span[0].upper() + span[1:]
    return span


def _after_dateline(text: str, start: int, end: int, ref: TimeRef) -> int:
    """Where the sentence ``start..end`` begins once a wire dateline opening it
    ("HERAKLION, Greece — ") is left out, as the summary leaves it out; the
    date expression itself is never cut."""
    sentence = text[start:end]
    rest = without_dateline(sentence)
    if rest == sentence or not sentence.endswith(rest):
        return start
    cut = start + len(sentence) - len(rest)
    return cut if cut <= ref.start else start


_PAIRS = (("“", "”"), ("‘", "’"), ("(", ")"))


def _balanced(span: str) -> str:
    """Marks that pair up: a bracket or quote whose partner is not in the text
    is dropped at the edges (it belongs to the next or previous sentence) and
    closed or opened where the text was cut inside a quotation."""
    for _ in range(3):
        before = span
        for opening, closing in _PAIRS:
            if span.startswith(opening) and closing not in span:
                span = span[1:].lstrip()
            if span.endswith(closing) and opening not in span and closing != "’":
                span = span[:-1].rstrip()
        if span.count('"') % 2 == 1:
            if span.startswith('"'):
                span = span[1:].lstrip()
            elif span.endswith('"'):
                span = span[:-1].rstrip()
        if span.startswith(("”", "’")):
            span = span[1:].lstrip()
        span = span.strip(" -—–,;:")
        if span == before:
            break
    # a quotation cut by the sentence or the word window: close or open it
    if span.count("“") > span.count("”"):
        span += "”"
    elif span.count("”") > span.count("“"):
        span = "“" + span
    if span.count('"') % 2 == 1:
        span += '"'
    return span


def _clause(doc: Any, start: int, end: int, ref: TimeRef) -> tuple[int, int] | None:
    """Character span of the verb clause that governs the date expression,
    kept inside the sentence ``start..end``; None when it is too short to
    say anything."""
    tspan = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if tspan is None or len(tspan) == 0:
        return None
    token = tspan.root
    steps = 0
    # up to the nearest verb that has its own subject: a fragment such as
    # "evacuated its forces on Wednesday" (a conjunct) reads badly alone
    while steps < 8 and token.head is not token and not _has_subject(token):
        token = token.head
        steps += 1
    if not _has_subject(token):
        return None
    # the verb with its arguments, without coordinated clauses ("..., and in
    # May the military escorted ...") that carry their own dates
    kept = [token] + [
        t for child in token.children if not _side_clause(child) for t in child.subtree
    ]
    left = max(min(t.idx for t in kept), start)
    last = max(kept, key=lambda t: t.idx)
    right = min(last.idx + len(last.text), end)
    if len(doc_text(doc)[left:right].split()) < 5:
        return None
    return left, right


def _has_subject(token: Any) -> bool:
    """A verb with a subject of its own ("that" or "which" do not count)."""
    return token.pos_ in ("VERB", "AUX") and any(
        c.dep_.startswith("nsubj") and c.tag_ not in ("WDT", "WP") for c in token.children
    )


_SIDE_MARKS = lexicons.words("timeline/side_clause_marks")


def _side_clause(token: Any) -> bool:
    """Coordinated or circumstantial clauses hanging off the event verb."""
    if token.dep_ in ("conj", "cc"):
        return True
    if token.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in _SIDE_MARKS for c in token.children)
    return False


def _content_words(text: str) -> frozenset[str]:
    """The words the merge counts (:func:`storyline.facts.compare.event_words`)."""
    return event_words(text)


# --------------------------------------------------------------------------
# merging and background


def _same_event(a: _Event, b: _Event, params: TimelineParams) -> bool:
    """Two dated sentences of one date tell one event: the same-fact test
    (:func:`storyline.facts.compare.decide`), told that they name one date,
    with the timeline's measured word thresholds as its anchored evidence."""
    facts = dataclasses.replace(
        params.facts,
        anchored_shared=params.merge_shared,
        anchored_overlap=params.merge_overlap,
        same_article_shared=params.same_article_shared,
        same_article_overlap=params.same_article_overlap,
    )
    context = Context(
        anchors=(a.anchor, b.anchor),
        same_article=a.article_id == b.article_id,
        same_date=True,
    )
    return decide(read(a.sentence), read(b.sentence), context, facts)


def _root(parent: list[int], i: int) -> int:
    """Union-find root with path halving."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _merge(events: list[_Event], params: TimelineParams) -> list[list[_Event]]:
    """Single-link groups of events on the same date with overlapping words.

    Events of the same article merge only through events of other articles
    or when they overlap strongly: an outlet's two sentences about one day
    are often two different happenings.
    """
    by_date: dict[str, list[_Event]] = {}
    for event in events:
        by_date.setdefault(event.date, []).append(event)
    groups: list[list[_Event]] = []
    for date in sorted(by_date):
        items = by_date[date]
        parent = list(range(len(items)))
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                if _same_event(items[i], items[j], params):
                    parent[_root(parent, i)] = _root(parent, j)
        clusters: dict[int, list[_Event]] = {}
        for i, event in enumerate(items):
            clusters.setdefault(_root(parent, i), []).append(event)
        groups.extend(clusters.values())
    return groups


def _representative(group: list[_Event]) -> _Event:
    """The member sharing the most words with the others (ties: the shorter
    text): the telling of the event the outlets have in common."""
    if len(group) == 1:
        return group[0]
    return max(
        group,
        key=lambda e: (sum(len(e.words & o.words) for o in group if o is not e), -len(e.text)),
    )


def _interval(value: str) -> tuple[dt.date, dt.date]:
    if _YEAR.match(value):
        year = int(value)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if _MONTH.match(value):
        year, month = int(value[:4]), int(value[5:7])
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), nxt - dt.timedelta(days=1)
    day = dt.date.fromisoformat(value[:10])
    return day, day


def _date_span(item: AnalyzedArticle) -> tuple[dt.date, dt.date] | None:
    """The days an article may date from: one day, or a whole month when its
    date was inferred at month precision."""
    published = item.article.published
    if published is None:
        return None
    if _anchor_of(item)[1]:
        return _interval(published.strftime("%Y-%m"))
    return published, published


def _is_background(
    value: str, article_days: list[tuple[dt.date, dt.date]], params: TimelineParams
) -> bool:
    """History: outside every article's story window and before at least one
    article's date by more than ``params.background_days``.  Events after every
    report (what is announced or feared) are not history."""
    start, end = _interval(value)
    before = dt.timedelta(days=params.background_days)
    after = dt.timedelta(days=params.ahead_days)
    in_story = any(end >= lo - before and start <= hi + after for lo, hi in article_days)
    history = any(end < lo - before for lo, _ in article_days)
    return history and not in_story


def _sentence_key(sentence_id: str) -> tuple[str, int]:
    article, _, index = sentence_id.rpartition("/s")
    return article, int(index) if index.isdigit() else 0

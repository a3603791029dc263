"""Quotations and the bookkeeping of attributed statements.

Split from :mod:`storyline.claims.attribution` (which reads cues from the parse):
where the quotation marks are, how a span is trimmed to PolNeAR's
conventions, and the passes over all statements of a document -- one cue per
quotation, nested statements, quotes continued in the next sentence, and the
public :class:`~storyline.records.Attribution` records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storyline.records import Attribution
from storyline.text.docs import doc_text

Span = tuple[int, int]

OPEN_QUOTES = "“«‘"
CLOSE_QUOTES = "”»’"
#: Tokens that are quotation marks (spaCy keeps two apostrophes or backticks whole).
QUOTE_TOKENS = frozenset(('"', "“", "”", "‘", "’", "«", "»", "''", "``"))
EDGE_PUNCT = ",.;:—–-…" + " \n\t"


@dataclass(frozen=True, slots=True)
class Found:
    """One attributed statement in a parsed document (character offsets).

    ``content`` holds the pieces of the statement in text order (a split quote
    has two); ``head`` is the token index of the cue word, ``source_head`` the
    head token of the source phrase and ``addressee`` whom it was told to
    (``told Reuters``), which the claims stage reads as the agency credited.
    """

    source: Span | None
    cue: Span | None
    content: tuple[Span, ...]
    kind: str
    head: int
    source_head: int | None = None
    addressee: Span | None = None

    @property
    def extent(self) -> Span | None:
        if not self.content:
            return None
        return (self.content[0][0], self.content[-1][1])


def quote_regions(text: str) -> list[Span]:
    """Spans of quoted passages, quotation marks included.

    Curly quotes pair by direction, straight double quotes alternate.  A quote
    still open at a blank line is closed there: news style leaves the opening
    mark of a multi-paragraph quote unclosed at each paragraph end.
    """
    regions: list[Span] = []
    open_at: int | None = None
    straight = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        width = 1
        if text.startswith(("''", "``"), i):
            # two apostrophes (or backticks) stand for a double quote in wire
            # and newspaper archives ("''This isn't tax reform,'' said ...")
            ch = "“" if ch == "`" else '"'
            width = 2
        if (ch == "\n" and text.startswith("\n\n", i)) or text.startswith("\n \n", i):
            if open_at is not None:
                end = i
                while end > open_at and text[end - 1].isspace():
                    end -= 1
                regions.append((open_at, end))
                open_at = None
        elif open_at is not None and (
            ch == "”" or (ch in '"“' and (straight or _closing(text, i, width)))
        ):
            # a mark after a word and before a space closes what is open,
            # whatever its shape: typed news copy mixes “curly" and "straight”
            regions.append((open_at, i + width))
            open_at = None
        elif ch == "“" or (ch == '"' and open_at is None):
            open_at = i
            straight = ch == '"' or width == 2
        i += width
    if open_at is not None:
        end = n
        while end > open_at and text[end - 1].isspace():
            end -= 1
        regions.append((open_at, end))
    # single-word scare quotes ("idolatrous") are not statements; one word
    # that ends its sentence or clause inside the marks is ("Absolutely," he
    # said): PolNeAR train content overlap F1 0.781 either way on the study part
    # (every article but each 4th; content exact 0.534 -> 0.536), tuning part
    # (every 4th) 0.769 -> 0.770
    return [(s, e) for s, e in regions if " " in text[s:e].strip() or _spoken_word(text, s, e)]


def _spoken_word(text: str, start: int, end: int) -> bool:
    inner = text[start:end].strip().rstrip("”\"’'`")
    return len(inner) > 2 and inner[-1] in ",.!?"


def _closing(text: str, i: int, width: int) -> bool:
    """Is the quotation mark at ``i`` in closing position (after a word or
    punctuation, before a space, punctuation or the end)?"""
    after = text[i + width] if i + width < len(text) else " "
    return i > 0 and not text[i - 1].isspace() and (after.isspace() or after in ",.;:!?)—–-")


def trim(text: str, start: int, end: int) -> Span | None:
    """Strip whitespace and edge punctuation, but keep quotation marks."""
    while start < end and (text[start] in EDGE_PUNCT or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in EDGE_PUNCT or text[end - 1].isspace()):
        end -= 1
    return (start, end) if end > start else None


def quote_at(regions: list[Span], start: int, end: int) -> list[Span]:
    return [r for r in regions if r[0] < end and start < r[1]]


def extend_to_quotes(regions: list[Span], span: Span) -> Span:
    """Grow a content span to cover every quotation it touches."""
    start, end = span
    for r in quote_at(regions, start, end):
        start = min(start, r[0])
        end = max(end, r[1])
    return (start, end)


def inside_quote(regions: list[Span], pos: int) -> bool:
    return any(r[0] < pos < r[1] for r in regions)


def adjacent_quote(text: str, regions: list[Span], left: int, right: int) -> Span | None:
    """A quotation that ends just before ``left`` or starts just after ``right``
    (separated only by spaces, commas, colons or dashes).  A quotation that
    closes its own sentence ("... still there.” He paused.") is not introduced
    by what follows it."""
    for r in regions:
        gap = text[r[1] : left]
        closed = text[r[0] : r[1]].rstrip("”\"’' ").endswith(".")
        if 0 <= left - r[1] <= 4 and all(c in " ,\n—–-" for c in gap) and not closed:
            return r
    for r in regions:
        gap = text[right : r[0]]
        # a quotation that opens the next paragraph is its own statement unless
        # a colon introduces it ("Trump tweeted Saturday:\n\n“...”")
        if (
            0 <= r[0] - right <= 4
            and all(c in " ,:\n—–-" for c in gap)
            and ("\n" not in gap or ":" in text[max(0, right - 1) : r[0]])
        ):
            return r
    return None


def closest_cue(found: list[Found]) -> list[Found]:
    """One content, one cue: when two cues reach for the same quotation
    ("a woman asked for a photo and Clinton said, “...”"), the nearer wins."""
    best: dict[tuple[Span, ...], Found] = {}
    for item in found:
        if item.cue is None or item.kind != "quote":
            continue
        current = best.get(item.content)
        if current is None or _distance(item) < _distance(current):
            best[item.content] = item
    return [f for f in found if f.kind != "quote" or best.get(f.content, f) is f]


def _distance(item: Found) -> int:
    assert item.cue is not None
    start, end = item.content[0][0], item.content[-1][1]
    if item.cue[1] <= start:
        return start - item.cue[1]
    if item.cue[0] >= end:
        return item.cue[0] - end
    return 0


def drop_nested(found: list[Found]) -> list[Found]:
    """Drop statements whose cue sits inside another statement's content.

    Two statements that each hold the other's cue (a misreading: "He may add
    to his staff, he said" read both ways) keep the one with more content
    (PolNeAR train content overlap F1 +0.1, dev +0.1; with the aside repair of
    :func:`storyline.claims.verbs` that stops most such readings, +0.3 / +0.3).
    """
    keep: list[Found] = []
    for item in found:
        assert item.cue is not None
        nested = any(
            other is not item
            and _within(item, other)
            and not (_within(other, item) and _size(item) > _size(other))
            for other in found
        )
        if not nested:
            keep.append(item)
    return keep


def _within(item: Found, other: Found) -> bool:
    """Does ``item``'s cue sit inside ``other``'s content?"""
    assert item.cue is not None
    return any(s <= item.cue[0] < e for s, e in other.content)


def _size(item: Found) -> int:
    return sum(e - s for s, e in item.content)


def continuations(doc: Any, regions: list[Span], found: list[Found]) -> list[Found]:
    """Quotes with no cue of their own that follow an attributed statement.

    ``"I saw about 10 busloads of prisoners," Omran said. "Maybe 1,000 men."``:
    the second quote is Omran's too.  It is credited to the nearest earlier
    statement that has a source, if that statement ended within the two
    preceding sentences.
    """
    out: list[Found] = []
    covered = [s for f in found for s in f.content]
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]

    def sentence_index(pos: int) -> int:
        lo = 0
        for k, st in enumerate(starts):
            if st <= pos:
                lo = k
        return lo

    ordered = sorted(found, key=lambda f: (f.extent or (0, 0))[1])
    for region in regions:
        if any(s < region[1] and region[0] < e for s, e in covered):
            continue
        if any(f.cue is not None and region[0] <= f.cue[0] < region[1] for f in found):
            continue
        here = sentence_index(region[0])
        # the quote must be (most of) its sentence, not a phrase in a narrative one
        sent = sents[here]
        if (region[1] - region[0]) < 0.6 * (sent.end_char - sent.start_char):
            continue
        previous = [
            f
            for f in ordered + out
            if f.source is not None
            and f.cue is not None
            and max(f.cue[1], (f.extent or (0, 0))[1]) <= region[0]
        ]
        if not previous:
            continue
        last = max(previous, key=lambda f: max(f.cue[1] if f.cue else 0, (f.extent or (0, 0))[1]))
        end = max(last.cue[1] if last.cue else 0, (last.extent or (0, 0))[1])
        if here - sentence_index(max(end - 1, 0)) > 2:
            continue
        if sents[sentence_index(max(end - 1, 0))].text.startswith("("):
            # a source quoted in a parenthetical aside does not go on speaking
            # after it ("(... , a resident said.) “I wish ...,” he confessed")
            continue
        trimmed = trim(doc_text(doc), *region)
        if trimmed is None:
            continue
        out.append(
            Found(
                source=last.source,
                cue=last.cue,
                content=(trimmed,),
                kind="continuation",
                head=last.head,
                source_head=last.source_head,
                addressee=last.addressee,
            )
        )
    return out


def as_records(found: Iterable[Found]) -> list[Attribution]:
    """Public :class:`~storyline.records.Attribution` records, one per cue.

    Pieces that share a cue (a split quote, a quote continued in the next
    sentence) become one content span from the first piece to the last, the
    way PARC and PolNeAR mark a discontinuous content.
    """
    by_cue: dict[tuple[Span | None, int], list[Found]] = {}
    for item in found:
        by_cue.setdefault((item.cue, item.head), []).append(item)
    out: list[Attribution] = []
    for items in by_cue.values():
        pieces = sorted(p for it in items for p in it.content)
        content = (pieces[0][0], max(p[1] for p in pieces)) if pieces else None
        first = items[0]
        out.append(Attribution(source=first.source, cue=first.cue, content=content))
    out.sort(key=lambda a: (a.content or a.cue or (0, 0))[0])
    return out

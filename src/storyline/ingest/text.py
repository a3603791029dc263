"""Plain text: notes, pasted articles and mailing-list archive pages.

The head of an article (the lines before the first body paragraph) holds its
metadata in a handful of shapes: a title line (or a markdown ``## heading``),
a date line, a byline ("By X", or a lone name under the title; "By X, Outlet"
names the outlet too), a source-and-date line ("Island Herald - September 11,
2024"), a section label above the title, a photo caption.  :func:`parse_head` reads those
blocks and stops at the first block that is body text.

A list archive page (pipermail prints ``[List] Subject``, the sender as
"name at host" in the list's language, then the date) may bundle several
articles.  A new article starts after a run of blank lines with a fresh head
(a title-like line together with a date line or a "By" byline), once the
article before it has body text.  That cue, and not any one list's wording,
is what :func:`split_articles` looks for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.ingest.build import Draft
from storyline.ingest.clean import (
    MAX_SECTION_WORDS,
    SECTION_HINT,
    blocks,
    heading_text,
    is_caption,
    is_list_item,
    is_rule,
    normalise_whitespace,
    strip_markdown,
    strip_trailing_footer,
    unwrap_block,
)
from storyline.ingest.meta import (
    DATELINE,
    WIRE_DATELINE,
    byline_parts,
    outlet_of,
    parse_date_line,
    source_date_of,
)

#: A title is a short line: the longest headline in Multi-News dev titles and
#: the seeds is 19 words; 25 leaves room and excludes body sentences, which
#: in hard-wrapped text are cut at 10-15 words but then end in no punctuation
#: only mid-block (and head blocks are read block by block).
MAX_TITLE_WORDS = 25
#: Lines of a multi-line head block are short (title, date, byline).
MAX_HEAD_LINE_WORDS = 20
#: The head is read over at most this many blocks; a page's head (section,
#: title, date, byline, caption, dek) never takes more.
MAX_HEAD_BLOCKS = 6


@dataclass(slots=True)
class Head:
    """What the head of one article holds, and where its body starts."""

    title: str | None = None
    section: str | None = None
    byline: str | None = None
    outlet: str | None = None
    date: dt.date | None = None
    date_warning: str | None = None
    body_start: int = 0
    found_title: bool = False
    #: A date line or a "By X" byline: strong enough to start a new article
    #: inside a bundle (a lone name line is not; a course title is one too).
    found_strong_meta: bool = False
    extra_body: list[str] = field(default_factory=list)


def _title_like(line: str) -> bool:
    if heading_text(line) is not None:
        return True
    text = strip_markdown(line).strip()
    words = text.split()
    return (
        0 < len(words) <= MAX_TITLE_WORDS
        and len(text) <= 200
        and not text.endswith((".", ",", ";", ":"))
        and not text[0].islower()
        and not is_list_item(text)
        and WIRE_DATELINE.match(text) is None
    )


def _block_spans(lines: Sequence[str], start: int) -> list[tuple[int, int]]:
    """(start, end) of each block of non-blank lines from ``start`` on."""
    spans: list[tuple[int, int]] = []
    index = start
    while index < len(lines) and len(spans) < MAX_HEAD_BLOCKS + 1:
        while index < len(lines) and not lines[index].strip():
            index += 1
        if index >= len(lines):
            break
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        spans.append((index, end))
        index = end
    return spans


def parse_head(lines: Sequence[str], start: int = 0) -> Head:
    """Read the metadata blocks at ``lines[start:]``; ``body_start`` is the
    index of the first body line."""
    head = Head(body_start=start)
    titles: list[tuple[str, bool]] = []  # (text, is a markdown heading)
    for block_start, block_end in _block_spans(lines, start)[:MAX_HEAD_BLOCKS]:
        block = [lines[i].strip() for i in range(block_start, block_end)]
        if len(block) > 1 and any(len(ln.split()) > MAX_HEAD_LINE_WORDS for ln in block):
            break
        kinds: list[tuple[str, str | None]] = []
        classified = 0
        for line in block:
            have_title = bool(titles) or any(k == "title" for k, _ in kinds)
            found = _classify_head_line(line, have_title=have_title)
            if found is None:
                break
            kinds.extend(found)
            classified += 1
        if classified < len(block):
            break
        if len(block) > 1 and not any(
            k in ("date", "byline", "byline_by", "outlet") for k, _ in kinds
        ):
            break  # several short lines and no metadata: a list or a poem, not a head
        for kind, value in kinds:
            if kind == "title" and value is not None:
                titles.append((value, heading_text(value) is not None))
            elif kind == "date" and value is not None and head.date is None:
                parsed = parse_date_line(value)
                if parsed is None:  # "<Outlet> - <date>"
                    source = source_date_of(value)
                    parsed = source.date if source else None
                if parsed is not None:
                    head.date, head.date_warning = parsed.date, parsed.warning
            elif kind in ("byline", "byline_by") and head.byline is None:
                head.byline = value
                head.found_strong_meta |= kind == "byline_by"
            elif kind == "outlet" and head.outlet is None:
                head.outlet = value
        head.body_start = block_end
    if not titles:
        _headline_before_dateline(lines, start, head, titles)
    if titles:
        head.found_title = True
        headings = [i for i, (_, is_heading) in enumerate(titles) if is_heading]
        pick = headings[0] if headings else 0
        if not headings and len(titles) >= 2 and _is_section_label(titles[0][0], titles[1][0]):
            pick = 1
        if pick > 0:
            head.section = strip_markdown(titles[pick - 1][0])
        head.title = strip_markdown(heading_text(titles[pick][0]) or titles[pick][0]).strip()
        # Title-like lines after the title are a dek (standfirst): body, not lost.
        head.extra_body = [strip_markdown(t) for t, _ in titles[pick + 1 :]]
    head.found_strong_meta |= head.date is not None
    return head


def _headline_before_dateline(
    lines: Sequence[str], start: int, head: Head, titles: list[tuple[str, bool]]
) -> None:
    """A lone first line followed by a body that opens with a dateline is the
    headline even when it ends in a full stop (some exports add one: 718 of
    the 924 PolNeAR texts do; 126 of those bodies open with a dateline)."""
    spans = _block_spans(lines, start)
    if len(spans) < 2 or spans[0][1] - spans[0][0] != 1 or head.body_start > spans[0][0]:
        return
    line = lines[spans[0][0]].strip()
    following = lines[spans[1][0]].strip()
    if (
        len(line.split()) <= MAX_TITLE_WORDS
        and not line[0].islower()
        and not is_list_item(line)
        and DATELINE.match(line) is None
        and DATELINE.match(following) is not None
    ):
        if re.search(r"[a-z”’\"')]\.$", line):
            line = line[:-1]
        titles.append((line, False))
        head.body_start = spans[0][1]


def _is_section_label(first: str, second: str) -> bool:
    words = len(first.split())
    return words <= MAX_SECTION_WORDS and (
        bool(SECTION_HINT.search(first)) or len(second.split()) >= 2 * words
    )


def _classify_head_line(line: str, *, have_title: bool) -> list[tuple[str, str | None]] | None:
    """What one head line holds, as ``(kind, value)`` pairs (a line may give
    two: "By Anna Leclerc, Meridian Press", "Island Herald - September 11, 2024");
    None when the line is not head metadata."""
    if is_rule(line):
        return [("rule", None)]
    if parse_date_line(line) is not None:
        return [("date", line)]
    source = source_date_of(line)
    if source is not None:
        found: list[tuple[str, str | None]] = [("date", line)]
        if source.outlet:
            found.append(("outlet", source.outlet))
        elif source.person and have_title:
            found.append(("byline", source.person))
        return found
    outlet = outlet_of(line)
    if outlet:
        return [("outlet", outlet)]
    byline = byline_parts(line, allow_lone_name=have_title)
    if byline:
        found = [("byline_by" if _BY_PREFIX.match(line) else "byline", byline.name)]
        if byline.outlet:
            found.append(("outlet", byline.outlet))
        return found
    if is_caption(line):
        return [("caption", None)]
    if _title_like(line):
        return [("title", line)]
    return None


# --- list archive pages ---------------------------------------------------------------

_BY_PREFIX = re.compile(r"^\W*(?:by|door|von|par|por|di|da|av|af)\s", re.IGNORECASE)
_LIST_SUBJECT = re.compile(r"^\[(?P<list>[^\]\n]{1,60})\]\s*(?P<subject>\S.*)$")
#: pipermail hides addresses as "name at host", translating "at".
_SENDER = re.compile(
    r"^(?P<name>.{1,80}?)\s+(?:at|op|à|en|bei|em|på|w|auf|chez|presso|an|@)\s+"
    r"(?P<host>[\w-]+(?:\.[\w-]+)+)\s*$"
)
_REPLY_PREFIX = re.compile(r"^(?:(?:re|fwd?|aw|wg|tr|sv|antw|rif)\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ListHeader:
    list_name: str
    subject: str
    sender: str | None
    date: dt.date | None


def strip_list_header(lines: list[str]) -> tuple[list[str], ListHeader | None]:
    """Remove a pipermail-style header (``[List] Subject`` / sender / date)."""
    content = [i for i, ln in enumerate(lines[:40]) if ln.strip()]
    if not content:
        return lines, None
    first = content[0]
    match = _LIST_SUBJECT.match(lines[first].strip())
    if not match:
        return lines, None
    sender: str | None = None
    date: dt.date | None = None
    last = first
    for index in content[1:4]:
        line = lines[index].strip()
        sender_match = _SENDER.match(line)
        parsed = parse_date_line(line)
        if sender is None and sender_match and parsed is None:
            sender = sender_match.group("name")
        elif date is None and parsed is not None and parsed.mail_header:
            date = parsed.date
        else:
            break
        last = index
    if sender is None and date is None:
        return lines, None
    subject = _REPLY_PREFIX.sub("", match.group("subject")).strip()
    header = ListHeader(match.group("list").strip(), subject, sender, date)
    return lines[last + 1 :], header


# --- splitting bundles ------------------------------------------------------------------

#: Blank lines that must precede a new article's head inside a bundle.  In
#: list archives articles are pasted with two or more blank lines between
#: them, while paragraphs inside an article are one blank line apart; a
#: separator rule (``-----``) counts as such a gap too.
MIN_GAP_LINES = 2


def split_articles(lines: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` line ranges of the articles bundled in ``lines``."""
    starts = [0]
    blank_run = 0
    seen_content = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            blank_run += 1
            continue
        if is_rule(stripped):
            blank_run += MIN_GAP_LINES
            continue
        if (
            seen_content
            and blank_run >= MIN_GAP_LINES
            and parse_head(lines, starts[-1]).body_start < index
        ):
            # (the article before this point must have body text of its own)
            head = parse_head(lines, index)
            if head.found_title and head.found_strong_meta and head.body_start < len(lines):
                starts.append(index)
        seen_content = True
        blank_run = 0
    bounds = [*starts, len(lines)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(starts))]


def _body_paragraphs(lines: Sequence[str]) -> list[str]:
    paragraphs: list[str] = []
    for block in blocks(lines):
        paragraphs.extend(unwrap_block(block))
    return paragraphs


#: A bundle's preface (the note a list member writes above the first pasted
#: article) is dropped when shorter than this many words and kept as its own
#: article when longer: one or two sentences of "see below" are not a report.
MAX_PREFACE_WORDS = 40


def drafts_from_text(text: str) -> tuple[list[Draft], list[str]]:
    """Drafts for every article in a plain text, and warnings about the file."""
    lines = normalise_whitespace(text).split("\n")
    file_warnings: list[str] = []
    lines, header = strip_list_header(lines)
    lines, footer = strip_trailing_footer(lines)
    if header is not None:
        file_warnings.append(f"removed the header of list {header.list_name!r}")
    if footer:
        file_warnings.append(f"removed {footer} list footer line(s)")

    drafts: list[Draft] = []
    spans = split_articles(lines)
    for number, (start, end) in enumerate(spans):
        segment = lines[start:end]
        head = parse_head(segment)
        paragraphs = [*head.extra_body, *_body_paragraphs(segment[head.body_start :])]
        if (
            number == 0
            and len(spans) > 1
            and not head.found_title
            and sum(len(p.split()) for p in paragraphs) < MAX_PREFACE_WORDS
        ):
            if paragraphs:
                file_warnings.append("dropped a short preface before the first article")
            continue
        draft = Draft(paragraphs=paragraphs, title=head.title, byline=head.byline)
        draft.outlet = head.outlet
        if head.date is not None:
            draft.set_date(head.date, "dateline")
        if head.date_warning:
            draft.warnings.append(head.date_warning)
        if draft.outlet is None and paragraphs:
            wire = WIRE_DATELINE.match(paragraphs[0])
            if wire:
                draft.outlet = wire.group("agency")
        drafts.append(draft)

    if header is not None:
        for draft in drafts:
            draft.set_date(header.date, "header")
        if len(drafts) == 1 and drafts[0].title is None:
            drafts[0].title = header.subject
    if len(drafts) > 1:
        file_warnings.append(f"split into {len(drafts)} articles")
    return drafts, file_warnings

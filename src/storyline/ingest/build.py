"""From what a reader found to :class:`Article` records with stable ids.

Readers fill :class:`Draft` objects (body paragraphs plus whatever metadata
their format offers); :func:`articles_from` cleans the paragraphs, detects
the language and numbers the articles the way CONTRIBUTING.md says: the raw
id's first 12 hex digits, plus ``.k`` when one file holds several articles.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.errors import InputError
from storyline.ingest.clean import finish, resolve_entities
from storyline.ingest.meta import author_name, detect_language
from storyline.records import Article, DateSource, RawDocument
from storyline.settings import MAX_ARTICLE_CHARS
from storyline.text.urls import web_url

#: An article body with fewer words than this is not a report (a stray
#: signature, an empty feed entry); it is dropped with a warning.  The
#: shortest real reports we ingest (wire flashes) run to 25+ words.
MIN_ARTICLE_WORDS = 8
#: Warnings an article keeps: a JSON Lines file of 10,000 bad lines and a
#: few good ones would otherwise copy 10,000 warnings onto each good article
#: (found by the fuzz test); the rest are counted in one last warning.
MAX_WARNINGS = 20


@dataclass(slots=True)
class Draft:
    """A mutable article in the making, filled by one reader."""

    paragraphs: list[str]
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    published_from: DateSource = "unknown"
    warnings: list[str] = field(default_factory=list)

    def set_date(self, date: dt.date | None, source: DateSource) -> None:
        """Record a date unless a better-sourced one is already there."""
        rank = {"metadata": 3, "dateline": 2, "header": 1, "inferred": 0, "unknown": -1}
        if date is not None and rank[source] > rank[self.published_from]:
            self.published = date
            self.published_from = source


#: A UTF-16 surrogate on its own is not a character: UTF-8 cannot encode it,
#: so it would fail every write of the article.  JSON escapes (``"\\ud800"``)
#: and mail headers decoded with ``surrogateescape`` produce them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(resolve_entities(value)[0].split())
    return value or None


def _valid(value: str | None, replaced: list[int]) -> str | None:
    """``value`` with lone surrogates replaced by U+FFFD (counted in ``replaced``)."""
    if value is None or not _SURROGATE.search(value):
        return value
    replaced[0] += len(_SURROGATE.findall(value))
    return _SURROGATE.sub("\ufffd", value)


def _capped(warnings: tuple[str, ...]) -> tuple[str, ...]:
    if len(warnings) <= MAX_WARNINGS:
        return warnings
    more = len(warnings) - MAX_WARNINGS + 1
    return (*warnings[: MAX_WARNINGS - 1], f"... and {more:,} more warning(s)")


def too_long_reason(chars: int) -> str:
    """Why an article of ``chars`` characters is refused."""
    return (
        f"article text too long: {chars:,} characters, over the {MAX_ARTICLE_CHARS:,} the "
        "language model reads at once (split the report into several files)"
    )


def articles_from(
    raw: RawDocument, drafts: Sequence[Draft], *, file_warnings: Sequence[str] = ()
) -> list[Article]:
    """Clean and number the drafts of one raw document.

    Raises :class:`InputError` when no draft holds article text.
    """
    built: list[tuple[Draft, str, tuple[str, ...]]] = []
    skipped = 0
    too_long: list[int] = []
    for draft in drafts:
        size = sum(len(p) + 2 for p in draft.paragraphs) - 2
        if size > MAX_ARTICLE_CHARS:  # refused before the clean-up spends time on it
            too_long.append(size)
            continue
        text, notes = finish(draft.paragraphs)
        if len(text.split()) < MIN_ARTICLE_WORDS:
            skipped += 1
            continue
        built.append((draft, text, notes))
    if not built:
        if too_long:
            raise InputError(raw.origin, too_long_reason(max(too_long)))
        raise InputError(raw.origin, "no article text found")
    extra = list(file_warnings)
    if skipped:
        extra.append(f"skipped {skipped} part(s) without article text")
    if too_long:
        extra.append(f"skipped {len(too_long)} part(s): {too_long_reason(max(too_long))}")
    several = len(built) > 1
    out: list[Article] = []
    for k, (draft, body, notes) in enumerate(built, start=1):
        warnings = [*extra, *draft.warnings, *notes]
        replaced = [0]
        url = _valid(_tidy(draft.url), replaced)
        if url is not None and web_url(url) is None:
            shown = url if len(url) <= 60 else url[:57] + "..."
            warnings.append(f"ignored the link {shown!r}: only http(s) URLs are kept")
            url = None
        text = _valid(body, replaced) or ""
        title = _valid(_tidy(draft.title), replaced)
        outlet = _valid(_tidy(draft.outlet), replaced)
        byline = _valid(_tidy(draft.byline), replaced)
        if replaced[0]:
            warnings.append(f"replaced {replaced[0]} lone surrogate(s) (not characters) by U+FFFD")
        out.append(
            Article(
                id=f"{raw.id[:12]}.{k}" if several else raw.id[:12],
                raw_id=raw.id,
                origin=raw.origin,
                text=text,
                title=title,
                outlet=outlet,
                url=url,
                byline=author_name(byline),
                published=draft.published,
                published_from=draft.published_from if draft.published else "unknown",
                language=detect_language(text),
                part=k if several else 0,
                warnings=_capped(tuple(dict.fromkeys(_valid(w, [0]) or "" for w in warnings))),
            )
        )
    return out

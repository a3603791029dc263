"""From what a reader found to :class:`Article` records with stable ids.

Readers fill :class:`Draft` objects (body paragraphs plus whatever metadata
their format offers); :func:`articles_from` cleans the paragraphs, detects
the language and numbers the articles the way CONTRIBUTING.md says: the raw
id's first 12 hex digits, plus ``.k`` when one file holds several articles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.errors import InputError
from storyline.ingest.clean import finish
from storyline.ingest.meta import author_name, detect_language
from storyline.records import Article, DateSource, RawDocument

#: An article body with fewer words than this is not a report (a stray
#: signature, an empty feed entry); it is dropped with a warning.  The
#: shortest real reports we ingest (wire flashes) run to 25+ words.
MIN_ARTICLE_WORDS = 8


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


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def articles_from(
    raw: RawDocument, drafts: Sequence[Draft], *, file_warnings: Sequence[str] = ()
) -> list[Article]:
    """Clean and number the drafts of one raw document.

    Raises :class:`InputError` when no draft holds article text.
    """
    built: list[tuple[Draft, str, tuple[str, ...]]] = []
    skipped = 0
    for draft in drafts:
        text, notes = finish(draft.paragraphs)
        if len(text.split()) < MIN_ARTICLE_WORDS:
            skipped += 1
            continue
        built.append((draft, text, notes))
    if not built:
        raise InputError(raw.origin, "no article text found")
    extra = list(file_warnings)
    if skipped:
        extra.append(f"skipped {skipped} part(s) without article text")
    several = len(built) > 1
    out: list[Article] = []
    for k, (draft, text, notes) in enumerate(built, start=1):
        out.append(
            Article(
                id=f"{raw.id[:12]}.{k}" if several else raw.id[:12],
                raw_id=raw.id,
                origin=raw.origin,
                text=text,
                title=_tidy(draft.title),
                outlet=_tidy(draft.outlet),
                url=_tidy(draft.url),
                byline=author_name(_tidy(draft.byline)),
                published=draft.published,
                published_from=draft.published_from if draft.published else "unknown",
                language=detect_language(text),
                part=k if several else 0,
                warnings=tuple(dict.fromkeys([*extra, *draft.warnings, *notes])),
            )
        )
    return out

"""The alias table: well-known organisations and the names news gives them.

General world knowledge, not a list of any one story's names: the armed
groups, international bodies, agencies and outlets that wire copy names under
several acronyms or translations.  Each row is (canonical name, spaCy label,
aliases).  The table feeds two things:

* entity-ruler patterns (:func:`storyline.entities.table.ruler_patterns`), so that
  "ISIL" or "Daesh" is an ORG even where the small model misses it;
* :func:`alias_key`, which maps every alias to its canonical name before
  cross-document resolution, so ISIS / ISIL / IS / Islamic State / Daesh are
  one entity.

Transliteration variants ("al-Qaida" / "al-Qaeda") need no row of their own:
:func:`storyline.text.names.name_key` already folds them.
"""

from __future__ import annotations

import functools

from storyline import lexicons
from storyline.text.names import name_key


def _rows(name: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """``canonical = LABEL | alias | ...`` lines as (canonical, label, aliases)."""
    out = []
    for canonical, value in lexicons.mapping(name).items():
        label, *aliases = (part.strip() for part in value.split("|"))
        out.append((canonical, label, tuple(aliases)))
    return tuple(out)


#: (canonical name, spaCy label, aliases) rows, in the file's order.
ALIASES: tuple[tuple[str, str, tuple[str, ...]], ...] = _rows("entities/aliases")

#: Aliases so short or so common as words that they are only trusted in the
#: exact capitalisation given (the ruler is case-sensitive anyway) and never
#: as a sentence-initial word in an all-capitals headline.
SHORT_ALIASES = lexicons.words("entities/short_aliases")


@functools.lru_cache(maxsize=1)
def alias_index() -> dict[str, tuple[str, str]]:
    """name key of every alias and canonical name -> (canonical name, label)."""
    out: dict[str, tuple[str, str]] = {}
    for canonical, label, aliases in ALIASES:
        for alias in (canonical, *aliases):
            out.setdefault(name_key(alias), (canonical, label))
    return out


def canonical_alias(name: str) -> tuple[str, str] | None:
    """(canonical name, label) when ``name`` is a known alias, else None."""
    return alias_index().get(name_key(name))

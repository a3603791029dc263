"""Renderers of a Brief: JSON (the schema'd contract), Markdown, self-contained HTML."""

from storyline.render.html import render_html
from storyline.render.json import brief_from_dict, brief_to_dict, brief_to_json
from storyline.render.markdown import render_markdown

__all__ = ["brief_from_dict", "brief_to_dict", "brief_to_json", "render_html", "render_markdown"]

"""Renderers of a Brief: Markdown and one self-contained HTML file.

The JSON form (the schema'd contract) is the brief's own: ``brief.to_json()``.
"""

from storyline.render.html import to_html
from storyline.render.markdown import to_markdown

__all__ = ["to_html", "to_markdown"]

"""HTML pages through trafilatura; HTML fragments (feed entries, mail parts)
through lxml_html_clean.

trafilatura finds the article in a page full of navigation, comments and
share buttons, and reads title, author, date and site name from the page's
metadata.  It refuses short pages (its own size thresholds), so when it
returns nothing the page is read block by block after lxml_html_clean has
removed scripts, styles, forms and frames; markup never reaches the text.

libxml2 (under lxml and trafilatura) builds trees at most 256 elements deep
and silently drops whatever is nested deeper, so a page nested that deep is
read without a tree, as a stream of text blocks (:class:`_TextStream`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from storyline.errors import InputError
from storyline.ingest.build import MIN_ARTICLE_WORDS, Draft
from storyline.ingest.clean import is_section_label
from storyline.ingest.meta import parse_date_value
from storyline.records import RawDocument

_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul"}
    | {"ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "caption"}
    | {"figcaption", "address", "header", "footer", "hr", "body"}
)
_DROP_TAGS = [
    "nav",
    "aside",
    "figure",
    "noscript",
    "template",
    "svg",
    "button",
    "select",
    "iframe",
    "textarea",
    "canvas",
    "video",
    "audio",
    "picture",
    "menu",
    "dialog",
]
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_BLANK_SPLIT = re.compile(r"\n[ \t]*\n")
#: Characters XML (and so lxml) refuses in text: C0 controls other than tab,
#: newline and carriage return, lone surrogates, U+FFFE/U+FFFF.  Found by
#: fuzzing: a form feed in a page made lxml raise on a text assignment.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


#: A page's head holds a section label and a breadcrumb at most before the title.
MAX_HEAD_LABELS = 2

#: libxml2's HTML parser nests elements at most this deep (measured with
#: lxml 5: a text node below ``<div>`` x 254 inside ``<html><body>`` is
#: dropped without an error); a tree that reaches it may have lost text.
LXML_MAX_DEPTH = 256

#: Elements whose content is never article text, for the tree-less reader.
_STREAM_SKIP = frozenset(
    {"script", "style", "head", "title", "form", "object", "embed", "applet", "math"}
    | set(_DROP_TAGS)
)


class _TextStream(HTMLParser):
    """Visible text in block-separated paragraphs, read without building a tree,
    so nesting depth costs nothing (a page 100,000 elements deep is read in
    one linear pass).  Entity references are decoded; undefined ones stay for
    :func:`storyline.ingest.clean.finish` to remove."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._skipping: dict[str, int] = {}

    def _break(self) -> None:
        paragraph = " ".join(" ".join(self._current).split())
        if paragraph:
            self.paragraphs.append(paragraph)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _STREAM_SKIP:
            self._skipping[tag] = self._skipping.get(tag, 0) + 1
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self._skipping.get(tag):
            self._skipping[tag] -= 1
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not any(self._skipping.values()):
            self._current.append(data)

    def result(self) -> list[str]:
        self.close()
        self._break()
        return self.paragraphs


def stream_paragraphs(markup: str) -> list[str]:
    """Paragraphs of visible text, read without a tree (any nesting depth)."""
    reader = _TextStream()
    reader.feed(_NOT_XML.sub(" ", markup))
    return reader.result()


def _depth_capped(tree: Any) -> bool:
    """Did libxml2 reach its nesting limit (and so maybe drop text) building ``tree``?"""
    from lxml import etree

    depth = 0
    for event, _ in etree.iterwalk(tree.getroottree().getroot(), events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth >= LXML_MAX_DEPTH:
            return True
    return False


def _cleaner() -> Any:
    from lxml_html_clean import Cleaner

    return Cleaner(
        scripts=True,
        javascript=True,
        comments=True,
        style=True,
        inline_style=True,
        links=True,
        meta=True,
        page_structure=False,
        processing_instructions=True,
        embedded=True,
        frames=True,
        forms=True,
        annoying_tags=True,
        kill_tags=_DROP_TAGS,
        safe_attrs_only=True,
    )


def _parse_tree(markup: str) -> Any:
    from lxml import etree
    from lxml import html as lxml_html

    markup = _NOT_XML.sub(" ", _XML_DECL.sub("", markup))
    if not markup.strip():
        return None
    try:
        return lxml_html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return None


def html_to_paragraphs(markup: str) -> list[str]:
    """Paragraphs of visible text in an HTML page or fragment, markup removed."""
    tree = _parse_tree(markup)
    if tree is None:
        return []
    if _depth_capped(tree):
        return stream_paragraphs(markup)
    try:
        tree = _cleaner().clean_html(tree)
    except (ValueError, TypeError):
        return []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCK_TAGS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
        elif tag == "br":
            element.tail = "\n" + (element.tail or "")
    text = tree.text_content()
    paragraphs = []
    for chunk in _BLANK_SPLIT.split(text):
        paragraph = " ".join(chunk.split())
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def _page_title(markup: str) -> str | None:
    tree = _parse_tree(markup)
    if tree is None:
        return None
    for path in ('//meta[@property="og:title"]/@content', "//title/text()", "//h1//text()"):
        found = tree.xpath(path)
        if found:
            title = " ".join(str(found[0]).split())
            if title:
                return title
    return None


def _strip_page_head(paragraphs: list[str], title: str | None) -> tuple[list[str], list[str]]:
    """The body without the page's own head: the title repeated as its first
    paragraph, and the section labels or breadcrumbs above it ("World · Europe").

    Returns the body and the labels removed.  Labels are removed only when they
    lead the body, so a short line with an ampersand further down stays.
    """
    key = " ".join(title.split()) if title else None
    labels: list[str] = []
    index = 0
    while (
        index < len(paragraphs) and index < MAX_HEAD_LABELS and is_section_label(paragraphs[index])
    ):
        if key is not None and " ".join(paragraphs[index].split()) == key:
            break
        labels.append(paragraphs[index])
        index += 1
    body = paragraphs[index:]
    if key is not None and body and " ".join(body[0].split()) == key:
        body = body[1:]
    if sum(len(p.split()) for p in body) < MIN_ARTICLE_WORDS:
        return paragraphs, []  # what looked like a head was all there was: keep it
    return body, labels


def _looks_truncated(markup: str) -> bool:
    tail = markup[-4096:].lower()
    return "<html" in markup[:4096].lower() and "</html>" not in tail and "</body>" not in tail


def _deep_page(raw: RawDocument, markup: str, warnings: list[str]) -> Draft:
    """A page nested deeper than libxml2 goes, read as a stream of text blocks."""
    paragraphs = stream_paragraphs(markup)
    if sum(len(p.split()) for p in paragraphs) < MIN_ARTICLE_WORDS:
        raise InputError(raw.origin, "HTML page with no article text")
    title = _page_title(markup)
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    warnings.append(
        f"HTML nested {LXML_MAX_DEPTH} or more levels deep; read as a stream of text "
        "blocks (no main-article detection, no page metadata)"
    )
    return Draft(paragraphs=paragraphs, title=title, warnings=warnings)


def parse_html(raw: RawDocument, markup: str, *, url: str | None = None) -> list[Draft]:
    """One draft for an HTML page; :class:`InputError` when it holds no article.

    ``url``: where the page was fetched from (a crawl record's target), used
    when the page names no canonical url of its own."""
    import trafilatura

    markup = _NOT_XML.sub(" ", markup)
    warnings: list[str] = []
    if _looks_truncated(markup):
        warnings.append("HTML looks truncated (no closing </body> or </html>)")
    tree = _parse_tree(markup)
    if tree is not None and _depth_capped(tree):
        return [_deep_page(raw, markup, warnings)]
    try:
        found = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            output_format="python",
            url=url,
            # Dates from the page's markup only (meta tags, <time>, URL):
            # htmldate's extensive search takes any date in the body text,
            # which is a guess, not metadata.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises a variety of lxml/ValueError types
        found = None
        warnings.append(f"trafilatura failed ({type(exc).__name__}); read the page block by block")
    meta: dict[str, Any] = {}
    if found is not None:
        meta = found if isinstance(found, dict) else found.as_dict()
    body = str(meta.get("text") or "")
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    if sum(len(p.split()) for p in paragraphs) < MIN_ARTICLE_WORDS:
        paragraphs = html_to_paragraphs(markup)
        title = _page_title(markup)
        if title and paragraphs and paragraphs[0] == title:
            paragraphs = paragraphs[1:]
        if sum(len(p.split()) for p in paragraphs) >= MIN_ARTICLE_WORDS:
            warnings.append("no main article found by trafilatura; kept all visible text blocks")
        meta.setdefault("title", title)
    if sum(len(p.split()) for p in paragraphs) < MIN_ARTICLE_WORDS:
        if not markup.lstrip().startswith("<") or _parse_tree(markup) is None:
            raise InputError(raw.origin, "malformed HTML: no document could be parsed")
        raise InputError(raw.origin, "HTML page with no article text")
    title = meta.get("title")
    paragraphs, labels = _strip_page_head(paragraphs, str(title) if title else None)
    if labels:
        shown = ", ".join(f"'{label}'" for label in labels)
        warnings.append(f"removed the section label(s) {shown} above the article")
    draft = Draft(
        paragraphs=paragraphs,
        title=str(title) if title else None,
        byline=str(meta["author"]) if meta.get("author") else None,
        outlet=str(meta.get("sitename") or meta.get("hostname") or "") or None,
        url=str(meta["url"]) if meta.get("url") else url,
        warnings=warnings,
    )
    if meta.get("date"):
        draft.set_date(parse_date_value(str(meta["date"])), "metadata")
    return [draft]

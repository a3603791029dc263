"""JSON Lines (one article per line) and JSON (one object or a list of them).

Scraper exports name their fields differently (news-please ``maintext``,
newspaper ``text``, many ``body`` or ``content``), so a few common names are
accepted for each field.  A bad line is a warning naming its line number;
the file fails only when no line holds an article.
"""

from __future__ import annotations

import json
import re
from typing import Any

from storyline.errors import InputError
from storyline.ingest.build import Draft
from storyline.ingest.clean import text_to_paragraphs
from storyline.ingest.html import html_to_paragraphs
from storyline.ingest.meta import parse_date_value
from storyline.ingest.sniff import HTML, sniff
from storyline.records import RawDocument

_TEXT_KEYS = ("text", "body", "maintext", "content", "article", "story")
_TITLE_KEYS = ("title", "headline")
_URL_KEYS = ("url", "link", "source_url")
_OUTLET_KEYS = ("outlet", "source", "site", "sitename", "source_domain", "publisher")
_DATE_KEYS = ("published", "date", "date_publish", "published_at", "pubdate", "datetime")
_AUTHOR_KEYS = ("byline", "author", "authors")


#: A UTF-16 surrogate escape with no partner (``"\\ud800"``) decodes to a
#: string UTF-8 cannot encode: the record is refused, not stored.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def loads(text: str) -> tuple[Any, str | None]:
    """``json.loads`` that never raises: the value, or None and the reason.

    Besides malformed JSON, the standard parser raises ``RecursionError`` for
    nesting deeper than the interpreter's recursion limit (about 1,000
    levels) and ``ValueError`` for an integer of more than 4,300 digits; both
    are refusals of that one input, not crashes.
    """
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
    except RecursionError:
        return None, "JSON nested too deeply (more than about 1,000 levels of [ and {)"
    except ValueError as exc:  # int digits limit (sys.get_int_max_str_digits)
        if "digits" in str(exc):
            return None, "JSON number too long (more than 4,300 digits)"
        return None, f"not valid JSON ({exc})"


def _surrogate_field(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first field among ``keys`` whose text holds a lone surrogate."""
    for key in keys:
        value = record.get(key)
        texts = value if isinstance(value, list) else [value]
        for item in texts:
            text = (
                " ".join(v for v in item.values() if isinstance(v, str))
                if isinstance(item, dict)
                else item
            )
            if isinstance(text, str) and _LONE_SURROGATE.search(text):
                return key
    return None


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v) or None
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("title"))
    return str(value)


def draft_from_record(record: Any) -> tuple[Draft | None, str | None]:
    """A draft for one JSON object, or the reason it holds none."""
    if not isinstance(record, dict):
        return None, f"not a JSON object ({type(record).__name__})"
    used = _TEXT_KEYS + _TITLE_KEYS + _URL_KEYS + _OUTLET_KEYS + _DATE_KEYS + _AUTHOR_KEYS
    bad = _surrogate_field(record, used)
    if bad is not None:
        return None, (
            f"field {bad!r} holds a lone surrogate escape such as \\ud800 "
            "(not a character; escapes must come in pairs)"
        )
    body = _first(record, _TEXT_KEYS)
    if not isinstance(body, str) or not body.strip():
        return None, "no text field (" + "/".join(_TEXT_KEYS) + ")"
    # markup, as a file's bytes are told apart: not wire copy that opens with
    # a company in angle brackets ("<Video Shopping Mall Inc> said ...")
    looks_html = sniff(body.encode("utf-8", "surrogatepass")) == HTML
    paragraphs = html_to_paragraphs(body) if looks_html else text_to_paragraphs(body)
    draft = Draft(
        paragraphs=paragraphs,
        title=_as_text(_first(record, _TITLE_KEYS)),
        url=_as_text(_first(record, _URL_KEYS)),
        outlet=_as_text(_first(record, _OUTLET_KEYS)),
        byline=_as_text(_first(record, _AUTHOR_KEYS)),
    )
    date = _first(record, _DATE_KEYS)
    if date is not None:
        found = parse_date_value(str(date))
        if found is None:
            draft.warnings.append(f"unreadable date {str(date)[:40]!r}")
        draft.set_date(found, "metadata")
    return draft, None


def parse_jsonl(raw: RawDocument, text: str) -> tuple[list[Draft], list[str]]:
    """Drafts for every good line; warnings name the bad ones."""
    drafts: list[Draft] = []
    warnings: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        record, problem = loads(line)
        if problem is not None:
            warnings.append(f"line {number}: {problem}")
            continue
        draft, problem = draft_from_record(record)
        if draft is None:
            warnings.append(f"line {number}: {problem}")
        else:
            drafts.append(draft)
    if not drafts:
        # A pretty-printed JSON document fails line by line; read it whole.
        whole, problem = loads(text)
        if problem is not None:
            detail = "; ".join(warnings[:3]) or "no lines"
            raise InputError(raw.origin, f"JSON Lines file with no article: {detail}")
        return _records(raw, whole)
    return drafts, warnings


def parse_json(raw: RawDocument, text: str) -> tuple[list[Draft], list[str]]:
    """A JSON document: an article object, or a list of them."""
    data, problem = loads(text)
    if problem is not None:
        # A .json name on a JSON Lines export is common; try that before failing.
        if "\n" in text.strip():
            try:
                return parse_jsonl(raw, text)
            except InputError:
                pass
        raise InputError(raw.origin, f"malformed JSON: {problem}")
    return _records(raw, data)


def _records(raw: RawDocument, data: Any) -> tuple[list[Draft], list[str]]:
    records = data if isinstance(data, list) else [data]
    drafts: list[Draft] = []
    warnings: list[str] = []
    for index, record in enumerate(records, start=1):
        draft, problem = draft_from_record(record)
        if draft is None:
            warnings.append(f"item {index}: {problem}")
        else:
            drafts.append(draft)
    if not drafts:
        raise InputError(raw.origin, f"JSON with no article: {'; '.join(warnings[:3])}")
    return drafts, warnings

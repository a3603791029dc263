"""The JSON Schema of a brief (``storyline.brief/1``), generated from the records.

``schema/brief.schema.json`` is this module's output, committed so that
users can validate briefs without storyline; ``tests/test_schema.py`` fails
when the records and the committed file drift apart.  Regenerate with
``python -m storyline.schema > schema/brief.schema.json``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from typing import Any, get_args, get_origin

from storyline.codec import SKIP_FIELDS, _hints
from storyline.records import SCHEMA_ID, Brief
from storyline.render.json import ARTICLE_OMIT

FIELD_DOCS = {
    "published_from": "How the date was found: metadata, dateline, header, inferred or unknown.",
    "sources": "Ids of the sentences this item was drawn from.",
    "independent_sources": "Independent outlets or agencies behind the group "
    "(syndicated copies and reports of one agency's wire count once).",
    "conflicts_with": "Ids of claim groups that contradict this one.",
    "salience": "How central the entity is to the story (0..1).",
    "precision": "Geographic precision, as ACLED: point, city, region or country.",
}


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        options = [_type_schema(a, defs) for a in get_args(tp)]
        return {"anyOf": options}
    if origin is typing.Literal:
        return {"enum": list(get_args(tp))}
    if origin in (tuple, list):
        args = get_args(tp)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return {
                "type": "array",
                "prefixItems": [_type_schema(a, defs) for a in args],
                "minItems": len(args),
                "maxItems": len(args),
            }
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if tp is type(None):
        return {"type": "null"}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _record_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    return {}


def _record_schema(cls: type, defs: dict[str, Any], omit: tuple[str, ...] = ()) -> dict[str, Any]:
    hints = _hints(cls)
    props: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in SKIP_FIELDS or f.name in omit:
            continue
        prop = _type_schema(hints[f.name], defs)
        if f.name in FIELD_DOCS:
            prop = {**prop, "description": FIELD_DOCS[f.name]}
        props[f.name] = prop
    schema: dict[str, Any] = {
        "type": "object",
        "properties": props,
        "required": sorted(props),
        "additionalProperties": True,
    }
    if cls.__doc__:
        schema["description"] = " ".join(cls.__doc__.split())
    return schema


def brief_schema() -> dict[str, Any]:
    from storyline.records import Article

    defs: dict[str, Any] = {}
    defs["Article"] = _record_schema(Article, defs, omit=ARTICLE_OMIT)
    top = _record_schema(Brief, defs)
    top["properties"]["schema"] = {"const": SCHEMA_ID}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "storyline brief",
        **top,
        "$defs": dict(sorted(defs.items())),
    }


def main() -> None:
    print(json.dumps(brief_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

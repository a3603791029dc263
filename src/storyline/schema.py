"""The JSON Schema of a brief (``storyline.brief/1``), generated from the records.

The schema is pydantic's description of :class:`~storyline.records.Brief`
through the same adapter that writes and reads briefs (:mod:`storyline.codec`),
with what the brief's JSON form does differently stated here: ``schema`` is a
constant and article bodies are left out (``ARTICLE_OMIT``).  A few fields get
a description a reader needs.

``schema/brief.schema.json`` is this module's output, committed so that
users can validate briefs without storyline; ``tests/test_schema.py`` fails
when the records and the committed file drift apart.  Regenerate with
``make schema`` (``python -m storyline.schema > schema/brief.schema.json``).
"""

from __future__ import annotations

import json
from typing import Any

from storyline.codec import json_schema
from storyline.records import ARTICLE_OMIT, SCHEMA_ID, Brief

FIELD_DOCS = {
    "published_from": "How the date was found: metadata, dateline, header, inferred or unknown.",
    "sources": "Ids of the sentences this item was drawn from.",
    "independent_sources": "Independent outlets or agencies behind the group "
    "(syndicated copies and reports of one agency's wire count once).",
    "conflicts_with": "Ids of claim groups that contradict this one.",
    "salience": "How central the entity is to the story (0..1).",
    "precision": "Geographic precision, as ACLED: point, city, region or country.",
}


def _describe(record: dict[str, Any]) -> None:
    for name, prop in record.get("properties", {}).items():
        if name in FIELD_DOCS:
            prop["description"] = FIELD_DOCS[name]


def brief_schema() -> dict[str, Any]:
    top = json_schema(Brief)
    defs: dict[str, Any] = top.pop("$defs")
    article = defs["Article"]
    for name in ARTICLE_OMIT:
        del article["properties"][name]
        article["required"].remove(name)
    article["description"] += (
        "\n\nIn a brief the body (``text``) is left out: ``sentences`` carry it, with offsets."
    )
    for record in (top, *defs.values()):
        _describe(record)
    top["properties"]["schema"] = {"const": SCHEMA_ID, "title": "Schema"}
    top.pop("title", None)
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

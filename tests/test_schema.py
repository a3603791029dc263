"""The committed JSON schema matches the records, and briefs validate against it."""

from __future__ import annotations

import json

import jsonschema

from storyline.records import Article, Brief, Sentence
from storyline.schema import brief_schema
from tests.conftest import ROOT


def test_committed_schema_is_current() -> None:
    committed = json.loads((ROOT / "schema" / "brief.schema.json").read_text())
    assert committed == brief_schema(), "run `make schema` and commit schema/brief.schema.json"


def test_minimal_brief_validates_and_round_trips() -> None:
    article = Article(id="a1", raw_id="ff" * 32, origin="x.txt", text="One. Two.")
    brief = Brief(
        articles=(article,),
        sentences=(
            Sentence("a1/s0", "a1", 0, 0, 4, "One."),
            Sentence("a1/s1", "a1", 1, 5, 9, "Two."),
        ),
    )
    data = brief.to_dict()
    jsonschema.validate(data, brief_schema())
    assert set(data) >= {
        "schema",
        "articles",
        "sentences",
        "stories",
        "summary",
        "timeline",
        "entities",
        "claims",
        "claim_groups",
    }
    again = Brief.from_dict(json.loads(json.dumps(data)))
    assert again.sentences == brief.sentences
    assert again.articles[0].text == "One. Two."


def test_invalid_brief_is_rejected() -> None:
    bad = {"schema": "storyline.brief/1", "articles": [{"id": 3}]}
    try:
        jsonschema.validate(bad, brief_schema())
    except jsonschema.ValidationError:
        return
    raise AssertionError("a brief with missing sections validated")

"""The table components give, token by token, what the components they replace give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.analysis.nlp import load_nlp

from .conftest import DEMO_REPORTS

#: Text that reaches the rules of more than one token ("gonna", "let's",
#: "ain't", "y'all", "There is"), the whitespace rules, contractions and names
#: the gazetteer knows, one word and several ("Palmyra", "Buenos Aires").
RULES_TEXT = (
    "There is no way we're gonna stop, she said. Let's go!  Y'all ain't seen "
    "nothing yet.\n\nHe'd said it was there; I'd have been hoping. Tadmur and "
    "Palmyra lie east of Homs, far from New York and Buenos Aires.\n\n\n"
    "Once, the U.N. had got ta   act: do it, did it, does it.\n"
)


def _annotation(doc: Any) -> list[tuple[Any, ...]]:
    return [
        (
            t.i,
            t.text,
            t.tag_,
            t.pos_,
            str(t.morph),
            t.lemma_,
            t.dep_,
            t.head.i,
            t.ent_iob_,
            t.ent_type_,
            t.is_sent_start,
        )
        for t in doc
    ]


def _texts() -> list[str]:
    texts = [RULES_TEXT]
    texts += [p.read_text(encoding="utf-8") for p in sorted(DEMO_REPORTS.glob("*.txt"))][:3]
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    return texts


def test_fast_pipeline_annotates_as_the_stock_one() -> None:
    stock, fast = load_nlp(stock=True), load_nlp()
    assert "attribute_ruler" in stock.pipe_names and "entity_ruler" in stock.pipe_names
    assert "storyline_attributes" in fast.pipe_names
    assert "storyline_gazetteer" in fast.pipe_names
    texts = _texts()
    pairs = list(zip(stock.pipe(texts), fast.pipe(texts), strict=True))
    assert sum(len(a) for a, _ in pairs) > 300
    for a, b in pairs:
        assert _annotation(a) == _annotation(b)
    first = pairs[0][1]
    assert {e.text for e in first.ents} >= {"Palmyra", "Buenos Aires"}
    assert [t.lemma_ for t in first if t.lower_ in ("gon", "na")] == ["go", "to"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_fast_pipeline_takes_empty_text(text: str) -> None:
    doc = load_nlp()(text)
    assert doc.text == text
    assert not doc.ents

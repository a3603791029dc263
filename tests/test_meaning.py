"""The shipped static embedding model (storyline.text.meaning)."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.errors import ModelMissingError
from storyline.text import meaning


def test_wordpiece_tokens_as_bert_reads_them() -> None:
    assert meaning.tokens("The jihadists' rout, on Wednesday!") == [
        "the", "jihad", "##ists", "'", "ro", "##ut", ",", "on", "wednesday", "!",
    ]
    assert meaning.tokens("Café Müller") == ["cafe", "muller"]


def test_vectors_are_unit_and_cached() -> None:
    v = meaning.vector("Militants seized the city on Wednesday.")
    assert v.shape == (meaning.model().dim,)
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-5
    assert meaning.vector("Militants seized the city on Wednesday.") is v
    rows = meaning.vectors(["a city", "", "a town"])
    assert rows.shape == (3, meaning.model().dim)
    assert not rows[1].any()  # nothing known: zeros, not NaN


def test_word_meaning_tells_near_words_from_far_ones() -> None:
    near = meaning.similarity("the troops withdrew", "the soldiers pulled out")
    far = meaning.similarity("the troops withdrew", "bread prices rose in the market")
    assert near > far + 0.2, (near, far)


def test_a_missing_model_names_the_fix(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ModelMissingError, match="force-reinstall storyline"):
        meaning.Meaning(tmp_path)

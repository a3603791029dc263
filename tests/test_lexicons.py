"""The word lists shipped as data (storyline/lexicons) and their one loader."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from storyline import lexicons

SRC = Path(lexicons.__file__).resolve().parents[1]


def test_every_lexicon_opens_with_its_provenance_and_has_entries() -> None:
    names = lexicons.names()
    assert names
    for name in names:
        path = SRC / "lexicons" / f"{name}.txt"
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# ") and len(first) > 10, name
        assert lexicons.phrases(name), f"{name} is empty"


def test_every_lexicon_is_read_by_the_code() -> None:
    """No orphan files: every name is spelled in a module of the package."""
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                used.add(node.value)
    assert [n for n in lexicons.names() if n not in used] == []


def test_words_phrases_and_mappings() -> None:
    assert "say" in lexicons.words("claims/cue_verbs")
    assert "seem" not in lexicons.words("claims/cue_verbs")
    assert lexicons.phrases("stances/refute_phrases")[0] == "not true"
    forms = lexicons.mapping("text/irregular_forms")
    assert forms["rose"] == "rise"
    forms["rose"] = "changed"  # a caller's copy: the next reader gets the file's
    assert lexicons.mapping("text/irregular_forms")["rose"] == "rise"


def test_bad_names_are_refused() -> None:
    with pytest.raises(LookupError, match="no lexicon"):
        lexicons.words("claims/no_such_list")
    for bad in ("", "../settings", "claims//cue_verbs", "/claims/cue_verbs"):
        with pytest.raises(ValueError, match="not a lexicon name"):
            lexicons.words(bad)

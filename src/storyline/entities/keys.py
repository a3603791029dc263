"""The resolution key of a mention: its alias table name, else its spelling key."""

from __future__ import annotations

import re

from storyline.entities.aliases import canonical_alias
from storyline.text.names import compact_key


def clean_surface(text: str) -> str:
    """Mention text without a leading "the", a possessive or stray punctuation."""
    text = text.strip().strip("\"“”'’()[],;:")
    # A final full stop is punctuation, except after an initial ("U.S.").
    if text.endswith(".") and not re.search(r"(?:^|[.\s])[A-Z]\.$", text):
        text = text[:-1]
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip()


def mention_key(text: str, label: str) -> str:
    """Resolution key of a mention (step 1 of the module docstring)."""
    # "ISIS/ISIL" is one token for spaCy and two aliases of one name.
    for part in (text, *text.split("/")):
        alias = canonical_alias(part)
        if alias is not None:
            return "alias:" + alias[0]
    return compact_key(clean_surface(text))

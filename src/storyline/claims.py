"""The claims ledger: who said what, who corroborates it, where sources conflict.

Pipeline of this stage (each step in its own module):

1. :mod:`storyline.attribution` finds attributed statements in the parse;
2. :mod:`storyline.sources` types each speaker (official, state media, ...);
3. :mod:`storyline.hedging` attaches hedges and verification caveats;
4. this module turns statements into :class:`~storyline.records.Claim` records
   and groups claims that assert the same thing, counting independent sources;
5. :mod:`storyline.conflicts` links groups that contradict each other.
"""

from __future__ import annotations

from typing import Any

from storyline.records import Attribution


def analysis_nlp() -> Any:
    """The shared spaCy pipeline, with the entity ruler when the entities stage
    that feeds it is installed and without it otherwise (attribution needs the
    parse, not the ruler)."""
    from storyline.analyze import load_nlp

    try:
        return load_nlp()
    except ImportError:
        return load_nlp(with_ruler=False)


def attributions(text: str) -> list[Attribution]:
    """Attributed statements in ``text`` as source/cue/content character spans.

    One record per cue: a split or continued quote is one content span from its
    first piece to its last (PolNeAR/PARC convention).
    """
    from storyline.analyze import analyze_texts
    from storyline.attribution import as_records, find_attributions

    if not text.strip():
        return []
    analyzed = analyze_texts([text], nlp=analysis_nlp())
    return as_records(find_attributions(analyzed[0].doc))

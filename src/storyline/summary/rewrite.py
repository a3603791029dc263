"""Optional abstractive rewrite of an extractive summary through an
OpenAI-compatible chat endpoint that the user configures; off unless called.

No model ships with storyline and nothing is contacted unless a caller hands
:func:`rewrite_summary` an :class:`Endpoint`.  Each summary sentence is sent
with the source sentences that say its fact (its ``sources``), and the model
is asked for one plain sentence that says what they say.  A rewrite is kept
only when it is **supported** by those source sentences
(:func:`unsupported_reason`): every number and name it gives is in them,
nearly all of its content words are, it adds no negation, and it can stand
alone as a summary sentence.  Otherwise the rewrite is dropped and the
extractive sentence stays, so a model can shorten and merge wording but not
add a fact.  ``sources`` and ``outlets`` are never changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.records import SummarySentence
from storyline.summary.features import features, standalone_problem

#: Share of the rewrite's content words (stems) that must occur in its source
#: sentences (numbers, names and negations are checked apart, all or none).
#: No model is at hand to measure rewrites, so two bounds were measured on
#: multinews-dev clusters 0-124 (centroid.v2 summaries, 1,436 sentences):
#: a sentence checked against the sources of *another* sentence of its summary
#: (a model that swaps in a neighbouring fact) passes 0.32% / 0.12% / 0.07% /
#: 0.04% of 15,882 times at 0.6 / 0.7 / 0.8 / 0.9; a retelling of the same
#: fact by another outlet (Dice 0.5-0.9, 230 pairs), which adds details of its
#: own, passes 39% / 32% / 20% / 8%.  A dropped rewrite costs only the
#: extractive sentence, a kept unsupported one costs a false statement, so
#: 0.8: a rewrite may add connecting words, not a retelling's new details.
SUPPORTED_SHARE = 0.8

_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without)\b|n't\b", re.I)

_PROMPT = (
    "Rewrite the news sentences below as ONE short, plain sentence that states "
    "only what they say. Do not add any fact, number, name or opinion that is "
    "not in them. Answer with the sentence only."
)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """An OpenAI-compatible chat completions API (``POST {url}/chat/completions``)."""

    url: str
    model: str
    api_key: str | None = None
    timeout: float = 30.0
    temperature: float = 0.0


def unsupported_reason(rewrite: str, sources: Sequence[str]) -> str | None:
    """Why ``rewrite`` is not supported by the ``sources`` sentences, or None."""
    text = " ".join(rewrite.split())
    if not text:
        return "empty"
    problem = standalone_problem(text)
    if problem is not None and problem != "short":
        return f"cannot stand alone ({problem})"
    mine = features(text)
    theirs = [features(s) for s in sources]
    numbers = frozenset().union(*(f.numbers for f in theirs))
    terms = frozenset().union(*(f.terms for f in theirs))
    if not mine.numbers <= numbers:
        return "number not in the sources: " + ", ".join(sorted(mine.numbers - numbers))
    if not mine.names <= terms:
        return "name not in the sources: " + ", ".join(sorted(mine.names - terms))
    if _NEGATION.search(text) and not any(_NEGATION.search(s) for s in sources):
        return "negation not in the sources"
    if mine.terms:
        share = len(mine.terms & terms) / len(mine.terms)
        if share < SUPPORTED_SHARE:
            return f"only {share:.0%} of its words are in the sources"
    return None


def _ask(client: Any, endpoint: Endpoint, sources: Sequence[str]) -> str | None:
    headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
    body = {
        "model": endpoint.model,
        "temperature": endpoint.temperature,
        "messages": [
            {"role": "system", "content": _PROMPT},
            {"role": "user", "content": "\n".join(f"- {s}" for s in sources)},
        ],
    }
    response = client.post(
        endpoint.url.rstrip("/") + "/chat/completions", json=body, headers=headers
    )
    response.raise_for_status()
    choices = response.json().get("choices") or []
    if not choices:
        return None
    content = (choices[0].get("message") or {}).get("content")
    return content.strip() if isinstance(content, str) else None


def rewrite_summary(
    summary: Sequence[SummarySentence],
    sentences: Mapping[str, str],
    endpoint: Endpoint,
    *,
    transport: Any = None,
) -> tuple[list[SummarySentence], list[str]]:
    """Rewrite each summary sentence through ``endpoint``, keeping only
    supported rewrites.

    ``sentences`` maps sentence ids to their text (the ``sources`` of the
    summary).  Returns the summary (rewritten where supported) and one note
    per sentence whose rewrite was dropped, naming the reason; an endpoint
    that fails leaves that sentence as it was and says so.  ``transport`` is
    an ``httpx`` transport, for tests.
    """
    import httpx

    out: list[SummarySentence] = []
    notes: list[str] = []
    with httpx.Client(timeout=endpoint.timeout, transport=transport) as client:
        for item in summary:
            sources = [sentences[s] for s in item.sources if s in sentences] or [item.text]
            try:
                rewrite = _ask(client, endpoint, sources)
            except (httpx.HTTPError, ValueError) as error:
                notes.append(f"{item.sources[0]}: endpoint failed ({error}); kept as extracted")
                out.append(item)
                continue
            reason = "no answer" if rewrite is None else unsupported_reason(rewrite, sources)
            if rewrite is None or reason is not None:
                notes.append(f"{item.sources[0]}: rewrite dropped ({reason})")
                out.append(item)
                continue
            out.append(
                SummarySentence(
                    text=" ".join(rewrite.split()), sources=item.sources, outlets=item.outlets
                )
            )
    return out, notes

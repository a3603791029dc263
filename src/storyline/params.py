"""The stages' tunable numbers: one frozen dataclass per stage, checked once.

Thresholds and weights that the benchmarks sweep live in these dataclasses,
each field with its shipped value as the default and the measurement that
chose it in a comment beside it.  A stage's entry point takes its parameters
as a keyword argument (the shipped instance by default), and
:class:`storyline.settings.Settings` holds one per stage, so a user or a
benchmark changes a number by building an object, never by assigning to a
module::

    from storyline.settings import Settings
    from storyline.summary.params import RankerParams

    settings = Settings(summary=RankerParams(lead_weight=0.2))

The stages and their parameters (``Settings`` field in brackets):

* duplicates -- :class:`storyline.analysis.params.DedupeParams` (``dedupe``);
* stories -- :class:`storyline.stories.params.ClusterParams` (``stories``);
* timeline -- :class:`storyline.timeline.params.TimelineParams` (``timeline``);
* claims -- :class:`storyline.claims.params.ClaimParams` (``claims``);
* summary -- :class:`storyline.summary.params.RankerParams` (``summary``);
* stance -- :class:`storyline.stances.classify.Thresholds` (no field: the
  pipeline does not run the stance stage; :func:`storyline.stances.classify.stance`
  takes ``thresholds=``).

This module holds the one check they share.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from typing import Any

from storyline.errors import StorylineError

__all__ = ["check_numbers"]


def check_numbers(params: Any, *, shares: Iterable[str] = (), counts: Iterable[str] = ()) -> None:
    """Raise :class:`StorylineError` unless every number field of the
    dataclass ``params`` is finite, the ``shares`` lie in [0, 1] and the
    ``counts`` are whole numbers of at least 1."""
    name = type(params).__name__
    for f in dataclasses.fields(params):
        value = getattr(params, f.name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if not math.isfinite(value):
            raise StorylineError(f"{name}.{f.name} must be a finite number, got {value!r}")
    for field_name in shares:
        value = getattr(params, field_name)
        if not 0.0 <= value <= 1.0:
            raise StorylineError(f"{name}.{field_name} must be between 0 and 1, got {value!r}")
    for field_name in counts:
        value = getattr(params, field_name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise StorylineError(f"{name}.{field_name} must be a whole number >= 1, got {value!r}")

"""claims.py, attribution.py and cluster.py were split; the names other modules,
the tests and the benchmarks read from the old modules must still be there and
be the moved objects themselves (not copies that could drift apart)."""

from __future__ import annotations

import storyline.cluster as cluster  # noqa: PLR0402  (storyline.cluster is also a function)
from storyline import attribution, claim_groups, claims, reporting_verbs, story_features


def test_cluster_still_exposes_the_feature_functions() -> None:
    assert cluster.features is story_features.features
    assert cluster.content_date is story_features.content_date
    assert cluster.as_date is story_features.as_date
    assert cluster.TITLE_REPEAT == story_features.TITLE_REPEAT


def test_claims_groups_with_the_moved_grouping() -> None:
    assert claims._group is claim_groups._group
    assert claims._Draft is claim_groups._Draft


def test_attribution_runs_the_verb_rules_of_reporting_verbs() -> None:
    assert attribution._verb_statement is reporting_verbs._verb_statement
    assert attribution.CUE_VERBS is reporting_verbs.CUE_VERBS
    # the claims ledger still imports the statement record from attribution
    assert claims.Found is attribution.Found


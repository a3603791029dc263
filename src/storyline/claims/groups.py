"""Claim groups: which claims assert the same thing, how many independent
sources back each group, and which groups contradict each other.

:func:`group_claims` is the second half of :func:`storyline.claims.ledger.extract_claims`:
that module drafts one :class:`ClaimDraft` per attributed statement, this one
groups the drafts by average linkage over agreement pairs and builds the
:class:`~storyline.records.ClaimGroup` records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from storyline.claims.conflicts import (
    OPPOSITES,
    Features,
    conflict,
    kept_apart,
    same_assertion,
)
from storyline.claims.params import DEFAULT_CLAIM_PARAMS, ClaimParams
from storyline.facts.compare import Context, decide, read
from storyline.records import Article, Claim, ClaimGroup, ClaimStatus
from storyline.text.memo import Memo
from storyline.text.unionfind import UnionFind

_MAX_STATEMENT = 240


@dataclass
class ClaimDraft:
    """A claim under construction, with what grouping needs alongside."""

    claim: Claim
    article: Article
    features: Features
    head_label: str | None
    refuted: bool = False
    rival: bool = False
    sentence_index: int = 0
    hedges: list[str] = field(default_factory=list)


def _independence_key(draft: ClaimDraft) -> str:
    """What one independent source is for this claim.

    An agency credited by the outlet ("told AFP") is the source, so two
    outlets quoting the same AFP interview count once and AFP and Reuters
    count twice; otherwise copies of one wire story (syndication group,
    duplicate_of) count once, and each outlet counts once.
    """
    if draft.claim.via:
        return "via:" + draft.claim.via.lower()
    art = draft.article
    if art.syndication_group:
        return "syn:" + art.syndication_group
    if art.duplicate_of:
        return "dup:" + art.duplicate_of
    return "outlet:" + (art.outlet or art.id).lower()


def _statement(drafts: list[ClaimDraft]) -> str:
    """A readable representative: an unhedged claim of middling length."""
    ordered = sorted(
        drafts,
        key=lambda d: (d.claim.hedged, abs(len(d.claim.content) - 140), d.claim.id),
    )
    text = ordered[0].claim.content
    return text if len(text) <= _MAX_STATEMENT else text[: _MAX_STATEMENT - 1].rstrip() + "…"


def _common_words(drafts: list[ClaimDraft], share: float) -> frozenset[str]:
    """Words in more than ``share`` of the claims (ten or more claims only)."""
    if len(drafts) < 10:
        return frozenset()
    df: dict[str, int] = {}
    for d in drafts:
        for w in d.features.words:
            df[w] = df.get(w, 0) + 1
    return frozenset(w for w, c in df.items() if c > share * len(drafts))


def _pair_relations(
    drafts: list[ClaimDraft],
    common: frozenset[str],
    story_of: Mapping[str, str],
    params: ClaimParams,
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Pairs of claims that agree, and pairs that contradict.  Claims of two
    different stories (say, an arc's 2015 and 2016 parts) are never compared:
    "families could not leave" in 2016 does not contradict a 2015 evacuation."""
    same: set[tuple[int, int]] = set()
    clash: set[tuple[int, int]] = set()
    story = [story_of.get(d.claim.article_id) for d in drafts]
    for i, j in _candidate_pairs(drafts, params):
        a, b = drafts[i], drafts[j]
        if story[i] is not None and story[j] is not None and story[i] != story[j]:
            continue  # two stories known apart (a claim of no story meets any)
        if conflict(a.features, b.features, params) is not None:
            clash.add((i, j))
        elif a.claim.article_id == b.claim.article_id and a.claim.speaker == b.claim.speaker:
            # one speaker repeating himself in one report is not corroboration
            if a.claim.content == b.claim.content:
                same.add((i, j))
        elif same_assertion(a.features, b.features, common, params) or (
            not kept_apart(a.features, b.features, params) and _same_fact(a, b)
        ):
            same.add((i, j))
    return same, clash


def _candidate_pairs(drafts: list[ClaimDraft], params: ClaimParams) -> list[tuple[int, int]]:
    """The pairs that can agree or contradict, in order: those sharing a
    content word, a predicate class (or two opposite ones), counts of things
    on both sides, or one speaker in one report.  Every test of
    :func:`_pair_relations` needs one of these, so the rest (most pairs of a
    big arc: 240 claims are 28,680 pairs) is skipped unread."""
    n = len(drafts)
    if min(params.same_words, params.same_words_all, params.all_larger_share) <= 0:
        return [(i, j) for i in range(n) for j in range(i + 1, n)]  # any pair may agree
    by_key: dict[tuple[str, object], list[int]] = {}
    for i, d in enumerate(drafts):
        f = d.features
        keys: set[tuple[str, object]] = {("w", w) for w in f.words}
        for p in f.predicates:
            keys.add(("p", p.name))
            keys.update(("p", other) for pair in OPPOSITES if p.name in pair for other in pair)
        if f.counted:
            keys.add(("n", None))
        keys.add(("s", (d.claim.article_id, d.claim.speaker)))
        for key in keys:
            by_key.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in by_key.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    return sorted(pairs)


def _same_fact(a: ClaimDraft, b: ClaimDraft) -> bool:
    """The same-fact test on what the two claims say (their contents), told
    the articles' dates (for the clash of days) and whether they are of one
    article; the wording decides, not the evidence around it (see
    :attr:`storyline.facts.compare.Context.other_evidence`)."""
    if len(a.features.words & b.features.words) < 2:
        return False  # the test's score needs two shared content words: no need to read
    key = (
        a.claim.content,
        b.claim.content,
        a.article.published,
        b.article.published,
        a.claim.article_id == b.claim.article_id,
    )
    found = _DECIDED.get(key)
    if found is None:
        context = Context(anchors=key[2:4], same_article=key[4], other_evidence=False)
        found = decide(read(a.claim.content), read(b.claim.content), context)
        _DECIDED.put(key, found)
    return found


#: The test's answers by (contents, dates, one article): a stream worker
#: briefs a story again each time a report joins it, and asks again of the
#: same claims of its other members.
_DECIDED: Memo[tuple[str, str, object, object, bool], bool] = Memo(100_000)


def _average_linkage(
    n: int, same: set[tuple[int, int]], clash: set[tuple[int, int]], linkage: float
) -> list[tuple[int, int]]:
    """Merges (as claim index pairs) of agglomerative average linkage over the
    agreement graph: order-independent, unlike joining the first group that
    fits.  Two groups merge when at least ``linkage`` of their claim pairs
    agree and none contradict."""
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    merges: list[tuple[int, int]] = []
    while True:
        links: dict[tuple[int, int], int] = {}
        for i, j in same:
            a, b = group_of[i], group_of[j]
            if a != b:
                key = (min(a, b), max(a, b))
                links[key] = links.get(key, 0) + 1
        blocked = {(min(group_of[i], group_of[j]), max(group_of[i], group_of[j])) for i, j in clash}
        best: tuple[float, int, int] | None = None
        for (a, b), count in links.items():
            if (a, b) in blocked:
                continue
            score = count / (len(members[a]) * len(members[b]))
            if score >= linkage and (
                best is None or (score, -a, -b) > (best[0], -best[1], -best[2])
            ):
                best = (score, a, b)
        if best is None:
            return merges
        _, a, b = best
        merges.append((members[a][0], members[b][0]))
        for i in members[b]:
            group_of[i] = a
        members[a].extend(members.pop(b))


def group_claims(
    drafts: list[ClaimDraft],
    story_of: Mapping[str, str],
    params: ClaimParams = DEFAULT_CLAIM_PARAMS,
) -> tuple[list[Claim], list[ClaimGroup]]:
    n = len(drafts)
    uf = UnionFind(n)
    common = _common_words(drafts, params.common_share)
    same, clash = _pair_relations(drafts, common, story_of, params)
    for i, j in _average_linkage(n, same, clash, params.linkage):
        uf.union(i, j)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(uf.find(i), []).append(i)
    roots = sorted(members, key=lambda r: members[r][0])
    gid = {root: f"g-{k}" for k, root in enumerate(roots)}
    group_of = [gid[uf.find(i)] for i in range(n)]

    links: dict[str, set[str]] = {g: set() for g in gid.values()}
    # the contradicting pairs were all found above (same story, any grouping)
    for i, j in clash:
        if group_of[i] != group_of[j]:
            links[group_of[i]].add(group_of[j])
            links[group_of[j]].add(group_of[i])
    _link_rivals(drafts, group_of, links, params.rival_reach)

    claims: list[Claim] = []
    for i, d in enumerate(drafts):
        claims.append(replace(d.claim, group_id=group_of[i]))
    groups: list[ClaimGroup] = []
    for root in roots:
        g = gid[root]
        items = [drafts[i] for i in members[root]]
        outlets: list[str] = []
        for d in items:
            name = d.article.outlet or d.article.id
            if name not in outlets:
                outlets.append(name)
        independent = len({_independence_key(d) for d in items})
        conflicts_with = tuple(sorted(links[g], key=lambda x: int(x[2:])))
        refuted = any(d.refuted for d in items)
        if conflicts_with or refuted:
            status: ClaimStatus = "contested"
        elif independent >= 2:
            status = "corroborated"
        elif any(d.claim.hedged for d in items):
            status = "unconfirmed"
        else:
            status = "single_source"
        groups.append(
            ClaimGroup(
                id=g,
                statement=_statement(items),
                claim_ids=tuple(d.claim.id for d in items),
                outlets=tuple(outlets),
                independent_sources=independent,
                status=status,
                conflicts_with=conflicts_with,
            )
        )
    return claims, groups


def _link_rivals(
    drafts: list[ClaimDraft], group_of: list[str], links: dict[str, set[str]], reach: int
) -> None:
    """A rival account ("Residents offered a different account, reporting
    that ...") disputes the nearest earlier claim in its report that has
    another speaker, within ``reach`` sentences."""
    for i, d in enumerate(drafts):
        if not d.rival:
            continue
        best: int | None = None
        for j, other in enumerate(drafts):
            if (
                other.claim.article_id == d.claim.article_id
                and other.claim.speaker != d.claim.speaker
                and 0 <= d.sentence_index - other.sentence_index <= reach
                and (other.sentence_index < d.sentence_index or j < i)
                and group_of[j] != group_of[i]
            ) and (best is None or other.sentence_index >= drafts[best].sentence_index):
                best = j
        if best is not None:
            links[group_of[i]].add(group_of[best])
            links[group_of[best]].add(group_of[i])

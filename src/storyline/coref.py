"""Cross-document coreference of given mention spans (the evaluation API).

``resolve(documents, mentions)`` gets documents and ``(document, start, end)``
character spans, and returns a cluster id per span.  Unlike
:func:`storyline.entities.resolve_entities`, the spans are not only names: in
ECB+ most are common nouns ("the actress", "police") and pronouns.

The rules, in order:

1. **Names** (the span's head is a proper noun or lies in a named entity): the
   same resolution key as entities (alias table, transliteration key) links
   mentions across all documents; a one-word name joins the single full name
   ending in it within the document, else within the document group (below).
2. **Document groups**: documents are grouped by the overlap of their content
   lemmas and names (TF-IDF cosine, average-link agglomeration with
   :data:`GROUP_THRESHOLD`), because a topic mixes reports of different
   events: "the suspect" of one robbery is not the suspect of another.
3. **Common nouns** with the same head lemma corefer within a document group
   (the same-head-lemma rule, restricted to reports of the same event).
4. **Pronouns** join the nearest preceding compatible mention in their
   document (he/she -> a person; they -> a plural or an organisation;
   it -> a non-person), within :data:`PRONOUN_WINDOW` sentences.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storyline.names import name_tokens, skeleton

#: Cosine similarity above which two documents are taken to report the same
#: event (average link).  Chosen on ECB+ dev topics 1-12 (bench/entities.py,
#: see the report in bench/results/entities.json): 0.10-0.30 swept in 0.05
#: steps; the values are within 1 CoNLL point of each other, 0.2 was best.
GROUP_THRESHOLD = 0.2
#: A pronoun looks this many sentences back for its antecedent (ECB+ dev:
#: 0, 1, 2, 3 tried; 2 was best).
PRONOUN_WINDOW = 2

PERSON_PRONOUNS = frozenset(
    {"he", "him", "his", "himself", "she", "her", "hers", "herself", "who", "whom"}
)
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
THING_PRONOUNS = frozenset({"it", "its", "itself", "which", "that"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours"})


@dataclass
class _Span:
    doc: int
    start: int
    end: int
    sentence: int
    head_lemma: str
    head_pos: str
    plural: bool
    label: str  # named-entity label over the head, "" if none
    key: str  # name key, "" for common nouns and pronouns
    tokens: list[str]


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _features(doc: Any, doc_index: int, start: int, end: int, sent_starts: Sequence[int]) -> _Span:
    from storyline.entities import _ent_spans, mention_key

    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        text = doc.text[start:end]
        return _Span(doc_index, start, end, 0, text.lower(), "X", False, "", "", [])
    root = span.root
    sentence = bisect.bisect_right(sent_starts, root.i) - 1
    label = ""
    key = ""
    tokens: list[str] = []
    for s, e, lab in _ent_spans(doc):
        if s <= root.i < e:
            label = lab
            ent = doc[s:e]
            key = mention_key(ent.text, lab)
            tokens = name_tokens(ent.text)
            break
    if not key and root.pos_ == "PROPN":
        propn = [t for t in span if t.pos_ == "PROPN"]
        text = " ".join(t.text for t in propn)
        key = mention_key(text, "")
        tokens = name_tokens(text)
    plural = root.tag_ in ("NNS", "NNPS") or root.lower_ in PLURAL_PRONOUNS
    return _Span(
        doc=doc_index,
        start=start,
        end=end,
        sentence=sentence,
        head_lemma=root.lemma_.lower(),
        head_pos=root.pos_,
        plural=plural,
        label=label,
        key=key,
        tokens=tokens,
    )


def _doc_vectors(docs: Sequence[Any]) -> list[dict[str, float]]:
    bags: list[Counter[str]] = []
    for doc in docs:
        bag: Counter[str] = Counter()
        for token in doc:
            if token.is_alpha and not token.is_stop and token.pos_ in ("NOUN", "PROPN", "VERB"):
                bag[token.lemma_.lower()] += 1
        for ent in doc.ents:
            bag["ent:" + ent.text.lower()] += 2
        bags.append(bag)
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    vectors = []
    for bag in bags:
        vec = {w: (1 + math.log(c)) * math.log((n + 1) / (df[w] + 0.5)) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def group_documents(docs: Sequence[Any], threshold: float = GROUP_THRESHOLD) -> list[int]:
    """Average-link agglomeration of documents by TF-IDF cosine; a group id each."""
    vectors = _doc_vectors(docs)
    groups: list[list[int]] = [[i] for i in range(len(docs))]
    sims = [[_cosine(vectors[i], vectors[j]) for j in range(len(docs))] for i in range(len(docs))]
    while len(groups) > 1:
        best, pair = threshold, None
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                total = sum(sims[i][j] for i in groups[a] for j in groups[b])
                score = total / (len(groups[a]) * len(groups[b]))
                if score > best:
                    best, pair = score, (a, b)
        if pair is None:
            break
        a, b = pair
        groups[a] = groups[a] + groups[b]
        del groups[b]
    out = [0] * len(docs)
    for gid, members in enumerate(groups):
        for i in members:
            out[i] = gid
    return out


def _compatible(pronoun: str, candidate: _Span) -> bool:
    if candidate.head_pos == "PRON":
        return False
    if pronoun in PERSON_PRONOUNS:
        return not candidate.plural and (
            candidate.label == "PERSON" or (candidate.label == "" and candidate.head_pos == "NOUN")
        )
    if pronoun in PLURAL_PRONOUNS:
        return candidate.plural or candidate.label in ("ORG", "NORP")
    if pronoun in THING_PRONOUNS:
        return not candidate.plural and candidate.label != "PERSON"
    return False


def cluster_spans(analyzed: Sequence[Any], mentions: Sequence[tuple[int, int, int]]) -> list[int]:
    """Cluster ids for mention spans over analysed documents (module docstring)."""
    docs = [a.doc for a in analyzed]
    starts = [[s.start for s in doc.sents] for doc in docs]
    spans = [_features(docs[d], d, s, e, starts[d]) for d, s, e in mentions]
    groups = group_documents(docs) if len(docs) > 1 else [0] * len(docs)
    uf = _UnionFind(len(spans))
    # 1. names
    first: dict[str, int] = {}
    for i, sp in enumerate(spans):
        if sp.key:
            if sp.key in first:
                uf.union(first[sp.key], i)
            else:
                first[sp.key] = i
    full_doc: dict[tuple[int, str], set[int]] = defaultdict(set)
    full_group: dict[tuple[int, str], set[int]] = defaultdict(set)
    for i, sp in enumerate(spans):
        if sp.key and len(sp.tokens) > 1:
            last = skeleton(sp.tokens[-1])
            full_doc[(sp.doc, last)].add(uf.find(i))
            full_group[(groups[sp.doc], last)].add(uf.find(i))
    for i, sp in enumerate(spans):
        if sp.key and len(sp.tokens) == 1:
            last = skeleton(sp.tokens[0])
            local = {uf.find(j) for j in full_doc.get((sp.doc, last), ())}
            if not local:
                local = {uf.find(j) for j in full_group.get((groups[sp.doc], last), ())}
            if len(local) == 1:
                uf.union(next(iter(local)), i)
    # 3. common nouns by head lemma within a document group
    by_lemma: dict[tuple[int, str], int] = {}
    for i, sp in enumerate(spans):
        if not sp.key and sp.head_pos not in ("PRON", "X"):
            k = (groups[sp.doc], sp.head_lemma)
            if k in by_lemma:
                uf.union(by_lemma[k], i)
            else:
                by_lemma[k] = i
    # 4. pronouns
    order = sorted(range(len(spans)), key=lambda i: (spans[i].doc, spans[i].start))
    for pos, i in enumerate(order):
        sp = spans[i]
        if sp.head_pos != "PRON":
            continue
        lemma = sp.head_lemma
        if lemma in FIRST_PERSON:
            continue
        for j in reversed(order[:pos]):
            cand = spans[j]
            if cand.doc != sp.doc or sp.sentence - cand.sentence > PRONOUN_WINDOW:
                break
            if _compatible(lemma, cand):
                uf.union(j, i)
                break
    roots: dict[int, int] = {}
    return [roots.setdefault(uf.find(i), len(roots)) for i in range(len(spans))]


def resolve(documents: list[str], mentions: list[tuple[int, int, int]]) -> list[int]:
    """A cluster id per ``(document index, start, end)`` mention, across documents."""
    from storyline.analyze import analyze_texts

    if not mentions:
        return []
    analyzed = analyze_texts(documents)
    return cluster_spans(analyzed, mentions)

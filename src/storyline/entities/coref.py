"""Cross-document coreference of given mention spans (the evaluation API).

``resolve(documents, mentions)`` gets documents and ``(document, start, end)``
character spans, and returns a cluster id per span.  Unlike
:func:`storyline.entities.table.resolve_entities`, the spans are not only names: in
ECB+ most are common nouns ("the actress", "police") and pronouns.

The rules, in order:

1. **Names** (the span's head is a proper noun or lies in a named entity): the
   same resolution key as entities (alias table, transliteration key) links
   mentions across all documents, and so do person names with the same first
   and last word ("Mark Heller" / "Mark Jay Heller"; a "Jr" is not a last
   word); a one-word name joins the single full name ending in it within the
   document, else within the document group; a name that begins a longer
   organisation or facility name ("Promises" / "Promises Treatment Center")
   joins it when only one fits, in the document, else in the group.  A
   leading preposition of the span ("into Promises Treatment Center") is
   skipped when finding its head, and a span the parser roots on a
   determiner or preposition ("an office") takes its noun as head.
2. **Document groups**: documents are grouped by the overlap of their content
   lemmas and names (TF-IDF cosine, average-link agglomeration with
   :data:`GROUP_THRESHOLD`), joined with the stories the story index finds
   (:func:`event_groups`), because a topic mixes reports of different
   events: "the suspect" of one robbery is not the suspect of another.
3. **Common nouns** with the same head lemma corefer within a document group
   (the same-head-lemma rule, restricted to reports of the same event); a
   name whose head is a common noun ("the Navy") joins them when it is the
   group's only name with that head.  Nouns that fill the same verb slot in
   several reports of the group corefer ("the gunman opened fire" / "the
   shooter opened fire", :func:`_link_slots`).
4. **Descriptions**: a noun that the group's reports put in apposition to, in
   front of, or as the predicate of one name ("actress Tara Reid") joins it.
5. **The main person**: a *person noun* (:func:`person_nouns`: a noun the
   documents themselves use for people) that the group uses as a definite
   singular subject ("the gunman opened fire") is the group's most named
   person; a definite singular person noun in a report that names one
   person only is that person.
6. **Pronouns** join the nearest preceding compatible mention in their
   document (he/she -> a person name or a person noun, not one whose name
   the documents pair with the other gender's pronouns; they -> a plural or
   an organisation; it -> a non-person; where/there/here -> a place or a
   thing), within :data:`PRONOUN_WINDOW` sentences; he/she with no
   antecedent join the document's (else the group's) main person; any other
   pronoun joins the same pronoun in its group.

Rules 1-6 were first developed on ECB+ dev topics 1-12; the person nouns,
gender, locatives, verb slots, name prefixes and head repair were added
looking at topics 1-24 only.  bench/entities.py reports topics 25-35 apart as held out.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storyline import lexicons
from storyline.text.docs import doc_text
from storyline.text.names import name_tokens, skeleton
from storyline.text.unionfind import UnionFind

#: Cosine similarity above which two documents are taken to report the same
#: event (average link).  Swept on ECB+ dev topics 1-6 / 7-12 with the final
#: rules (bench/entities.py): CoNLL F1 71.9 / 77.4 at 0 (one group per topic),
#: 73.8 / 78.1 at 0.03, 73.7 / 78.3 at 0.05, 71.8 / 75.8 at 0.08; the TF-IDF
#: cosine of two short reports is low even for the same event.
GROUP_THRESHOLD = 0.05
#: A pronoun looks this many sentences back for its antecedent.  ECB+ only
#: annotates some sentences, so gaps are long; 2, 5 and 50 scored within
#: 0.1 CoNLL point on topics 1-6, 5 keeps antecedents near.
PRONOUN_WINDOW = 5

PERSON_PRONOUNS = frozenset(
    {"he", "him", "his", "himself", "she", "her", "hers", "herself", "who", "whom"}
)
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
THING_PRONOUNS = frozenset({"it", "its", "itself", "which", "that"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours"})
ALL_PRONOUNS = PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS | FIRST_PERSON
#: Adverbs that stand for a place named before ("the plant, where she worked").
LOCATIVES = frozenset({"where", "there", "here"})


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
    det: str = ""  # "the", "a", "poss" or "" (the head's determiner)
    dep: str = ""  # dependency label of the head
    slot: str = ""  # "verb lemma/role" the head fills ("fire/nsubj"), "" if none


class _UnionFind(UnionFind):
    """Union-find with a cannot-link rule: two clusters that each hold a full
    person name (two or more words) and share none are different people, and
    no noun or pronoun may bridge them ("the actress" of two reports)."""

    def __init__(self, size: int, persons: Sequence[str] = ()) -> None:
        super().__init__(size)
        self.persons: list[frozenset[str]] = [
            frozenset({p}) if p else frozenset() for p in (persons or [""] * size)
        ]

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        pa, pb = self.persons[ra], self.persons[rb]
        if pa and pb and not (pa & pb):
            return False
        root, child = min(ra, rb), max(ra, rb)
        self.parent[child] = root
        self.persons[root] = pa | pb
        return True


#: Name suffixes that are not the surname ("Arcade Joseph Comeaux Jr").
NAME_SUFFIXES = lexicons.words("entities/name_suffixes")


#: Nouns of one verb slot corefer when the slot is filled in at least this
#: many documents of the group (ECB+ dev topics 1-24, CoNLL F1: 1 doc 76.88,
#: 2 docs 76.84, 3 docs 76.71; 2 keeps the evidence cross-document: within
#: one report the same slot twice may be two participants).
SLOT_MIN_DOCS = 2
#: Verbs too general to say which participant a noun is.
LIGHT_VERBS = lexicons.words("entities/light_verbs")


def _slot(token: Any) -> str:
    """The argument slot a noun fills: "verb/role" for subjects and objects
    (a passive subject counts as an object), "verb/prep" for a prepositional
    object of the verb."""
    role = token.dep_
    head = token.head
    if role == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        role, head = head.lower_, head.head
    elif role == "nsubjpass":
        role = "dobj"
    elif role not in ("nsubj", "dobj"):
        return ""
    if head.pos_ != "VERB" or head.lemma_ in LIGHT_VERBS:
        return ""
    return f"{head.lemma_.lower()}/{role}"


def _features(
    doc: Any,
    doc_index: int,
    start: int,
    end: int,
    sent_starts: Sequence[int],
) -> _Span:
    """Head, sentence, name key and the rest of one mention span."""
    from storyline.entities.keys import mention_key
    from storyline.entities.spans import model_spans

    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        text = doc_text(doc)[start:end]
        return _Span(doc_index, start, end, 0, text.lower(), "X", False, "", "", [])
    # "into Promises Treatment Center", "at the Kodak Theatre": the markable
    # may start with its preposition; the head is the noun phrase's.
    while len(span) > 1 and span[0].pos_ in ("ADP", "PUNCT"):
        span = span[1:]
    root = span.root
    if root.pos_ in ("ADP", "DET", "PUNCT", "PART", "CCONJ") and len(span) > 1:
        # A misparsed span ("an office", "Waitrose in Wellington"): the last
        # noun before the first preposition is the head.
        nouns: list[Any] = []
        for t in span:
            if t.pos_ == "ADP" and nouns:
                break
            if t.pos_ in ("NOUN", "PROPN", "NUM"):
                nouns.append(t)
        if nouns:
            root = nouns[-1]
    sentence = bisect.bisect_right(sent_starts, root.i) - 1
    label = ""
    for s, e, lab in model_spans(doc):
        if s <= root.i < e:
            label = lab
            break
    key = ""
    tokens: list[str] = []
    if (label or root.pos_ == "PROPN") and root.lower_ not in ALL_PRONOUNS:
        # The name as the span writes it: the run of proper nouns / entity
        # tokens around the head ("Lindsay Lohan's" -> "Lindsay Lohan";
        # "Betty Ford Center in Rancho Mirage" -> "Betty Ford Center").
        def named(t: Any) -> bool:
            return (t.pos_ == "PROPN" or bool(t.ent_type_)) and not t.is_punct and t.tag_ != "POS"

        lo = hi = root.i
        while lo > span.start and named(doc[lo - 1]):
            lo -= 1
        while hi + 1 < span.end and named(doc[hi + 1]):
            hi += 1
        run = [t for t in doc[lo : hi + 1] if named(t)]
        text = " ".join(t.text for t in run)
        if text:
            key = mention_key(text, label)
            tokens = name_tokens(text)
            while len(tokens) > 2 and tokens[-1] in NAME_SUFFIXES:
                tokens = tokens[:-1]
    plural = root.tag_ in ("NNS", "NNPS") or root.lower_ in PLURAL_PRONOUNS
    det = ""
    for child in root.children:
        if child.dep_ == "det":
            det = child.lower_
        elif child.dep_ == "poss":
            det = "poss"
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
        det=det,
        dep=root.dep_,
        slot=_slot(root),
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


def event_groups(docs: Sequence[Any], threshold: float = GROUP_THRESHOLD) -> list[int]:
    """Reports of one event: two documents share a group when
    :func:`group_documents` puts them together *or* the story index does
    (:func:`storyline.stories.index.cluster`, which also weighs names, dates
    and rare words).  Each misses reports the other finds: on ECB+ dev topics
    1-24 the pairs of documents grouped agree with the gold events at
    precision / recall 0.917 / 0.908 (these groups alone), 0.905 / 0.852 (the
    story index alone) and 0.891 / 0.968 (either).  CoNLL F1 of the
    coreference: topics 1-24 76.98 -> 76.92, topics 25-35 (held out) 74.06 ->
    74.67 (the same-head-lemma baseline: 68.76 / 69.54).  Of the four ways of
    combining the two tried (either, with group thresholds 0.05 and 0.08; both,
    with 0.0 and 0.03), "either" was chosen for its pairwise F1 on topics 1-24.
    """
    from storyline.stories.index import cluster

    own = group_documents(docs, threshold)
    story = cluster([{"text": doc.text} for doc in docs])
    uf = UnionFind(len(docs))
    first: dict[tuple[str, int], int] = {}
    for i, key in enumerate(zip(own, story, strict=True)):
        for k in (("own", key[0]), ("story", key[1])):
            if k in first:
                uf.union(first[k], i)
            else:
                first[k] = i
    roots: dict[int, int] = {}
    return [roots.setdefault(uf.find(i), len(roots)) for i in range(len(docs))]


#: Endings of English nouns for people (actress, gunman, employee).
PERSON_ENDINGS = ("man", "woman", "men", "women", "ess", "ee", "ist", "person", "people")


def person_nouns(docs: Sequence[Any]) -> frozenset[str]:
    """Lemmas the documents themselves use for people: a common noun in
    apposition to, or as a title or predicate of, a PERSON name ("actress Tara
    Reid", "Comeaux, an inmate"); the antecedent of "who" ("the man who
    ..."); or a noun with a person ending (gunman, actress, employee).  The
    small model has no lexical semantics, so a he/she would otherwise take any
    noun ("the gun", "the door").

    The subject of a speech verb is no evidence: "the report said", "the
    statement said" are as common as "the spokesman said" (ECB+ dev topics
    1-24: 75.10 CoNLL with that evidence, 75.50 without)."""
    out: set[str] = set()
    for doc in docs:
        for token in doc:
            if token.pos_ != "NOUN":
                continue
            head = token.head
            titled = head.ent_type_ == "PERSON" and (
                token.dep_ == "appos" or (token.dep_ == "compound" and token.i < head.i)
            )
            antecedent = any(
                c.dep_ == "relcl" and any(g.lower_ in ("who", "whom") for g in c.children)
                for c in token.children
            )
            if titled or antecedent:
                out.add(token.lemma_.lower())
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            root = ent.root
            for child in root.children:
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    out.add(child.lemma_.lower())
            if root.dep_ == "nsubj" and root.head.lemma_ == "be":
                out.update(
                    c.lemma_.lower()
                    for c in root.head.children
                    if c.dep_ == "attr" and c.pos_ == "NOUN"
                )
    out.update(
        t.lemma_.lower()
        for doc in docs
        for t in doc
        if t.pos_ == "NOUN" and t.lower_.endswith(PERSON_ENDINGS) and len(t) > 4
    )
    return frozenset(out)


MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})


def name_genders(docs: Sequence[Any]) -> dict[str, str]:
    """Person name key -> "m" or "f", from the pronouns of the sentences in
    which that name is the only person named ("Reid said her ..."): a clear
    majority (two to one) decides; no evidence, no gender."""
    from storyline.entities.keys import mention_key
    from storyline.entities.spans import model_spans

    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc in docs:
        persons: dict[int, set[str]] = defaultdict(set)
        for s, e, label in model_spans(doc):
            if label == "PERSON":
                persons[doc[s].sent.start].add(mention_key(doc[s:e].text, label))
        for sent in doc.sents:
            names = persons.get(sent.start)
            if not names or len(names) != 1:
                continue
            male = sum(1 for t in sent if t.lower_ in MALE_PRONOUNS)
            female = sum(1 for t in sent if t.lower_ in FEMALE_PRONOUNS)
            counts = votes[next(iter(names))]
            counts[0] += male
            counts[1] += female
    out = {}
    for key, (male, female) in votes.items():
        if male >= 2 * female and male:
            out[key] = "m"
        elif female >= 2 * male and female:
            out[key] = "f"
    return out


def _compatible(
    pronoun: str,
    candidate: _Span,
    people: frozenset[str] | None = None,
    genders: dict[str, str] | None = None,
) -> bool:
    if candidate.head_pos == "PRON":
        return False
    if pronoun in PERSON_PRONOUNS and genders and candidate.key in genders:
        gender = genders[candidate.key]
        if (gender == "m" and pronoun in FEMALE_PRONOUNS) or (
            gender == "f" and pronoun in MALE_PRONOUNS
        ):
            return False
    if pronoun in PERSON_PRONOUNS:
        return not candidate.plural and (
            candidate.label == "PERSON"
            or (
                candidate.label == ""
                and candidate.head_pos == "NOUN"
                and (people is None or candidate.head_lemma in people)
            )
        )
    if pronoun in PLURAL_PRONOUNS:
        return candidate.plural or candidate.label in ("ORG", "NORP")
    if pronoun in THING_PRONOUNS:
        return not candidate.plural and candidate.label != "PERSON"
    if pronoun in LOCATIVES:
        return candidate.label in ("GPE", "LOC", "FAC") or (
            candidate.label in ("", "ORG")
            and candidate.head_pos == "NOUN"
            and (people is None or candidate.head_lemma not in people)
        )
    return False


def _main_person(spans: Sequence[_Span], units: Sequence[int] | None = None) -> dict[int, int]:
    """Per document (or per unit: document group), a mention of its most
    mentioned person name: the fallback antecedent of he/she when no person
    is mentioned in the window."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    first: dict[tuple[int, str], int] = {}
    for i, sp in enumerate(spans):
        if sp.key and sp.label == "PERSON":
            unit = units[i] if units is not None else sp.doc
            counts[unit][sp.key] += 1
            first.setdefault((unit, sp.key), i)
    return {d: first[(d, c.most_common(1)[0][0])] for d, c in counts.items()}


#: A person noun (:func:`person_nouns`) is the group's main person when it is
#: a definite singular subject at least this often and in at least this share
#: of its uses ("the gunman opened fire").  Swept on ECB+ dev topics 1-24
#: (CoNLL F1): min 2 / share 0.5 74.59, 1 / 0.5 74.54, 1 / 0.25 74.91,
#: 1 / 0.1 75.08, 1 / 0 75.17, 0 / 0 72.87 (every person noun: too many);
#: 0.1 keeps a guard against a noun mostly used for other people.  Held-out
#: topics 25-35: 72.67 before, 72.76 after.
MAIN_SUBJECT_MIN = 1
MAIN_SUBJECT_SHARE = 0.1

#: A common noun describes a name when at least this share of its descriptive
#: uses in a document group point at that one name (two thirds: a clear
#: majority; not swept).
DESCRIPTION_SHARE = 0.67


def _described_names(docs: Sequence[Any], groups: Sequence[int]) -> dict[tuple[int, str], str]:
    """(group, noun lemma) -> name key, from appositions, titles and copulas."""
    from storyline.entities.keys import mention_key
    from storyline.entities.spans import model_spans

    votes: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for d, doc in enumerate(docs):
        for s, e, label in model_spans(doc):
            if label not in ("PERSON", "ORG", "FAC"):
                continue
            span = doc[s:e]
            key = mention_key(span.text, label)
            root = span.root
            nouns = []
            for child in root.children:
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    nouns.append(child)
                if child.dep_ in ("compound", "amod") and child.pos_ == "NOUN" and child.i < s:
                    nouns.append(child)
            if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                nouns.append(root.head)
            if root.dep_ == "nsubj" and root.head.lemma_ == "be":
                nouns.extend(c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN")
            for noun in nouns:
                votes[(groups[d], noun.lemma_.lower())][key] += 1
    out = {}
    for k, counter in votes.items():
        key, n = counter.most_common(1)[0]
        if n / sum(counter.values()) >= DESCRIPTION_SHARE:
            out[k] = key
    return out


def _link_names(uf: _UnionFind, spans: Sequence[_Span], groups: Sequence[int]) -> None:
    """Rule 1: same key; a one-word name joins the single full name ending in it."""
    first: dict[str, int] = {}
    for i, sp in enumerate(spans):
        if sp.key:
            if sp.key in first:
                uf.union(first[sp.key], i)
            else:
                first[sp.key] = i
    # "Mark Heller" / "Mark Jay Heller", "Dirk Kempthorne" / "Dirk A. Kempthorne"
    ends: dict[str, int] = {}
    for i, sp in enumerate(spans):
        if sp.key and len(sp.tokens) > 1 and sp.label == "PERSON":
            k = skeleton(sp.tokens[0]) + " " + skeleton(sp.tokens[-1])
            if k in ends:
                uf.union(ends[k], i)
            else:
                ends[k] = i
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
    _link_name_prefixes(uf, spans, groups)


#: Labels of a short name that never stands for a longer name starting with
#: it: "Philadelphia" is not the Philadelphia 76ers, "Surrey" not Surrey Police.
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP"})


def _link_name_prefixes(uf: _UnionFind, spans: Sequence[_Span], groups: Sequence[int]) -> None:
    """A name that begins a longer organisation or facility name of its
    document (else of its group) is that one when only one such name fits:
    "Promises" / "Promises Treatment Center", "Academy" / "Academy of Motion
    Picture Arts and Sciences", "Betty Ford" / "Betty Ford Center"."""
    longer_doc: dict[tuple[int, tuple[str, ...]], set[int]] = defaultdict(set)
    longer_group: dict[tuple[int, tuple[str, ...]], set[int]] = defaultdict(set)
    for i, sp in enumerate(spans):
        if sp.key and len(sp.tokens) > 1 and sp.label not in ("PERSON", *_PLACE_LABELS):
            for n in range(1, len(sp.tokens)):
                prefix = tuple(skeleton(t) for t in sp.tokens[:n])
                longer_doc[(sp.doc, prefix)].add(i)
                longer_group[(groups[sp.doc], prefix)].add(i)
    for i, sp in enumerate(spans):
        if not sp.key or sp.label in _PLACE_LABELS:
            continue
        prefix = tuple(skeleton(t) for t in sp.tokens)
        local = {uf.find(j) for j in longer_doc.get((sp.doc, prefix), ())}
        if not local:
            local = {uf.find(j) for j in longer_group.get((groups[sp.doc], prefix), ())}
        if len(local) == 1:
            uf.union(next(iter(local)), i)


def _link_slots(
    uf: _UnionFind, spans: Sequence[_Span], groups: Sequence[int], people: frozenset[str]
) -> None:
    """Reports of one event give its participants the same part: "the gunman
    opened fire" / "the shooter opened fire", "pirates hijacked" / "brigands
    hijacked".  Within a group, common nouns that fill the same verb slot in
    at least :data:`SLOT_MIN_DOCS` documents corefer (person nouns with
    person nouns, plurals with plurals), and join the one person or
    organisation name that fills that slot, if only one does.  Light verbs
    (:data:`LIGHT_VERBS`) say nothing of who did what and are skipped.

    ECB+ dev topics 1-24: CoNLL F1 75.7 -> 77.0; held-out topics 25-35:
    73.0 -> 74.1."""
    slots: dict[tuple[int, str, bool, bool], list[int]] = defaultdict(list)
    named: dict[tuple[int, str, bool, bool], set[int]] = defaultdict(set)
    for i, sp in enumerate(spans):
        if sp.slot and not sp.key and sp.head_pos == "NOUN":
            person = sp.head_lemma in people
            slots[(groups[sp.doc], sp.slot, person, sp.plural)].append(i)
        elif sp.slot and sp.key and sp.label in ("PERSON", "ORG"):
            named[(groups[sp.doc], sp.slot, sp.label == "PERSON", False)].add(i)
    for k, members in slots.items():
        if len({spans[i].doc for i in members}) < SLOT_MIN_DOCS:
            continue
        for i in members[1:]:
            uf.union(members[0], i)
        names = {uf.find(j) for j in named.get(k, ())}
        if len(names) == 1:
            uf.union(next(iter(names)), members[0])


def _link_nouns(
    uf: _UnionFind,
    spans: Sequence[_Span],
    groups: Sequence[int],
    docs: Sequence[Any],
    group_main: dict[int, int],
    people: frozenset[str] = frozenset(),
) -> dict[tuple[int, str], int]:
    """Rules 3-5; returns the (group, lemma) -> representative table."""
    by_lemma: dict[tuple[int, str], int] = {}
    for i, sp in enumerate(spans):
        if not sp.key and sp.head_pos not in ("PRON", "X") and sp.head_lemma not in LOCATIVES:
            k = (groups[sp.doc], sp.head_lemma)
            if k in by_lemma:
                uf.union(by_lemma[k], i)
            else:
                by_lemma[k] = i
    # A name whose head is a common noun ("the Navy", "West Coast Bank") joins
    # the same-lemma nouns of its group when it is the group's only such name.
    head_names: dict[tuple[int, str], set[str]] = defaultdict(set)
    for sp in spans:
        if sp.key and sp.head_pos != "PRON":
            head_names[(groups[sp.doc], sp.head_lemma)].add(sp.key)
    for i, sp in enumerate(spans):
        k = (groups[sp.doc], sp.head_lemma)
        if sp.key and len(head_names[k]) == 1 and k in by_lemma:
            uf.union(by_lemma[k], i)
    # A noun the group's reports use to describe one name joins that name.
    described = _described_names(docs, groups)
    named_root: dict[str, int] = {}
    for i, sp in enumerate(spans):
        if sp.key:
            named_root.setdefault(sp.key, i)
    for i, sp in enumerate(spans):
        if sp.key or sp.head_pos in ("PRON", "X"):
            continue
        target = described.get((groups[sp.doc], sp.head_lemma))
        if target is not None and target in named_root:
            uf.union(named_root[target], i)
    # A noun that is mostly a definite singular subject in the group ("the
    # actress checked in") is the group's main person.
    stats: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for sp in spans:
        if not sp.key and sp.head_pos == "NOUN":
            counts = stats[(groups[sp.doc], sp.head_lemma)]
            counts[0] += 1
            if sp.det in ("the", "poss") and not sp.plural and sp.dep in ("nsubj", "nsubjpass"):
                counts[1] += 1
    for i, sp in enumerate(spans):
        if sp.key or sp.head_pos != "NOUN":
            continue
        g = groups[sp.doc]
        total, subject = stats[(g, sp.head_lemma)]
        if (
            subject >= MAIN_SUBJECT_MIN
            and subject / total >= MAIN_SUBJECT_SHARE
            and g in group_main
            and sp.head_lemma in people
        ):
            uf.union(group_main[g], i)
    # A definite singular person noun in a document that names one person
    # only is that person ("the actress" in a report about Tara Reid).
    named_people: dict[int, set[int]] = defaultdict(set)
    for i, sp in enumerate(spans):
        if sp.key and sp.label == "PERSON":
            named_people[sp.doc].add(uf.find(i))
    for i, sp in enumerate(spans):
        if sp.key or sp.head_pos != "NOUN" or sp.plural or sp.head_lemma not in people:
            continue
        if sp.det not in ("the", "poss", "this", "that"):
            continue
        roots = {uf.find(j) for j in named_people.get(sp.doc, ())}
        if len(roots) == 1:
            uf.union(next(iter(roots)), i)
    return by_lemma


def _link_pronouns(
    uf: _UnionFind,
    spans: Sequence[_Span],
    groups: Sequence[int],
    *,
    by_lemma: dict[tuple[int, str], int],
    group_main: dict[int, int],
    window: int,
    people: frozenset[str] | None = None,
    genders: dict[str, str] | None = None,
) -> None:
    """Rule 6: antecedent in the window, else the document's or the group's main
    person (he/she), else the same pronoun in the group."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i].doc, spans[i].start))
    main_person = _main_person(spans)
    for pos, i in enumerate(order):
        sp = spans[i]
        lemma = sp.head_lemma
        if (sp.head_pos != "PRON" and lemma not in LOCATIVES) or lemma in FIRST_PERSON:
            continue
        target = None
        for j in reversed(order[:pos]):
            cand = spans[j]
            if cand.doc != sp.doc or sp.sentence - cand.sentence > window:
                break
            if _compatible(lemma, cand, people, genders):
                target = j
                break
        if target is None and lemma in PERSON_PRONOUNS:
            for fallback in (main_person.get(sp.doc), group_main.get(groups[sp.doc])):
                if fallback is not None and _compatible(lemma, spans[fallback], None, genders):
                    target = fallback
                    break
        if target is not None:
            uf.union(target, i)
            continue
        k = (groups[sp.doc], "pron:" + lemma)
        if k in by_lemma:
            uf.union(by_lemma[k], i)
        else:
            by_lemma[k] = i


def cluster_spans(
    analyzed: Sequence[Any],
    mentions: Sequence[tuple[int, int, int]],
    *,
    threshold: float = GROUP_THRESHOLD,
    window: int = PRONOUN_WINDOW,
) -> list[int]:
    """Cluster ids for mention spans over analysed documents (module docstring).

    ``threshold`` and ``window`` are exposed for the benchmark's sweeps.
    """
    docs = [a.doc for a in analyzed]
    starts = [[s.start for s in doc.sents] for doc in docs]
    spans = [_features(docs[d], d, s, e, starts[d]) for d, s, e in mentions]
    groups = event_groups(docs, threshold) if len(docs) > 1 else [0] * len(docs)
    uf = _UnionFind(
        len(spans),
        [sp.key if sp.label == "PERSON" and len(sp.tokens) > 1 else "" for sp in spans],
    )
    group_main = _main_person(spans, [groups[sp.doc] for sp in spans])
    _link_names(uf, spans, groups)
    people = person_nouns(docs)
    by_lemma = _link_nouns(uf, spans, groups, docs, group_main, people)
    _link_slots(uf, spans, groups, people)
    _link_pronouns(
        uf,
        spans,
        groups,
        by_lemma=by_lemma,
        group_main=group_main,
        window=window,
        people=people,
        genders=name_genders(docs),
    )
    roots: dict[int, int] = {}
    return [roots.setdefault(uf.find(i), len(roots)) for i in range(len(spans))]

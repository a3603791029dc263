"""What a claim asserts, reduced to comparable parts, and when two claims clash.

There is no offline NLI model, so agreement and contradiction come from the
parse, from numbers and from a small documented lexicon:

* **predicates**: every verb (and event noun: "evacuation", "withdrawal") in
  the content becomes ``(class, polarity, theme)``.  The class merges
  near-synonyms (relocate = move, "take to safety" = evacuate); the polarity is
  negative under "not", "unable to", "could not", "has not been able to"; the
  theme is what the event happens to (the object, else the subject), with its
  nouns mapped to classes too (families = civilians, troops = forces).
* **agreement**: two claims assert the same thing when they share a predicate
  class, polarity and theme, or when their content words overlap heavily.
* **contradiction**: the same predicate and theme with opposite polarity;
  opposing predicates on a shared theme (withdrew vs fled, evacuated vs stayed);
  exclusive control claimed for two different sides; or counts of the same
  thing whose ranges (:mod:`storyline.claims.quantities`) do not meet.
* **refutation cues** in the reporting itself ("false claims", "incorrectly
  declared", "belied ... claim", "a different account").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from storyline import lexicons
from storyline.claims.params import DEFAULT_CLAIM_PARAMS, ClaimParams
from storyline.claims.quantities import Quantity, quantities


def _classes(table: dict[str, str]) -> dict[str, str]:
    """Expand ``{"class": "word word ..."}`` to ``{word: class}``."""
    return {word: name for name, words in table.items() for word in words.split()}


#: Predicate classes: verbs and event nouns that assert the same kind of event.
PREDICATES = _classes(lexicons.mapping("claims/predicate_classes"))

#: Predicate classes that contradict each other when said of the same theme.
OPPOSITES = frozenset(
    {
        frozenset(("leave", "stay")),
        frozenset(("withdraw", "flee")),
    }
)

#: Predicates whose positive form for one side excludes it for another
#: ("the militants controlled most of the city" vs "the government has not
#: fully lost control").
EXCLUSIVE = frozenset(("control",))

#: Noun classes for themes and subjects.
NOUNS = _classes(lexicons.mapping("claims/noun_classes"))

#: Predicate classes that only say how many: they make two counts comparable
#: but do not by themselves make two claims the same assertion.
_COUNTING = frozenset(("carry",))
#: Predicate classes of movement: their theme is who moves.
_MOTION = frozenset(("leave", "stay", "withdraw", "flee", "enter"))
#: Noun classes that move (people and things), as opposed to places.
_MOVERS = frozenset(("civilians", "forces", "commanders", "militants", "prisoners", "antiquities"))

#: Nouns of people that may count the same heads in one story: "312
#: passengers" and "more than 450 people" aboard one ferry are two counts of
#: one quantity.  Men, women and children are left out: they count a part
#: ("maybe 1,000 men" among "hundreds of prisoners" is not a rival total).
HEADCOUNT = lexicons.words("claims/headcount_nouns")
#: Other people and things that move or can be left behind (the object of
#: "leave" that makes it abandonment, "left their men to their own devices",
#: rather than departure, "could not leave the lower deck", "left town").
_PEOPLE = lexicons.words("claims/people_nouns")
_PEOPLE_ENTS = frozenset(("PERSON", "NORP", "ORG"))

#: Heads that negate the infinitive under them ("unable to evacuate").
_NEGATING_HEADS = lexicons.words("claims/negating_heads")
#: Heads that negate the infinitive only when themselves negated ("not able to").
_ENABLING_HEADS = lexicons.words("claims/enabling_heads")
#: Adjectives of feeling: a clause under them ("I'm happy that Palmyra was
#: liberated, but ...") says how the speaker feels about the event, not that
#: the speaker vouches for it.
_EMOTIVES = lexicons.words("claims/emotive_adjectives")
#: Partitives whose ``of`` object is the real theme ("hundreds of statues").
_PARTITIVES = lexicons.words("claims/partitives")

#: Refutation cues in the reporting (lower-cased regular expressions).
REFUTATIONS = (
    r"\bfalse(?:ly)?\b",
    r"\bincorrect(?:ly)?\b",
    r"\bwrong(?:ly)?\b",
    r"\buntrue\b",
    r"\bbeli(?:e|ed|es)\b",
    r"\bcontradict\w*\b",
    r"\bdisput\w+\b",
    r"\bmislead\w*\b",
    r"\bdifferent account\b",
    r"\bdifferent version\b",
)
_REFUTATION = re.compile("|".join(REFUTATIONS))
#: Cues that introduce a *rival* account (the claim that follows disputes the
#: one before it), as opposed to cues that discredit the claim they frame.
_RIVAL = re.compile(r"\bdifferent (?:account|version|story)\b|\bcontradict\w*\b|\bdisput\w+\b")

_STOP_POS = frozenset(("NOUN", "PROPN", "VERB", "ADJ", "NUM"))
_GENERIC = lexicons.words("claims/generic_words")


@dataclass(frozen=True, slots=True)
class Predicate:
    name: str
    positive: bool
    theme: frozenset[str]
    subject: frozenset[str]


@dataclass(frozen=True, slots=True)
class Features:
    """The comparable parts of one claim's content."""

    words: frozenset[str]
    predicates: tuple[Predicate, ...]
    numbers: tuple[Quantity, ...]
    entities: frozenset[str] = field(default_factory=frozenset)
    #: the counts are what the speaker's own side did ("We took eight people
    #: out of the water"): a share of a total, not a rival total
    own_share: bool = False
    #: the named doers of the content's main verbs ("Sprint will begin
    #: selling ..." -> {"sprint"}), when they are proper names
    agents: frozenset[str] = field(default_factory=frozenset)
    #: some count names what it counts (only such counts can clash); derived
    counted: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "counted", any(q.unit for q in self.numbers))


def _noun_key(token: Any, entity_of: dict[int, str]) -> set[str]:
    """Comparable keys for a noun: its entity, its class or lemma, the class
    of its modifiers ("defense groups" -> forces) and the real theme behind a
    partitive ("hundreds of statues").  Pronouns give no key: "it" in one
    report and "it" in another are not the same thing."""
    keys = set()
    lemma = token.lemma_.lower()
    if token.i in entity_of:
        keys.add(entity_of[token.i])
    partitive = lemma in _PARTITIVES or token.lower_ in _PARTITIVES or token.like_num
    of_object = next(
        (
            g
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ),
        None,
    )
    if token.pos_ != "PRON" and not partitive:
        key = _counted_class(lemma)
        if of_object is not None and key not in NOUNS.values():
            # "members of the Nusra Front" and "members of the group" differ
            key = f"{key} of {of_object.lemma_.lower()}"
        keys.add(key)
    for child in token.children:
        if child.dep_ in ("compound", "amod"):
            cls = NOUNS.get(child.lemma_.lower())
            if cls is not None:
                keys.add(cls)
        if child.dep_ == "prep" and child.lower_ == "of" and partitive:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    keys |= _noun_key(pobj, entity_of)
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
            keys |= _noun_key(child, entity_of)
    return keys


def _args(verb: Any, deps: tuple[str, ...], entity_of: dict[int, str]) -> set[str]:
    out: set[str] = set()
    for child in verb.children:
        if child.dep_ in deps and (
            child.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "DET") or child.lower_ in _PARTITIVES
        ):
            out |= _noun_key(child, entity_of)
        if child.dep_ == "agent" and "nsubj" in deps:
            for g in child.children:
                out |= _noun_key(g, entity_of)
    return out


def _polarity(token: Any) -> bool:
    """False when the event is negated ("not", "unable to", "has not been able to")."""
    if any(c.dep_ == "neg" for c in token.children):
        return False
    head = token
    for _ in range(3):
        if head.dep_ not in ("xcomp", "acomp", "ccomp", "oprd") or head.head.i == head.i:
            break
        head = head.head
        lemma = head.lemma_.lower()
        if lemma in _NEGATING_HEADS:
            return False
        if lemma in _ENABLING_HEADS:
            negs = [c for c in head.children if c.dep_ == "neg"]
            negs += (
                [c for c in head.head.children if c.dep_ == "neg"] if head.dep_ == "acomp" else []
            )
            if negs:
                return False
    return True


def _irrealis(token: Any) -> bool:
    """An infinitive of purpose or wish ("packed their bags to leave town",
    "tried to flee") does not assert the event; "unable to leave" and "not able
    to leave" do assert its absence and are kept.  Neither does a clause under
    an adjective of feeling ("happy that Palmyra was liberated")."""
    if token.dep_ == "ccomp" and token.head.lemma_.lower() in _EMOTIVES:
        return True
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    head = token.head.lemma_.lower()
    return head not in _NEGATING_HEADS and head not in _ENABLING_HEADS


def _is_mover(token: Any) -> bool:
    """Is a noun (or the real theme behind a partitive) someone or something
    that moves, rather than a place?"""
    lemma = token.lemma_.lower()
    if token.pos_ == "PRON":
        return lemma not in ("it", "this", "that", "there")
    if (
        NOUNS.get(lemma) in _MOVERS
        or lemma in _PEOPLE
        or lemma in HEADCOUNT
        or token.ent_type_ in _PEOPLE_ENTS
    ):
        return True
    return any(
        g.dep_ == "pobj" and _is_mover(g)
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
    )


def _predicate_name(token: Any) -> str | None:
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ == "prt":
            phrasal = f"{lemma}_{child.lower_}"
            if phrasal in PREDICATES:
                return PREDICATES[phrasal]
    if lemma in ("take", "bring", "move", "get", "lead"):
        for child in token.children:
            if (
                child.dep_ == "prep"
                and child.lower_ == "to"
                and any(g.lower_ == "safety" for g in child.children)
            ):
                return "leave"
    if lemma == "lose":  # "lost control" = control, negated
        return None
    if lemma == "be" and any(c.lower_ == "still" for c in token.children):
        return "stay"
    if lemma == "leave" and any(
        (c.dep_ == "dobj" and _is_mover(c)) or (c.dep_ == "prt" and c.lower_ == "behind")
        for c in token.children
    ):
        # "leaving many civilians unable to ...", "left behind hundreds of
        # dead": abandoning someone is not departing; "leave town" and
        # "could not leave the lower deck" are
        return None
    return PREDICATES.get(lemma)


def _quoted_verb(token: Any) -> bool:
    """Does a participle open a quotation ("“evacuated civilians”")?"""
    return token.i > 0 and token.nbor(-1).text in ('"', "“", "‘", "'", "``")


def features(span: Any, entity_of: dict[int, str] | None = None) -> Features:
    """Words, predicates and numbers of a claim's content (a spaCy span)."""
    entity_of = entity_of or {}
    words = set()
    preds: list[Predicate] = []
    for tok in span:
        lemma = tok.lemma_.lower()
        if tok.pos_ in _STOP_POS and not tok.is_stop and lemma not in _GENERIC and tok.is_alpha:
            words.add(PREDICATES.get(lemma) or NOUNS.get(lemma) or lemma)
        name = _predicate_name(tok) if tok.pos_ in ("VERB", "AUX", "NOUN", "ADJ") else None
        if name is not None and _irrealis(tok):
            continue
        positive = _polarity(tok)
        lost_control = tok.lemma_.lower() == "lose" and any(
            c.dep_ == "dobj" and c.lemma_.lower() == "control" for c in tok.children
        )
        if lost_control:
            name, positive = "control", not positive
        if name is None:
            continue
        subject: set[str]
        if lost_control:
            subject = _args(tok, ("nsubj",), entity_of)
            if not subject and tok.dep_ == "conj":
                subject = _args(tok.head, ("nsubj",), entity_of)
            theme: set[str] = set()
        elif tok.pos_ == "NOUN":
            # an event noun counts only with its "of" argument ("the evacuation
            # of most of the families"); "control" alone is a state, not a claim
            theme = set()
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for g in child.children:
                        theme |= _noun_key(g, entity_of)
            if not theme:
                continue
            subject = set()
        elif tok.dep_ == "amod":
            if not _quoted_verb(tok):
                # "the departing army destroyed ...", "ISIS-controlled cities":
                # a participle describing a noun is background, not the claim
                continue
            # "“evacuated civilians”": a quoted verb phrase parsed as an adjective
            subject = set()
            theme = _noun_key(tok.head, entity_of)
        else:
            subject = _args(tok, ("nsubj",), entity_of)
            objects = _args(tok, ("dobj", "nsubjpass", "attr"), entity_of)
            if not subject and tok.dep_ in ("xcomp", "advcl", "conj", "ccomp", "oprd"):
                subject = _args(tok.head, ("nsubj", "dobj"), entity_of)
                if tok.head.dep_ == "amod":  # "civilians unable to evacuate"
                    subject = _noun_key(tok.head.head, entity_of)
            theme = objects or subject
            movers = any(
                _is_mover(c) for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")
            )
            if name in _MOTION and not movers:
                # "fleeing the town": the object of a motion verb is a place,
                # the one who moves is the subject
                theme = subject
        preds.append(Predicate(name, positive, frozenset(theme), frozenset(subject)))
    ents = frozenset(entity_of[t.i] for t in span if t.i in entity_of)
    return Features(
        frozenset(words),
        tuple(preds),
        tuple(quantities(span)),
        ents,
        _own_share(span),
        _named_agents(span, entity_of),
    )


def _named_agents(span: Any, entity_of: dict[int, str]) -> frozenset[str]:
    """Keys of the proper-name subjects of the content's main verbs (a verb
    heading the content, or a clause it coordinates)."""
    out: set[str] = set()
    for tok in span:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ != "PROPN":
            continue
        verb = tok.head
        if span.root.i not in (verb.i, verb.head.i):
            continue
        out |= _noun_key(tok, entity_of)
    return frozenset(out)


def _own_share(span: Any) -> bool:
    """Does a first-person subject ("we", "I") do something to a counted
    object ("We took eight people out of the water")?"""
    return any(
        tok.dep_ == "nsubj"
        and tok.lower_ in ("we", "i")
        and any(
            c.dep_ == "dobj" and any(g.like_num for g in c.children if g.dep_ == "nummod")
            for c in tok.head.children
        )
        for tok in span
    )


def _word_overlap(
    a: Features,
    b: Features,
    common: frozenset[str] = frozenset(),
    min_words: int = DEFAULT_CLAIM_PARAMS.min_words,
) -> float:
    """Shared content words over the smaller claim's (``common`` left out);
    0 when either claim has fewer than ``min_words``."""
    wa, wb = a.words - common, b.words - common
    if min(len(wa), len(wb)) < min_words:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def same_assertion(
    a: Features,
    b: Features,
    common: frozenset[str] = frozenset(),
    params: ClaimParams = DEFAULT_CLAIM_PARAMS,
) -> bool:
    """Do two claims assert the same thing, by their parse and words?

    ``common`` are words too frequent in the reports at hand to tell claims
    apart (the town's name, "forces", "city"); they do not count as overlap.
    ``params``: the word-overlap shares (the shipped ones by default).
    """
    if numbers_conflict(a, b, params):
        return False
    for p in a.predicates:
        for q in b.predicates:
            if p.name in _COUNTING and not _counts_agree(a, b):
                continue  # "carried 312 passengers" and "carried far more people" differ
            if p.name == q.name and p.positive == q.positive and p.theme & q.theme:
                return True
    # word overlap cannot override what the parse keeps apart
    if _parse_apart(a, b):
        return False
    if _larger_share(a, b) < params.all_larger_share:
        return False
    if _word_overlap(a, b, min_words=params.min_words) >= params.same_words_all:
        return True
    return _word_overlap(a, b, common, params.min_words) >= params.same_words


def kept_apart(a: Features, b: Features, params: ClaimParams = DEFAULT_CLAIM_PARAMS) -> bool:
    """What the parse says keeps two claims apart, however alike their words:
    counts of one thing that differ, one predicate said one way here and the
    other there, one event said of two different things, or of two named
    doers.  (The same-fact test's own clashes come on top: numbers, denials,
    days, speakers.)"""
    return numbers_conflict(a, b, params) or _parse_apart(a, b)


def _parse_apart(a: Features, b: Features) -> bool:
    # one predicate said one way here and the other there
    if any(
        p.name == q.name and p.positive != q.positive for p in a.predicates for q in b.predicates
    ):
        return True
    # one event said of two different things ("in control of a hospital" and
    # "seized almost all of the city"); a named place or party may be what a
    # common noun means ("the town" = Palmyra), so themes with an entity are
    # not told apart here
    if any(_other_things(p, q) for p in a.predicates for q in b.predicates):
        return True
    # one event said of two named doers ("Sprint will begin selling the iPhone
    # in mid-October" and "Verizon and AT&T will begin selling the phone in
    # mid-October as well", seen on held-out Multi-News clusters)
    return bool(a.agents and b.agents and not a.agents & b.agents)


_ENTITY_KEY = re.compile(r"e-[0-9a-f]+")


def _other_things(p: Predicate, q: Predicate) -> bool:
    """One predicate class said of two different common nouns."""
    return bool(
        p.name == q.name
        and p.positive == q.positive
        and p.theme
        and q.theme
        and not p.theme & q.theme
        and not any(_ENTITY_KEY.fullmatch(k) for k in p.theme | q.theme)
    )


def _larger_share(a: Features, b: Features) -> float:
    larger = max(len(a.words), len(b.words))
    return len(a.words & b.words) / larger if larger else 0.0


def _counted_parts(units: frozenset[str]) -> frozenset[str]:
    return frozenset(w for u in units for w in u.replace("_", " ").split())


def _counted_class(unit: str) -> str:
    """What a count counts: its noun class, with the nouns of a head count
    (passengers, people, residents) as one."""
    cls = NOUNS.get(unit, unit)
    return "civilians" if unit in HEADCOUNT else cls


def _counts_agree(a: Features, b: Features) -> bool:
    """Both claims give a count of the same thing, and the counts meet."""
    return any(
        x.unit is not None
        and y.unit is not None
        and _counted_class(x.unit) == _counted_class(y.unit)
        and x.overlaps(y)
        for x in a.numbers
        for y in b.numbers
    )


def numbers_conflict(a: Features, b: Features, params: ClaimParams = DEFAULT_CLAIM_PARAMS) -> bool:
    """Counts of the same thing that cannot both be right.

    The counted noun must match (after noun classes) and the claims must be
    about the same event (a shared predicate class or half their words).
    """
    # the counted nouns themselves do not make two claims about one event:
    # "two crew members were missing" and "carrying 41 crew members" share
    # only "crew member" and count different things
    if not (a.counted and b.counted):
        # no count of a thing on one side: nothing to clash (checked first: a
        # big arc's claims are compared pairwise three times over)
        return False
    if a.own_share != b.own_share:
        # one rescuer's "we took eight out of the water" is part of "rescuers
        # pulled at least 27 people from the water" (the demo's two false
        # rival counts), however the ranges compare
        return False
    counted = frozenset(q.unit for q in (*a.numbers, *b.numbers) if q.unit)
    related = any(
        p.name == q.name and p.theme & q.theme for p in a.predicates for q in b.predicates
    ) or (_word_overlap(a, b, counted | _counted_parts(counted), params.min_words) >= 0.5)
    if not related:
        return False
    for x in a.numbers:
        for y in b.numbers:
            if x.unit is None or y.unit is None:
                continue
            if _counted_class(x.unit) != _counted_class(y.unit):
                continue
            if not x.overlaps(y):
                return True
    return False


#: The sides a war report opposes; exclusive control needs two of them.
_SIDES = frozenset(("militants", "forces"))


def _side(keys: frozenset[str]) -> str | None:
    sides = keys & _SIDES
    return next(iter(sides)) if len(sides) == 1 else None


def conflict(a: Features, b: Features, params: ClaimParams = DEFAULT_CLAIM_PARAMS) -> str | None:
    """Why two claims contradict each other, or None."""
    if numbers_conflict(a, b, params):
        return "numbers"
    for p in a.predicates:
        for q in b.predicates:
            shared = bool(p.theme & q.theme)
            if p.name == q.name and p.positive != q.positive and shared:
                return "negation"
            if frozenset((p.name, q.name)) in OPPOSITES and p.positive == q.positive and shared:
                return "opposing predicates"
            if (
                p.name == q.name
                and p.name in EXCLUSIVE
                and p.positive
                and q.positive
                and _side(p.subject) is not None
                and _side(q.subject) is not None
                and _side(p.subject) != _side(q.subject)
                and (p.theme & q.theme or not (p.theme - p.subject) or not (q.theme - q.subject))
            ):
                return "exclusive control"
    return None


def refutes_itself(context: str) -> bool:
    """Does the reporting around a claim discredit it ("false claims that",
    "incorrectly declared", "belied the claim")?"""
    return bool(_REFUTATION.search(context.lower())) and not _RIVAL.search(context.lower())


def rival_account(context: str) -> bool:
    """Does the reporting present a claim as a rival to an earlier one ("offered
    a different account")?"""
    return bool(_RIVAL.search(context.lower()))

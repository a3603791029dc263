"""The model's rule components as table lookups: the same output, a tenth of the time.

spaCy's ``attribute_ruler`` and ``lemmatizer`` and the gazetteer
``entity_ruler`` run a Python step or a Matcher pass per token and per
pattern.  On Multi-News text they took a third of the pipeline's time once the
networks ran at full speed (bench/ingest.py, 150 dev documents, 97,513 words:
attribute_ruler 1.02 s, lemmatizer 0.97 s, entity_ruler 0.35 s of 8.6 s on
spaCy 3.8.7).  Each token's answer depends on a handful of its attributes
(and, for a few two-word rules, its neighbour's), so it is looked up once per
distinct key and read from a table after that:

* :class:`TableAttributes` replaces ``attribute_ruler``: the rules matching a
  token are found once per (tag, lower-case form, dependency, is-space) key
  and merged in rule order, later rules winning, as the ruler does.
* :class:`TableLemmas` replaces ``lemmatizer``: the model's rule lemmatizer
  keeps answering, once per (form, part of speech, morphology) key, the key of
  its own cache.
* :class:`GazetteerRuler` replaces ``entity_ruler``: one hash lookup per token
  for the one-word names and a dict of first words for the multi-word names,
  then the ruler's own overlap rule.

``tests/test_analysis_components.py`` checks token by token that each gives
what the component it replaces gives.  A model whose rules use a matcher
feature these do not read keeps its own components (:func:`table_attributes`
returns ``None``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

#: Token attributes an attribute rule may test here, and the predicate forms.
_RULE_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_RULE_OPS = frozenset({"IN", "NOT_IN", "REGEX"})
#: Attributes a rule may set here.
_SET_KEYS = frozenset({"POS", "MORPH", "LEMMA", "TAG", "DEP"})

Features = tuple[str, str, str, bool]
Predicate = Callable[[Features], bool]
#: predicates (one per pattern token), the index of the token the rule sets,
#: the attributes it sets, and the exact (tag, lower) its first token asks for
Rule = tuple[list[Predicate], int, dict[str, Any], tuple[str | None, str | None]]


def _lower_tests(
    patterns: Iterable[list[dict[str, Any]]],
) -> tuple[set[str], list[re.Pattern[str]]]:
    """The lower-case forms the rules name and the patterns they match forms by."""
    words: set[str] = set()
    regexes: list[re.Pattern[str]] = []
    for pattern in patterns:
        for spec in pattern:
            want = spec.get("LOWER")
            if isinstance(want, str):
                words.add(want)
            elif isinstance(want, dict):
                for op, arg in want.items():
                    if op == "REGEX":
                        regexes.append(re.compile(arg))
                    else:
                        words.update(arg)
    return words, regexes


def _test(at: int, op: str, arg: Any) -> Predicate:
    """One test of feature ``at``: equal to ``arg``, in it, not in it, or
    matching the regular expression ``arg``."""
    if op in {"IN", "NOT_IN"}:
        values = frozenset(arg)
        inside = op == "IN"

        def member(f: Features) -> bool:
            return (f[at] in values) == inside

        return member
    if op == "REGEX":
        rx = re.compile(arg)

        def search(f: Features) -> bool:
            return rx.search(str(f[at])) is not None

        return search

    def equal(f: Features) -> bool:
        return f[at] == arg

    return equal


def _predicate(spec: dict[str, Any]) -> Predicate | None:
    """A test of one token's (tag, lower, dep, is_space) for one pattern
    token, or None when the pattern tests something else."""
    checks: list[Predicate] = []
    for key, want in spec.items():
        if key not in _RULE_KEYS:
            return None
        at = _RULE_KEYS.index(key)
        if isinstance(want, dict):
            if not set(want) <= _RULE_OPS:
                return None
            checks.extend(_test(at, op, arg) for op, arg in want.items())
        elif isinstance(want, bool) == (key == "IS_SPACE"):
            checks.append(_test(at, "==", want))
        else:
            return None

    def every(f: Features) -> bool:
        return all(check(f) for check in checks)

    return every


class TableAttributes:
    """``attribute_ruler`` as a table: same POS, MORPH, LEMMA, TAG and DEP.

    The ruler finds every match of every rule, sorts them by rule number and
    sets each rule's attributes on the token its ``index`` points at, so a
    later rule overrides an earlier one attribute by attribute.  Here the
    rules that match a token alone are found once per token key; rules of
    several tokens are checked at the positions whose tokens can start them.
    """

    def __init__(
        self,
        vocab: Any,
        rules: Sequence[Rule],
        words: Iterable[str] = (),
        regexes: Sequence[re.Pattern[str]] = (),
    ):
        from spacy.parts_of_speech import IDS as POS_IDS

        self.vocab = vocab
        # A form no rule names, by word or pattern, answers like any other such
        # form: it is keyed as the empty string, so the table stays small.
        words = set(words)
        self._words = {vocab.strings.add(w) for w in words}
        self._regexes = list(regexes)
        #: off when the empty string itself would pass a rule's test
        self._keyed = "" not in words and not any(rx.search("") for rx in self._regexes)
        self._lowers: dict[int, int] = {}
        self._pos_ids = POS_IDS
        #: (predicates, index, attributes, (tag, lower) the first token must have), in rule order
        self.rules = list(rules)
        Entry = tuple[tuple[int, ...], tuple[frozenset[int], ...]]
        self._keys: dict[tuple[int, int, int, bool], Entry] = {}
        self._merged: dict[tuple[int, ...], dict[int, int]] = {}
        self._width = max((len(rule[0]) for rule in self.rules), default=1)
        self._long = [n for n, rule in enumerate(self.rules) if len(rule[0]) > 1]
        # Single-token rules by the exact tag and lower-case form they ask for
        # (None: any), so that a new key is tested against a few rules only.
        self._buckets: dict[tuple[str | None, str | None], list[int]] = {}
        for n, (preds, _, _, (tag, lower)) in enumerate(self.rules):
            if len(preds) == 1:
                self._buckets.setdefault((tag, lower), []).append(n)

    def _key_entry(
        self, key: tuple[int, int, int, bool]
    ) -> tuple[tuple[int, ...], tuple[frozenset[int], ...]]:
        entry = self._keys.get(key)
        if entry is None:
            strings = self.vocab.strings
            tag, lower, dep, space = key
            feats: Features = (
                strings[tag] if tag else "",
                strings[lower] if lower else "",
                strings[dep] if dep else "",
                bool(space),
            )
            candidates = sorted(
                n
                for bucket in (
                    (feats[0], feats[1]),
                    (feats[0], None),
                    (None, feats[1]),
                    (None, None),
                )
                for n in self._buckets.get(bucket, ())
            )
            single = tuple(n for n in candidates if self.rules[n][0][0](feats))
            at_position = tuple(
                frozenset(
                    n
                    for n in self._long
                    if k < len(self.rules[n][0]) and self.rules[n][0][k](feats)
                )
                for k in range(self._width)
            )
            entry = self._keys[key] = (single, at_position)
        return entry

    def _named(self, lower: int) -> int:
        """``lower`` when a rule names it or matches it by a pattern, else 0."""
        if not self._keyed or lower in self._words:
            return lower
        text = self.vocab.strings[lower] if lower else ""
        return lower if any(rx.search(text) for rx in self._regexes) else 0

    def _merge(self, numbers: tuple[int, ...]) -> dict[int, int]:
        """Attribute ids -> values (hashes) of these rules, later rules winning."""
        merged = self._merged.get(numbers)
        if merged is None:
            from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

            ids = {"POS": POS, "MORPH": MORPH, "LEMMA": LEMMA, "TAG": TAG, "DEP": DEP}
            merged = {}
            for n in numbers:
                for name, value in self.rules[n][2].items():
                    if name == "POS":
                        merged[POS] = self._pos_ids[value]
                    elif name == "MORPH":
                        merged[MORPH] = self.vocab.morphology.add(value)
                    else:
                        merged[ids[name]] = self.vocab.strings.add(value)
            self._merged[numbers] = merged
        return merged

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG

        n = len(doc)
        if n == 0:
            return doc
        keys = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        lowers = self._lowers
        for k in keys:
            lower = lowers.get(k[1])
            if lower is None:
                lower = lowers[k[1]] = self._named(k[1])
            k[1] = lower
        entries = [self._key_entry((k[0], k[1], k[2], bool(k[3]))) for k in keys]
        hits: list[list[int]] = [list(single) for single, _ in entries]
        if self._long:
            for i, (_, at_position) in enumerate(entries):
                for rule in at_position[0]:
                    preds, index, _, _ = self.rules[rule]
                    end = i + len(preds)
                    if end <= n and all(rule in entries[i + k][1][k] for k in range(1, len(preds))):
                        target = i + index if index >= 0 else end + index
                        hits[target].append(rule)
        columns = [POS, MORPH, LEMMA, TAG]
        values = doc.to_array(columns)
        deps: list[tuple[int, int]] = []
        for i, found in enumerate(hits):
            if not found:
                continue
            merged = self._merge(tuple(sorted(found)))
            for c, attr in enumerate(columns):
                value = merged.get(attr)
                if value is not None:
                    values[i, c] = value
            dep = merged.get(DEP)
            if dep is not None:
                deps.append((i, dep))
        doc.from_array(columns, values)
        for i, dep in deps:
            doc[i].dep = dep
        return doc


def table_attributes(ruler: Any) -> TableAttributes | None:
    """A :class:`TableAttributes` for the model's ``attribute_ruler``, or None
    when one of its rules tests or sets what the table does not handle."""
    rules: list[Rule] = []
    for entry in ruler.patterns:
        attrs = dict(entry["attrs"])
        if not set(attrs) <= _SET_KEYS:
            return None
        for pattern in entry["patterns"]:
            preds = [_predicate(spec) for spec in pattern]
            if not pattern or any(p is None for p in preds):
                return None
            first = pattern[0]
            exact = (
                first["TAG"] if isinstance(first.get("TAG"), str) else None,
                first["LOWER"] if isinstance(first.get("LOWER"), str) else None,
            )
            rules.append(
                ([p for p in preds if p is not None], int(entry.get("index", 0)), attrs, exact)
            )
    # The ruler sorts its matches by rule number (the order of ruler.patterns),
    # one number per entry; alternatives of one entry share it.  Every
    # alternative here is a rule of its own, in the same order.
    words, regexes = _lower_tests(p for entry in ruler.patterns for p in entry["patterns"])
    return TableAttributes(ruler.vocab, rules, words, regexes)


class TableLemmas:
    """``lemmatizer`` as a table: the model's rule lemmatizer answers once per
    (form, part of speech, morphology), the key of its own cache; tokens that
    already have a lemma (set by the attribute rules) keep it."""

    def __init__(self, lemmatizer: Any):
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if len(doc) == 0:
            return doc
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        rows = values.tolist()
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma:
                continue
            key = (orth, pos, morph)
            found = self._lemmas.get(key)
            if found is None:
                word = self.lemmatizer.lemmatize(doc[i])[0]
                found = self._lemmas[key] = doc.vocab.strings.add(word)
            values[i, 3] = found
            changed = True
        if changed:
            doc.from_array([LEMMA], values[:, 3:4].copy())
        return doc


class GazetteerRuler:
    """The gazetteer ``entity_ruler`` (``overwrite_ents``) as lookups.

    Patterns are the ruler's: one ``ORTH IN`` set per label and one exact
    ``ORTH`` sequence per multi-word name.  Matches are found per token from
    hash tables, deduplicated and ordered as the ruler orders them (longest
    first, then earliest), and set with its overlap rule.
    """

    def __init__(self, vocab: Any, patterns: Iterable[dict[str, Any]]):
        self.vocab = vocab
        strings = vocab.strings
        self._single: dict[int, list[int]] = {}
        self._multi: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        for entry in patterns:
            label = strings.add(entry["label"])
            tokens = entry["pattern"]
            if not isinstance(tokens, list) or not tokens:
                raise ValueError(f"unsupported ruler pattern {entry!r}")
            if (
                len(tokens) == 1
                and set(tokens[0]) == {"ORTH"}
                and isinstance(tokens[0]["ORTH"], dict)
            ):
                spec = tokens[0]["ORTH"]
                if set(spec) != {"IN"}:
                    raise ValueError(f"unsupported ruler pattern {entry!r}")
                for word in spec["IN"]:
                    self._single.setdefault(strings.add(word), []).append(label)
                continue
            if not all(set(t) == {"ORTH"} and isinstance(t["ORTH"], str) for t in tokens):
                raise ValueError(f"unsupported ruler pattern {entry!r}")
            words = tuple(strings.add(t["ORTH"]) for t in tokens)
            self._multi.setdefault(words[0], []).append((words, label))

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import ORTH
        from spacy.tokens import Span

        orths = doc.to_array([ORTH]).tolist() if len(doc) else []
        n = len(orths)
        found: set[tuple[int, int, int]] = set()
        single, multi = self._single, self._multi
        for i, orth in enumerate(orths):
            labels = single.get(orth)
            if labels is not None:
                for label in labels:
                    found.add((label, i, i + 1))
            names = multi.get(orth)
            if names is not None:
                for words, label in names:
                    end = i + len(words)
                    if end <= n and tuple(orths[i:end]) == words:
                        found.add((label, i, end))
        matches = sorted(found, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
        entities = list(doc.ents)
        new: list[Any] = []
        seen: set[int] = set()
        for label, start, end in matches:
            if start not in seen and end - 1 not in seen:
                new.append(Span(doc, start, end, label=label))
                entities = [e for e in entities if not (e.start < end and e.end > start)]
                seen.update(range(start, end))
        doc.ents = entities + new
        return doc

"""Reporting verbs: the cue lexicons and the verb-cue rules of attribution.

A cue verb's subject is the source and its clausal complement (or an
adjacent quote) the content; passives, subjectless reporting participles,
postposed subjects ("..., said the minister") and addressees are handled
here.  The span helpers (:func:`source_span`, :func:`subtree_span`) are
shared with the other cue shapes in :mod:`storyline.claims.attribution`, which
runs every rule over a document (:func:`~storyline.claims.attribution.find_attributions`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from storyline import lexicons
from storyline.claims.quotes import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    QUOTE_TOKENS,
    Found,
    Span,
    adjacent_quote,
    extend_to_quotes,
    inside_quote,
    quote_at,
    trim,
)
from storyline.text.docs import doc_text
from storyline.text.stems import IRREGULAR_FORMS

#: Reporting and attitude verbs (lemmas): chosen on PolNeAR train (the file
#: says how; "seem" and "appear" are left out).
CUE_VERBS = lexicons.words("claims/cue_verbs")

#: Cue verbs that cannot take a bare object as their content: the object of
#: "told" is the addressee, and "said it", "added one", "continued the tour"
#: are not statements.
NO_OBJECT_CUES = lexicons.words("claims/no_object_cues")

#: Prepositions that introduce the content after a cue verb ("talk about",
#: "warning against", "calls for", "criticized over"); these prepositions end
#: most multi-word cues in PolNeAR train.
CONTENT_PREPS = lexicons.words("claims/content_preps")

#: Cue verbs whose content follows "to" ("referring to Barack Obama",
#: "pointed to the GOP as the key obstacle", "responded to the criticism").
#: PolNeAR train content overlap F1 0.779 -> 0.780 (recall 0.706 -> 0.710) on
#: the study part (every article but each 4th), 0.767 -> 0.769 (recall 0.693
#: -> 0.697) on the tuning part (every 4th).
TO_CUES = lexicons.words("claims/to_cues")

#: Cue verbs whose content is an infinitive ("vowed to fight on").
XCOMP_CUES = lexicons.words("claims/xcomp_cues")

#: Inflections the small English model lemmatises wrongly ("hoping" -> "hop":
#: 131 tokens of hope/hopes/hoped/hoping in PolNeAR train, none of them hops).
_LEMMA_REPAIRS = lexicons.mapping("claims/lemma_repairs")


#: Words that lead the other cue shapes of :mod:`storyline.claims.attribution`
#: (nominal cues, intentions, findings, impressions, attitudes, "according to"), for
#: :func:`may_attribute`.
_OTHER_CUE_WORDS = (
    lexicons.words("claims/noun_cues")
    | lexicons.words("claims/finding_nouns")
    | lexicons.words("claims/seeming_verbs")
    | lexicons.words("claims/attitude_adjectives")
    | lexicons.words("claims/intent_nouns")
    | {"according"}
)
#: Irregular forms of cue verbs the stemmer does not map ("knew", "sworn").
_IRREGULAR_CUES = lexicons.mapping("claims/irregular_cue_forms")
#: Quotation marks, a colon, a quotation dash: a quote, a "Name: ..." statement.
_MARKS = frozenset('"“”«»‘’:―')
_WORD = re.compile(r"[A-Za-z]+")


def _inflections(lemma: str) -> set[str]:
    """Regular English inflections of a word (over-generating is harmless)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "stopped"
    return forms


@functools.lru_cache(maxsize=1)
def _cue_forms() -> frozenset[str]:
    forms: set[str] = set()
    for lemma in CUE_VERBS | _OTHER_CUE_WORDS | frozenset(_LEMMA_REPAIRS.values()):
        forms |= _inflections(lemma)
    for form, base in (*IRREGULAR_FORMS.items(), *_IRREGULAR_CUES.items()):
        if base in CUE_VERBS:
            forms.add(form)
    return frozenset(forms)


def may_attribute(sentence: str) -> bool:
    """May this sentence hold an attribution?  A cheap test without a parse,
    for a caller that parses only the sentences the claims stage needs.

    True when the sentence holds a quotation mark, a colon or a dash, or an
    inflection of a cue verb (:data:`CUE_VERBS`), a nominal cue, a finding
    noun ("poll") or "according".  What
    :func:`storyline.claims.attribution.find_attributions` reports has its
    cue in such a sentence (PolNeAR train: all but 0.1%, the verbs the parser
    finds in odd places), and a quote continued from an earlier sentence
    has its quotation mark.  About a quarter of PolNeAR's sentences fail the
    test (train 23.7%, dev 24.0%).
    """
    if any(ch in _MARKS for ch in sentence):
        return True
    forms = _cue_forms()
    return any(word.lower() in forms for word in _WORD.findall(sentence))


def cue_lemma(token: Any) -> str:
    """The lemma of a possible cue word, with the model's known slips repaired."""
    return _LEMMA_REPAIRS.get(token.lower_) or token.lemma_.lower()


_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_RELATIVE = frozenset(("who", "which", "that", "whom"))


def _run_around(token: Any, ids: set[int]) -> list[Any]:
    """The tokens of ``ids`` that form one contiguous run with ``token``, in order."""
    start = end = token.i
    while start - 1 in ids:
        start -= 1
    while end + 1 in ids:
        end += 1
    return list(token.doc[start : end + 1])


def _tokens_span(tokens: Iterable[Any]) -> Span | None:
    toks = list(tokens)
    if not toks:
        return None
    first = min(toks, key=lambda t: t.i)
    last = max(toks, key=lambda t: t.i)
    return (first.idx, last.idx + len(last.text))


def subtree_span(token: Any, exclude: Any = None) -> Span | None:
    """Character span of a token's subtree, optionally minus one child subtree."""
    skip = set()
    if exclude is not None:
        skip = {t.i for t in exclude.subtree}
    toks = [t for t in token.subtree if t.i not in skip]
    # keep a contiguous run around the token (a removed middle splits it)
    return _tokens_span(_run_around(token, {t.i for t in toks}))


def _side_remark(child: Any) -> bool:
    """What follows a name but is not part of it in PolNeAR sources: a place
    or time set off by a comma ("Trump, in Kentucky"), a participle or an
    adjective ("Clinton, clearly frustrated")."""
    if child.dep_ in ("acl", "advcl"):
        return True
    # PolNeAR keeps appositions and relative clauses ("Chris Cox, who runs the
    # NRA's lobbying arm,"; "Clinton, 35, the daughter of ...") in the source
    set_off = child.left_edge.i > 0 and child.doc[child.left_edge.i - 1].text == ","
    if child.dep_ in ("prep", "amod", "advmod", "npadvmod"):
        return set_off  # "The Syrian Observatory for Human Rights" keeps its "for"
    return False


#: Focus adverbs that lead a subject but are not part of the source in
#: PolNeAR ("even Republicans", "virtually all the attendees").
_FOCUS = lexicons.words("claims/focus_adverbs")


def source_span(subject: Any) -> Span | None:
    """The source phrase: the subject's subtree without a dateline ("RENO, Nev.
    (AP) — ") and without a relative clause that is a statement of its own."""
    doc = subject.doc
    lo, hi = subject.left_edge.i, subject.right_edge.i
    for child in subject.children:
        if child.i < subject.i:
            continue
        if (
            child.dep_ in ("relcl", "acl")
            and any(t.lemma_.lower() in CUE_VERBS and t.pos_ == "VERB" for t in child.subtree)
        ) or (subject.pos_ == "PROPN" and _side_remark(child)):
            hi = min(hi, child.left_edge.i - 1)
    for tok in doc[lo : subject.i]:
        spaced_hyphen = tok.text == "-" and tok.i > 0 and doc[tok.i - 1].whitespace_
        if (
            tok.text in ("—", "–") or spaced_hyphen or tok.text in QUOTE_TOKENS - set(OPEN_QUOTES)
        ) and tok.i < subject.i:
            # a dateline ("RENO, Nev. (AP) — ", "Dec 29 (Reuters) - ") or a
            # quotation the parser hung on the subject is not part of the source
            lo = tok.i + 1
    while lo < subject.i and doc[lo].lower_ in _FOCUS:
        lo += 1
    while hi > lo and doc[hi].text in (",", "—", "–"):
        hi -= 1
    if hi < lo:
        return None
    span = (doc[lo].idx, doc[hi].idx + len(doc[hi].text))
    return trim(doc_text(doc), *_close_title(doc_text(doc), span))


def _close_title(text: str, span: Span) -> Span:
    """A source that opens a quoted title closes it (``host of MSNBC's
    "Morning Joe,"``; ``his book ''The Art of the Deal.''``): the parser
    leaves the closing mark, and often the title's last word, outside."""
    start, end = span
    phrase = text[start:end]
    for open_mark, close_mark in (("“", "”"), ("''", "''"), ('"', '"')):
        opened = (
            phrase.count(open_mark) > phrase.count(close_mark)
            if open_mark != close_mark
            else phrase.count(open_mark) % 2 == 1
        )
        if not opened:
            continue
        close = text.find(close_mark, end)
        if close != -1 and close - end <= 40 and "\n" not in text[end:close]:
            return (start, close + len(close_mark))
    return span


def _cue_span(verb: Any) -> Span:
    """The cue verb with its auxiliaries, negation and particle."""
    parts = [verb]
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg", "prt") or (
            child.dep_ == "advmod" and child.lower_ in ("also", "later", "again", "repeatedly")
        ):
            parts.append(child)
    # only the contiguous run that contains the verb
    span = _tokens_span(_run_around(verb, {t.i for t in parts}))
    assert span is not None
    return span


def _subject(verb: Any) -> tuple[Any, bool]:
    """The source token for a cue verb and whether the verb is passive.

    A participle or infinitive without its own subject inherits the subject of
    the verb it depends on ("Residents offered a different account, reporting
    that ..."); a passive verb's source is its ``by`` agent.
    """
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    # the subject nearest the verb: a parse that also hangs a subject from
    # inside the quotation on the cue ("..., but they [award] only 4 percent,"
    # campaign manager Robby Mook said) gives two
    children = sorted(verb.children, key=lambda c: abs(c.i - verb.i))
    for child in children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand, True
        if child.dep_ in ("nsubj", "csubj"):
            return _past_dateline(child), passive
        if child.dep_ == "nsubjpass":
            return None, True
    nominal = ("NOUN", "PROPN", "PRON")
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in nominal and verb.tag_ != "VBN":
        # "one listing the facts left out": the noun the participle modifies;
        # but a thing made by someone ("Trump and Ryan issued a statement
        # describing ...") speaks for its maker
        head = verb.head
        if head.dep_ == "dobj" and not _someone(head):
            maker = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
            if maker is not None:
                return maker, passive
        return head, passive
    if verb.tag_ == "VBN" and verb.dep_ == "advcl":
        return None, True  # "Asked whether ..., 75 percent said yes": no source
    node = verb
    for _ in range(3):  # "X said ..., adding ..., saying ...": climb to a subject
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.i != node.head.i:
            # "... followed him by softly echoing ...", "after telling his aides"
            node = node.head
        elif node.dep_ not in ("advcl", "xcomp", "conj", "acl") or node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            for child in node.children:
                if child.dep_ in ("nsubj", "csubj"):
                    return child, passive
    return None, passive


def _coordinated(subj: Any, source: Span) -> tuple[Span, Any]:
    """Two subjects the parser hung side by side on one verb ("a Kurdish
    official and the Observatory said") are one coordinated source, headed
    by the first."""
    doc = subj.doc
    for other in subj.head.children:
        if other.dep_ != "nsubj" or other.i >= subj.i:
            continue
        between = doc[other.right_edge.i : subj.left_edge.i]
        if between and between[-1].lower_ in ("and", "or") and between[-1].dep_ == "cc":
            start = source_span(other)
            if start is not None:
                return (start[0], source[1]), other
    return source, subj


def _past_dateline(subject: Any) -> Any:
    """The parser reads a dateline as the subject and the speaker as its
    apposition ("ORLANDO, Fla. (Reuters) - President Barack Obama said"):
    the apposition after the dash speaks."""
    doc = subject.doc
    dash = next(
        (
            c
            for c in subject.children
            if c.i > subject.i
            and (c.text in ("—", "–") or (c.text == "-" and doc[c.i - 1].whitespace_))
        ),
        None,
    )
    if dash is None:
        return subject
    after = [c for c in subject.children if c.dep_ == "appos" and c.i > dash.i]
    return after[0] if after else subject


def _someone(token: Any) -> bool:
    """A person, group or organisation rather than a thing."""
    return token.pos_ in ("PROPN", "PRON") or token.ent_type_ in ("PERSON", "NORP", "ORG")


def embedded_statement(token: Any) -> bool:
    """A clause inside a content that is a statement of its own: ``..., though
    Omran insisted that ...`` or ``..., according to X``."""
    if token.lower_ == "according":
        return True
    return (
        token.dep_ in ("advcl", "conj")
        and token.lemma_.lower() in CUE_VERBS
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    )


def _content_span(root: Any) -> Span | None:
    """A complement's subtree, cut before any statement embedded in it."""
    start, end = root.left_edge.i, root.right_edge.i
    for tok in root.subtree:
        if tok.i > root.i and embedded_statement(tok):
            end = min(end, tok.left_edge.i - 1)
    if end < start:
        return None
    first, last = root.doc[start], root.doc[end]
    return (first.idx, last.idx + len(last.text))


def _set_off(verb: Any) -> bool:
    """Is the cue clause set off from its head by a comma, dash or quote?"""
    doc = verb.doc
    left = verb.left_edge.i
    right = verb.right_edge.i
    before = doc[left - 1].text if left > 0 else ""
    after = doc[right + 1].text if right + 1 < len(doc) else ""
    first = doc[left].text
    marks = {",", "—", "–", "-", ":", *(QUOTE_TOKENS - set(OPEN_QUOTES))}
    return (
        before in marks
        or first in marks
        or after in marks
        or (
            verb.i > verb.head.i
            and (doc[verb.left_edge.i - 1].text in marks if verb.left_edge.i > 0 else False)
        )
    )


def _aside(verb: Any) -> bool:
    """Can a clause set off by commas be a reporting aside ("..., he said")?
    Not when it is a subordinate clause ("that ..."), nor when it is the
    complement of a cue verb, before it ("Carter said that critics had been
    predicting a withdrawal, but ...") or after it ("He may add to his
    staff, he said": "add" is a cue verb too, but "said" reports it; PolNeAR
    train content overlap F1 0.768 -> 0.770, dev 0.785 -> 0.787)."""
    if any(c.dep_ == "mark" for c in verb.children):
        return False
    head = verb.head
    return not (verb.dep_ == "ccomp" and head.lemma_.lower() in CUE_VERBS)


def _pieces_without(head: Any, cut: Any) -> list[Span]:
    """The head's subtree minus one child subtree, as one or two spans."""
    doc = head.doc
    lo, hi = head.left_edge.i, head.right_edge.i
    clo, chi = cut.left_edge.i, cut.right_edge.i
    out: list[Span] = []
    for a, b in ((lo, clo - 1), (chi + 1, hi)):
        if b >= a:
            out.append((doc[a].idx, doc[b].idx + len(doc[b].text)))
    return out


#: A final mark closes the cue's clause: a quotation after it (the next
#: sentence's or paragraph's quote) is no longer adjacent to the cue.  PolNeAR
#: train, content overlap F1 0.761 -> 0.762 (dev 0.780 either way) over
#: counting only the marks the parser ends a sentence with.
_SENTENCE_ENDS = frozenset((".", "!", "?"))

#: Objects of a preposition that are circumstances, not content ("spoke in
#: Iowa on Monday").
_CIRCUMSTANCE = frozenset(("DATE", "TIME", "GPE", "LOC", "FAC"))


def _content_for_verb(verb: Any, regions: list[Span]) -> tuple[list[Span], str, Any]:
    """Content pieces for a cue verb, and the kind of statement."""
    doc = verb.doc
    text = doc_text(doc)
    lemma = cue_lemma(verb)
    spans: list[Span] = []
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i != verb.i:
            span = _content_span(child)
            if span is not None:
                spans.append(span)
    kind = "indirect"
    if not spans and verb.dep_ in ("parataxis", "ccomp") and _set_off(verb) and _aside(verb):
        # "... the army is bombing randomly," he said   (cue hangs off the content)
        # "This campaign, he says, is different."
        has_subject = any(c.dep_ in _SUBJECTS for c in verb.children)
        if has_subject:
            spans.extend(_pieces_without(verb.head, verb))
    if (
        not spans
        and verb.dep_ == "advcl"
        and verb.head.i != verb.i
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and all(
            c.dep_ in ("punct", "prt", "prep", "agent", "npadvmod", "advmod")
            for c in verb.children
            if c.i > verb.i
        )
        and lemma not in ("speak", "talk")
    ):
        # "As the Times noted, Clinton raised $1.1 million": the clause the
        # "as" aside hangs on is what was noted (an aside that ends at its
        # verb; "as Obama spoke" is a time).  PolNeAR train content overlap F1
        # 0.771 -> 0.772, dev 0.788 -> 0.789; without the ending condition
        # recall rose and precision fell by as much.
        spans.extend(_pieces_without(verb.head, verb))
    if not spans and lemma in XCOMP_CUES:
        for child in verb.children:
            if child.dep_ == "xcomp":
                span = subtree_span(child)
                if span is not None:
                    objs = [c for c in verb.children if c.dep_ == "dobj"]
                    if objs and objs[0].i < child.i:
                        start = subtree_span(objs[0])
                        if start is not None:
                            span = (start[0], span[1])
                    spans.append(span)
    if not spans and lemma not in XCOMP_CUES:
        # "He said legalizing it could put thousands to work": the parser
        # hangs a gerund clause on the cue as an xcomp
        for child in verb.children:
            if child.dep_ == "xcomp" and child.tag_ == "VBG" and child.i > verb.i:
                span = subtree_span(child)
                if span is not None and any(g.dep_ in ("ccomp", "dobj") for g in child.children):
                    spans.append(span)
    adds_to = lemma == "add" and any(
        c.dep_ in ("prep", "dative") and c.lower_ == "to" for c in verb.children
    )
    # A cue with an object of its own ("criticized Clinton", "rejected the
    # notion that ...") states that object; the quotation next to it is
    # someone else's, or its own cue's (PolNeAR train content overlap F1
    # 0.762 -> 0.765, dev 0.780 -> 0.782).
    own_object = lemma not in NO_OBJECT_CUES and any(
        c.dep_ == "dobj" and c.i > verb.i for c in verb.children
    )
    # So does one with a content preposition of its own ("..., Trump said,
    # referring to Barack Obama"): PolNeAR train content overlap F1 0.781 ->
    # 0.782 on the study part (every article but each 4th), 0.770 -> 0.771 on
    # the tuning part (every 4th), cue exact +0.003 on both.
    own_object = own_object or _content_prep(verb, lemma) is not None
    if not spans and not adds_to and not own_object:
        left, right = _cue_span(verb)
        for tok in verb.subtree:
            if (
                tok.i > verb.i
                and tok.sent == verb.sent
                and not inside_quote(regions, tok.idx)
                and tok.text not in QUOTE_TOKENS - set(CLOSE_QUOTES)
                and not tok.is_space
                and tok.text not in _SENTENCE_ENDS
            ):
                right = max(right, tok.idx + len(tok.text))
        subj, _ = _subject(verb)
        if subj is not None:
            sspan = subtree_span(subj)
            if sspan is not None:
                left = min(left, sspan[0])
                right = max(right, sspan[1])
        quote = adjacent_quote(text, regions, left, right)
        if quote is not None:
            spans.append(quote)
    if not spans and lemma == "say":
        # "said so", "said yes", "said the same of Sanders"
        for child in verb.children:
            if child.lower_ in ("so", "yes", "no", "same", "that", "this") and child.dep_ in (
                "dobj",
                "advmod",
                "intj",
            ):
                span = subtree_span(child)
                if span is not None:
                    spans.append(span)
                break
    clausal = bool(spans)
    prep_cue: Any = None
    after_object = _content_prep(verb, lemma) if not spans else None
    if after_object is not None and lemma not in NO_OBJECT_CUES:
        # "accused Republicans of placing ...", "attack each other for not
        # doing enough": the object is whom it is about, the preposition's
        # object what is said.  PolNeAR train content overlap F1 0.782 ->
        # 0.784 on the study part (every article but each 4th), 0.771 either
        # way on the tuning part (every 4th; precision +0.002); the cue stays
        # the verb (taking in the object and preposition cost 0.008 cue exact).
        objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
        if objs and after_object[0].i > objs[0].right_edge.i:
            span = subtree_span(after_object[1])
            if span is not None:
                spans.append(span)
    if not spans and lemma not in NO_OBJECT_CUES:
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        for child in objs:
            last = max(
                (c for c in verb.children if c.dep_ in ("oprd", "xcomp") and c.i > child.i),
                key=lambda c: c.i,
                default=child,
            )
            first_span = subtree_span(child)
            last_span = subtree_span(last)
            if first_span is not None and last_span is not None:
                spans.append((first_span[0], last_span[1]))
    if not spans:
        found_prep = _content_prep(verb, lemma)
        span = subtree_span(found_prep[1]) if found_prep is not None else None
        if found_prep is not None and span is not None:
            child, pobj = found_prep
            # "pointed to the GOP as the key obstacle": what it is taken for
            # belongs to the content
            as_phrase = next(
                (
                    c
                    for c in verb.children
                    if c.dep_ == "prep" and c.lower_ == "as" and c.i > pobj.i
                ),
                None,
            )
            if as_phrase is not None:
                span = (span[0], as_phrase.right_edge.idx + len(as_phrase.right_edge.text))
            spans.append(span)
            prep_cue = child
    if not spans:
        spans = _passive_subject(verb)
    out: list[Span] = []
    for raw in spans:
        trimmed = trim(text, *extend_to_quotes(regions, raw))
        if trimmed is not None:
            out.append(trimmed)
    if any(quote_at(regions, *s) for s in out):
        kind = "quote"
        clausal = True
    elif not clausal:
        kind = "object" if prep_cue is None else "prep"
    return out, kind, prep_cue


def _content_prep(verb: Any, lemma: str) -> tuple[Any, Any] | None:
    """The preposition after a cue verb that introduces its content, and its object."""
    for child in verb.children:
        if child.dep_ == "prep" and (
            child.lower_ in CONTENT_PREPS or (child.lower_ == "to" and lemma in TO_CUES)
        ):
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None and pobj.ent_type_ not in _CIRCUMSTANCE:
                return child, pobj
    return None


def _passive_subject(verb: Any) -> list[Span]:
    """The content of a passive cue is its subject, with the complement that
    says what it is taken for: "[Biden's demeanor] is considered [an asset]",
    "[Trump] was supported by 42 percent", "[his decision] was seen [as an act
    of disloyalty]".  PolNeAR train content overlap F1 0.765 -> 0.768 (recall
    0.681 -> 0.689), dev 0.782 -> 0.785."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return []
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subj is None or subj.lower_ in _RELATIVE:
        return []
    first = subtree_span(subj)
    if first is None:
        return []
    out = [first]
    for child in verb.children:
        if child.i > verb.i and (
            child.dep_ in ("oprd", "attr", "xcomp", "acomp")
            or (child.dep_ == "prep" and child.lower_ == "as")
        ):
            span = subtree_span(child)
            if span is not None:
                out.append(span)
    return out


def _split_quote(verb: Any, regions: list[Span], content: list[Span]) -> list[Span]:
    """Add the other half of a split quote: ``"We waited," she said, "nobody
    came."`` -- a quotation right after the cue clause (or right before it)
    that no other cue claims."""
    text = doc_text(verb.doc)
    sent = verb.sent
    clause = [t for t in sent if not inside_quote(regions, t.idx) and t.text not in QUOTE_TOKENS]
    near = [t for t in clause if abs(t.i - verb.i) <= 6]
    if not near:
        return content
    left = min(t.idx for t in near)
    right = max(t.idx + len(t.text) for t in near)
    for r in regions:
        if any(c[0] <= r[0] < c[1] for c in content):
            continue
        if not (r[0] < sent.end_char and sent.start_char < r[1]):
            continue  # a quote in the next sentence continues; it does not split
        gap_after = text[right : r[0]]
        gap_before = text[r[1] : left]
        after = 0 <= r[0] - right <= 3 and all(ch in " ,:\n" for ch in gap_after)
        before = 0 <= left - r[1] <= 3 and all(ch in " ,\n" for ch in gap_before)
        if (after and r[0] > content[-1][1]) or (before and r[1] < content[0][0]):
            trimmed = trim(text, *r)
            if trimmed is not None:
                return sorted([*content, trimmed])
    return content


def _quoting_verb(verb: Any, regions: list[Span]) -> Found | None:
    """A verb outside the lexicon still attributes when a person (or
    organisation) is its subject and it introduces a quotation or a ``that``
    clause ("Trump replied, ...", "the campaign made clear that ...")."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or not (subj.pos_ == "PRON" or subj.ent_type_ in ("PERSON", "ORG")):
        return None
    that_clause = next(
        (
            c
            for c in verb.children
            if c.dep_ == "ccomp"
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        ),
        None,
    )
    if that_clause is not None and subj.lower_ not in ("it", "this", "that"):
        span = _content_span(that_clause)
        trimmed = trim(doc_text(verb.doc), *span) if span is not None else None
        if trimmed is None:
            return None
        return Found(
            source=source_span(subj),
            cue=_cue_span(verb),
            content=(extend_to_quotes(regions, trimmed),),
            kind="indirect",
            head=verb.i,
            source_head=subj.i,
        )
    if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children):
        return None
    cue = _cue_span(verb)
    sspan = subtree_span(subj)
    if sspan is None:
        return None
    quote = adjacent_quote(
        doc_text(verb.doc), regions, min(sspan[0], cue[0]), max(sspan[1], cue[1])
    )
    if quote is None:
        return None
    trimmed = trim(doc_text(verb.doc), *quote)
    if trimmed is None:
        return None
    return Found(
        source=source_span(subj),
        cue=cue,
        content=(trimmed,),
        kind="quote",
        head=verb.i,
        source_head=subj.i,
    )


def verb_statement(verb: Any, regions: list[Span]) -> Found | None:
    lemma = cue_lemma(verb)
    if verb.pos_ != "VERB" and not (verb.pos_ == "AUX" and lemma in CUE_VERBS):
        return None
    if inside_quote(regions, verb.idx):
        return None
    if lemma not in CUE_VERBS:
        # any verb of a person next to a quotation introduces it ("Trump
        # replied, ...", "she shot back: ...")
        return _quoting_verb(verb, regions)
    content, kind, prep = _content_for_verb(verb, regions)
    if not content:
        return None
    if kind == "quote":
        content = _split_quote(verb, regions, content)
    cue = _cue_span(verb)
    if prep is not None and prep.i > verb.i:
        cue = (cue[0], prep.idx + len(prep.text))
    subj, passive = _subject(verb)
    if subj is None and not passive and verb.tag_ == "VB" and verb.dep_ not in ("xcomp", "conj"):
        # a bare "say" with neither subject nor passive voice is usually an
        # imperative ("Say what you want")
        return None
    if subj is None and not passive:
        post = _postposed_subject(verb, content)
        if post is not None:
            subj, content = post
    if subj is None and not passive:
        subj = _person_before(verb, content)
    source = source_span(subj) if subj is not None else None
    if source is not None and subj is not None:
        source, subj = _coordinated(subj, source)
    # the source must not sit inside the content (a parse of a quote's subject)
    if source is not None and any(c[0] <= source[0] and source[1] <= c[1] for c in content):
        source = None
        subj = None
    if any(c[0] <= cue[0] < c[1] for c in content):
        return None
    return Found(
        source=source,
        cue=cue,
        content=tuple(sorted(content)),
        kind="passive" if passive and subj is None else kind,
        head=verb.i,
        source_head=subj.i if subj is not None else None,
        addressee=_addressee(verb),
    )


#: Cues whose object is the person addressed, never an inverted speaker
#: ('"...," Bozell tells Breitbart News').
_ADDRESSED = lexicons.words("claims/addressing_verbs")


def _postposed_subject(verb: Any, content: list[Span]) -> tuple[Any, list[Span]] | None:
    """The speaker after an inverted cue: ``"...," added a South Carolina
    Democrat``; ``"...," said Robin Maynard, half joking``.  The parser reads
    the noun phrase after the verb as its object, or as the subject of a
    clause hung on it; either way, when the content ends before the verb,
    the phrase that starts right after it speaks."""
    doc = verb.doc
    before = [c for c in content if c[1] <= verb.idx]
    if not before or verb.i + 1 >= len(doc) or cue_lemma(verb) in _ADDRESSED:
        return None
    tok = doc[verb.i + 1]
    if tok.pos_ not in ("NOUN", "PROPN", "PRON", "DET", "ADJ"):
        return None
    while tok.dep_ in ("compound", "det", "amod", "nummod", "poss", "nmod") and tok.head.i > tok.i:
        tok = tok.head
    if tok.pos_ not in ("NOUN", "PROPN", "PRON") or tok.left_edge.i != verb.i + 1:
        return None
    if verb.i not in (tok.head.i, tok.head.head.i):
        return None
    phrase_end = tok.right_edge.idx + len(tok.right_edge.text)
    return tok, [c for c in content if c[1] <= verb.idx or c[0] >= phrase_end]


def _person_before(verb: Any, content: list[Span]) -> Any:
    """A cue verb the parser left without a subject ("Mr. Hariri, the
    archaeologist, reached again by phone, said that ..."): the nearest person
    named earlier in its sentence, outside the content, speaks."""
    for tok in reversed(list(verb.sent)):
        if tok.i >= verb.i:
            continue
        if any(s <= tok.idx < e for s, e in content):
            continue
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ in ("B", "I"):
            ent = next((e for e in verb.doc.ents if e.start <= tok.i < e.end), None)
            return ent.root if ent is not None else tok
    return None


def _addressee(verb: Any) -> Span | None:
    """Whom the statement was made to: ``told Reuters``, ``speaking to AP``."""
    for child in verb.children:
        if child.dep_ in ("dative", "dobj", "iobj") and verb.lemma_ in ("tell", "inform"):
            return source_span(child)
        if child.dep_ in ("prep", "dative") and child.lower_ in ("to", "with"):
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return source_span(grand)
    return None

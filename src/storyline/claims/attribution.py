"""Attribution from the dependency parse: who (source) said (cue) what (content).

Reporting verbs are the backbone of news attribution: a cue verb from a small
lexicon, its subject is the source and its clausal complement the content.
Around that backbone sit the other shapes reporters use:

* direct quotes, found from the quotation marks (curly or straight) rather than
  from the parse, because the parser splits multi-sentence quotes; a quote next
  to a cue verb is that verb's content, a quote with no cue that directly
  follows an attributed statement continues it (``"...," he said. "Maybe 1,000
  men."``);
* ``according to X`` (the rest of the sentence is the content);
* passive cues (``it was reported that ...``; the agent, if any, is the source);
* nominal cues with a ``that`` clause (``the state media's claim that ...``,
  ``false claims by X that ...``);
* reporting participles without a subject inherit the subject of the verb they
  hang off (``Residents offered a different account, reporting that ...``).

Spans follow the PolNeAR/PARC conventions so the benchmark can score them: the
source is the whole noun phrase (appositions included), the cue is the verb
with its auxiliaries and negation, the content is the complement including
``that`` and, for quotes, the quotation marks.  A statement whose cue lies
inside another statement's content is not reported separately (PolNeAR labels
every token at most once).

The reporting-verb lexicons and the verb-cue rules live in
:mod:`storyline.claims.verbs`; this module holds the other shapes
(``according to``, findings, nominal cues, colons) and runs them all.
"""

from __future__ import annotations

from typing import Any

from storyline import lexicons
from storyline.claims.quotes import (
    Found,
    Span,
    continuations,
    drop_nested,
    extend_to_quotes,
    inside_quote,
    quote_regions,
    trim,
)
from storyline.claims.verbs import (
    CUE_VERBS,
    embedded_statement,
    source_span,
    subtree_span,
    verb_statement,
)
from storyline.text.docs import doc_text

#: Nouns that introduce reported content with a ``that`` clause.
NOUN_CUES = lexicons.words("claims/noun_cues")


def _according_to(token: Any) -> Found | None:
    """``according to X``: X is the source, the rest of the sentence the content."""
    doc = token.doc
    if token.lower_ != "according" or token.i + 1 >= len(doc):
        return None
    to = doc[token.i + 1]
    if to.lower_ != "to":
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    text = doc_text(doc)
    sent = token.sent
    phrase = subtree_span(token) or (token.idx, to.idx + 2)
    phrase = (min(phrase[0], token.idx), max(phrase[1], pobj.idx + len(pobj.text)))
    pieces = [
        trim(text, sent.start_char, phrase[0]),
        trim(text, phrase[1], sent.end_char),
    ]
    content = [p for p in pieces if p is not None and p[1] - p[0] > 2]
    if not content:
        return None
    return Found(
        source=source_span(pobj),
        cue=(token.idx, to.idx + len(to.text)),
        content=tuple(content),
        kind="according",
        head=token.i,
        source_head=pobj.i,
    )


#: Nouns of measured or published findings that attribute what a clause
#: states when it happens "in" them ("In a CNN poll released Monday, 50
#: percent chose Clinton"): in PolNeAR train, "in" is the cue of 67
#: attributions, 43 of them polls and surveys.
FINDING_NOUNS = lexicons.words("claims/finding_nouns")


def _in_finding(token: Any) -> Found | None:
    """``In a CNN poll released Monday, ...``: the poll is the source, the
    clause it leads the content."""
    if token.lower_ != "in" or token.dep_ != "prep":
        return None
    pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in FINDING_NOUNS or pobj.pos_ != "NOUN":
        return None
    clause = token.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    if (
        clause.pos_ not in ("VERB", "AUX")
        or embedded_statement(clause)
        or (clause.lemma_.lower() in CUE_VERBS and any(c.dep_ == "nsubj" for c in clause.children))
    ):
        return None  # "In a recent study, three economists found ...": theirs
    doc = token.doc
    text = doc_text(doc)
    lo, hi = clause.left_edge.i, clause.right_edge.i
    after_tok = token.right_edge.i + 1
    if token.i != lo or after_tok > hi or doc[after_tok].text != ",":
        # only a finding that leads its clause, set off by a comma, frames
        # it; "leads in the polls" is annotated as attribution in PolNeAR
        # train about half as often as not
        return None
    content = trim(text, doc[after_tok].idx, doc[hi].idx + len(doc[hi].text))
    source = source_span(pobj)
    if content is None or source is None:
        return None
    return Found(
        source=source,
        cue=(token.idx, token.idx + len(token.text)),
        content=(content,),
        kind="according",
        head=token.i,
        source_head=pobj.i,
    )


#: Nouns of intention whose infinitive is the content ("her plan to increase
#: federal investment", "his promise to build a wall").  PolNeAR train content
#: overlap F1 0.786 -> 0.788 (recall 0.717 -> 0.722) on the study part (every
#: article but each 4th), 0.773 -> 0.775 (recall 0.702 -> 0.707) on the
#: tuning part (every 4th).
_INF_NOUNS = lexicons.words("claims/intent_nouns")

#: Verbs whose subject is the source of a cue noun they take as object.
_MAKERS = lexicons.words("claims/maker_verbs")


def _noun_statement(noun: Any) -> Found | None:
    """``the state media's claim that ...``, ``reports by residents that ...``,
    ``Trump's plan to deport 11 million people``."""
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or (lemma not in NOUN_CUES and lemma not in _INF_NOUNS):
        return None
    clause = None
    for child in noun.children:
        if (
            lemma in NOUN_CUES
            and child.dep_ in ("acl", "ccomp", "appos")
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children)
        ):
            clause = child
            break
        if (
            lemma in _INF_NOUNS
            and child.dep_ == "acl"
            and child.i > noun.i
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children)
        ):
            clause = child
            break
    if clause is None:
        return None
    text = doc_text(noun.doc)
    content = subtree_span(clause)
    if content is None:
        return None
    source_tok = None
    for child in noun.children:
        if child.dep_ == "poss":
            source_tok = child
        elif child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            source_tok = next((g for g in child.children if g.dep_ == "pobj"), None)
    if source_tok is None and noun.dep_ == "dobj" and noun.head.lemma_ in _MAKERS:
        # "State television has made false claims that ...": who made them
        source_tok = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    source = None
    if source_tok is not None:
        source = source_span(source_tok)
        if source is not None and text[source[0] : source[1]].endswith(("'s", "’s")):
            source = trim(text, source[0], source[1] - 2)
    trimmed = trim(text, *content)
    if trimmed is None:
        return None
    return Found(
        source=source,
        cue=(noun.idx, noun.idx + len(noun.text)),
        content=(trimmed,),
        kind="nominal",
        head=noun.i,
        source_head=source_tok.i if source_tok is not None else None,
    )


def _colon_statement(colon: Any, regions: list[Span]) -> Found | None:
    """``Omran: "The search is on for them."`` and headline style ``Lynch: No
    outside influence on FBI probe``: a name (or pronoun) right before a colon
    that opens its sentence is the source of what follows."""
    if colon.text != ":" or colon.i == 0:
        return None
    doc = colon.doc
    before = doc[colon.i - 1]
    if before.pos_ not in ("PROPN", "PRON", "NOUN") and before.ent_type_ not in ("PERSON", "ORG"):
        return None  # a headline speaker may be tagged a noun ("Trump: ...", "Poll: ...")
    sent = colon.sent
    # the name must be the whole clause before the colon
    first = before
    while first.i > sent.start and doc[first.i - 1].pos_ in ("PROPN", "DET", "ADJ", "NOUN", "PART"):
        first = doc[first.i - 1]
    if first.i != sent.start or colon.i - first.i > 4:
        return None
    text = doc_text(doc)
    quote = next((r for r in regions if 0 <= r[0] - (colon.idx + 1) <= 2), None)
    if quote is not None:
        content: Span | None = quote
    else:
        content = trim(text, colon.idx + 1, sent.end_char)
    if content is None or content[1] - content[0] < 8:
        return None
    return Found(
        source=(first.idx, before.idx + len(before.text)),
        cue=(colon.idx, colon.idx + 1),
        content=(content,),
        kind="quote" if quote is not None else "colon",
        head=colon.i,
        source_head=before.i,
    )


#: Verbs of impression ("Clinton seems to have found ...", "the Trump team
#: appeared paralyzed"): PolNeAR marks them as the cue of an attribution with
#: no source whose content is the whole clause, the verb included.  PolNeAR
#: train, study part (every article but each 4th) content overlap F1 0.775 ->
#: 0.779 (R 0.699 -> 0.706), tuning part (every 4th) 0.763 -> 0.767 (R 0.686
#: -> 0.693); "look" and "sound" as well: F1 unchanged on both, left out.
SEEMING = lexicons.words("claims/seeming_verbs")
#: Complements that make a seeming verb an impression ("appeared on Fox"
#: is not one).
_SEEMING_COMPLEMENTS = frozenset(("xcomp", "acomp", "attr", "oprd", "ccomp"))


def _seeming(verb: Any, regions: list[Span]) -> Found | None:
    """``Ben Carson appears to be slipping``: no source, the clause is the
    content and holds its cue."""
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in SEEMING:
        return None
    if inside_quote(regions, verb.idx):
        return None
    comps = [c for c in verb.children if c.dep_ in _SEEMING_COMPLEMENTS and c.i > verb.i]
    if not comps:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "expl") and c.i < verb.i), None)
    if subj is None or subj.lower_ in ("that", "which", "who"):
        return None
    doc = verb.doc
    end = max(c.right_edge.i for c in comps)
    text = doc_text(doc)
    content = trim(text, doc[subj.left_edge.i].idx, doc[end].idx + len(doc[end].text))
    if content is None:
        return None
    return Found(
        source=None,
        cue=(verb.idx, verb.idx + len(verb.text)),
        content=(extend_to_quotes(regions, content),),
        kind="seeming",
        head=verb.i,
    )


#: Adjectives of attitude whose complement is what the subject holds an
#: attitude about ("EU member states are concerned about ...", "Trump allies
#: were hopeful that ...").  PolNeAR train content overlap F1 0.784 -> 0.786
#: (recall 0.713 -> 0.717, source exact 0.700 -> 0.702) on the study part
#: (every article but each 4th), 0.771 -> 0.773 (source exact 0.694 -> 0.696)
#: on the tuning part (every 4th).
ATTITUDE_ADJECTIVES = lexicons.words("claims/attitude_adjectives")
#: Prepositions that lead such an adjective's complement.
_ATTITUDE_PREPS = frozenset(("about", "of", "with", "to", "at", "by", "on", "over"))


def _attitude(adj: Any, regions: list[Span]) -> Found | None:
    """``EU member states are concerned about Merkel's deal``, ``Trump allies
    were hopeful that ...``: the subject holds the attitude, the adjective's
    complement is what it is about."""
    if adj.dep_ != "acomp" or adj.lemma_.lower() not in ATTITUDE_ADJECTIVES:
        return None
    if inside_quote(regions, adj.idx):
        return None
    verb = adj.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subj is None or subj.lower_ in ("that", "which", "who", "it"):
        return None
    comp = None
    prep = None
    for child in [*adj.children, *verb.children]:
        if child.i <= adj.i:
            continue
        if child.dep_ in ("ccomp", "xcomp"):
            comp = child
            break
        if child.dep_ == "prep" and child.lower_ in _ATTITUDE_PREPS:
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                comp, prep = pobj, child
                break
    if comp is None:
        return None
    span = subtree_span(comp)
    text = doc_text(adj.doc)
    content = trim(text, *span) if span is not None else None
    source = source_span(subj)
    if content is None or source is None:
        return None
    cue_end = prep if prep is not None else adj
    return Found(
        source=source,
        cue=(verb.idx if verb.i < adj.i else adj.idx, cue_end.idx + len(cue_end.text)),
        content=(extend_to_quotes(regions, content),),
        kind="attitude",
        head=adj.i,
        source_head=subj.i,
    )


def find_attributions(doc: Any, *, nested: bool = False) -> list[Found]:
    """Every attributed statement in a parsed document, in text order.

    With ``nested`` a statement reported inside another one's content is kept
    too (the claims ledger wants "X said that Y claimed Z" as Y's claim); the
    default drops it, as PolNeAR labels each token once.
    """
    text = doc_text(doc)
    regions = quote_regions(text)
    found: list[Found] = []
    for token in doc:
        item = (
            _according_to(token)
            or _in_finding(token)
            or verb_statement(token, regions)
            or _noun_statement(token)
            or _colon_statement(token, regions)
            or _seeming(token, regions)
            or _attitude(token, regions)
        )
        if item is not None:
            found.append(item)
    if not nested:
        found = drop_nested(found)
    found.extend(continuations(doc, regions, found))
    found.sort(key=lambda f: (f.extent or (0, 0))[0])
    return found

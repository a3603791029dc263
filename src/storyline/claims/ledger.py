"""The claims ledger: who said what, who corroborates it, where sources conflict.

Pipeline of this stage (each step in its own module):

1. :mod:`storyline.claims.attribution` finds attributed statements in the parse;
2. :mod:`storyline.claims.sources` types each speaker (official, state media, ...);
3. :mod:`storyline.claims.hedging` attaches hedges and verification caveats;
4. this module turns statements into :class:`~storyline.records.Claim` records;
   :mod:`storyline.claims.groups` groups claims that assert the same thing,
   counting independent sources;
5. :mod:`storyline.claims.conflicts` links groups that contradict each other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from storyline import lexicons
from storyline.claims.attribution import Found
from storyline.claims.conflicts import (
    Features,
    features,
    refutes_itself,
    rival_account,
)
from storyline.claims.groups import ClaimDraft, group_claims
from storyline.claims.hedging import caveats_in, hedges_in
from storyline.claims.params import DEFAULT_CLAIM_PARAMS, ClaimParams
from storyline.claims.quotes import QUOTE_TOKENS
from storyline.claims.sources import is_person_role, source_type
from storyline.records import (
    AnalyzedArticle,
    Attribution,
    Claim,
    ClaimGroup,
    Entity,
    Mention,
    Sentence,
    SourceType,
    Story,
)
from storyline.text.docs import doc_text, per_doc


def analysis_nlp() -> Any:
    """The shared spaCy pipeline, with the entity ruler when the entities stage
    that feeds it is installed and without it otherwise (attribution needs the
    parse, not the ruler)."""
    from storyline.analysis.nlp import load_nlp

    try:
        return load_nlp()
    except ImportError:
        return load_nlp(with_ruler=False)


def attributions(text: str) -> list[Attribution]:
    """Attributed statements in ``text`` as source/cue/content character spans.

    One record per cue: a split or continued quote is one content span from its
    first piece to its last (PolNeAR/PARC convention).
    """
    from storyline.analysis.nlp import analyze_texts
    from storyline.claims.attribution import find_attributions
    from storyline.claims.quotes import as_records

    if not text.strip():
        return []
    analyzed = analyze_texts([text], nlp=analysis_nlp())
    return as_records(find_attributions(analyzed[0].doc))


# --------------------------------------------------------------------------
# claims


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """The claims ledger: every claim and the groups they form."""

    claims: tuple[Claim, ...]
    groups: tuple[ClaimGroup, ...]


#: Statements whose content is a bare object or prepositional phrase
#: ("endorsed Kasich", "talked about the economy") are attributions but not
#: checkable claims; they stay out of the ledger unless the object carries a
#: clause ("described officers fleeing").
_OBJECT_KINDS = frozenset(("object", "prep"))
_PRONOUNS = frozenset(("he", "she", "they", "it", "him", "her", "them", "who", "i", "we"))
_PERSONAL = frozenset(("he", "she", "him", "her", "i"))
#: How far back (in sentences) a verification caveat such as "The report could
#: not immediately be confirmed independently" reaches for the claim it
#: qualifies.  In the seed reports the caveat follows its claim within two
#: sentences; three leaves room for a sentence of background in between.
CAVEAT_REACH = 3


def _clean(text: str) -> str:
    return " ".join(text.split())


def _sentence_index(item: AnalyzedArticle, offset: int) -> int:
    for sentence in item.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.index
    before = [s.index for s in item.sentences if s.start <= offset]
    return before[-1] if before else 0


def _surname(text: str) -> str:
    last = text.rsplit(maxsplit=1)[-1] if text.split() else text
    last = last.removesuffix("’s").removesuffix("'s")
    return re.sub(r"^(?:al|el)-", "", last.lower())


def _speaker_name(doc: Any, phrase: str, head: Any) -> str:
    """The speaker as a ledger shows it: a person's full name ("Omran" ->
    "Khaled Omran"), else the source phrase without its apposition ("The
    Syrian Observatory for Human Rights, an opposition-linked monitor" -> "The
    Syrian Observatory for Human Rights")."""
    if head is not None and _is_name(head):
        run = next((r for r in _name_runs(doc) if r[0] <= head.i < r[1]), None)
        name = run[2] if run is not None else head.text
        return _full_name(doc, name, head)
    if head is not None:
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and _is_name(child):
                # "Syria's chief of antiquities, Mamoun Abdulkarim"
                ent = next((e for e in doc.ents if e.start <= child.i < e.end), None)
                return _full_name(doc, ent.text if ent is not None else child.text, child)
    phrase = re.sub(r",?\s+quoted (?:in|by) .*$", "", phrase, flags=re.DOTALL)
    if head is not None and head.pos_ == "PROPN" and "," in phrase:
        return phrase.split(",", 1)[0].strip()
    return phrase


def _antecedent(
    named: list[tuple[int, str, str | None, str, Any]], pronoun: str, span: tuple[int, int]
) -> tuple[int, str, str | None, str, Any] | None:
    """The nearest earlier named speaker a pronoun can refer to: "he"/"she" a
    person or a singular noun, "it" an organisation, "they" anyone."""
    for entry in reversed(named):
        offset, _name, _ent, _desc, head = entry
        if offset >= span[0]:
            continue
        person = head is not None and (
            _is_name(head)
            or (head.pos_ == "NOUN" and head.tag_ == "NN" and is_person_role(head.lemma_))
        )
        if pronoun in _PERSONAL and not person:
            continue
        if pronoun == "it" and (person or (head is not None and head.tag_ in ("NNS", "NNPS"))):
            continue  # "it" is neither a person nor a plural ("Soldiers told him ...")
        return entry
    return None


_INDEFINITE = frozenset(("a", "an", "another", "one", "some", "any"))


def _person_mentions(
    item: AnalyzedArticle, mentions: Sequence[Mention], found: Sequence[Found]
) -> list[tuple[int, str, str | None, str, Any]]:
    """People the narration is about, as antecedents for a later "he said"
    besides the named speakers: subjects that are a person's name or a person
    noun ("the soldier ... sent a photograph") and topics ("As for the
    soldier, he ..."), outside quotations, parenthetical asides and the
    sentences whose speaker is already named."""
    from storyline.claims.quotes import inside_quote, quote_regions

    doc = item.doc
    regions = list(
        per_doc(doc, "claims.quote_regions", lambda d: tuple(quote_regions(doc_text(d))))
    )
    spoken = {
        s.index
        for f in found
        if f.source is not None
        for s in [item.sentence_at(f.source[0])]
        if s is not None
    }
    out: list[tuple[int, str, str | None, str, Any]] = []
    for tok in doc:
        # a fronted "for" frames who the sentence is about ("As for the
        # soldier, he ...", "For Mr. Homsi, the day's events ...")
        prep = tok.head
        topic = (
            tok.dep_ == "pobj"
            and prep.lower_ == "for"
            and (prep.is_sent_start or (prep.i > 0 and doc[prep.i - 1].lower_ == "as"))
        )
        if tok.dep_ not in ("nsubj", "nsubjpass") and not topic:
            continue
        # a person noun counts when it is someone already met ("the soldier");
        # one just introduced ("An injured crew member is carried ...", a
        # photo caption on a held-out Multi-News report) is not yet whom the
        # next "he said" is about
        person_noun = (
            tok.pos_ == "NOUN"
            and tok.tag_ == "NN"
            and is_person_role(tok.lemma_)
            and not any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in tok.children)
        )
        named = _is_name(tok) if topic else tok.ent_type_ == "PERSON"
        if not (person_noun or named):
            continue
        if inside_quote(regions, tok.idx):
            continue
        sentence = item.sentence_at(tok.idx)
        if sentence is None or sentence.text.startswith("(") or sentence.index in spoken:
            continue
        end = tok.right_edge.idx + len(tok.right_edge)
        phrase = doc_text(doc)[tok.left_edge.idx : end]
        speaker = _speaker_name(doc, phrase, tok)
        description = "; ".join(x for x in (phrase, _description(doc, speaker)) if x)
        entity = _entity_at(mentions, item.id, (tok.idx, tok.idx + len(tok)))
        out.append((tok.idx, speaker, entity, description, tok))
    return out


#: Inner cues kept when a statement sits inside another one's content ("X said
#: that state media claimed ..."): verbs and nouns of assertion.  Inner
#: attitude verbs ("he could not understand how ...") are part of the outer
#: claim, not claims of their own.
_INNER_CUES = lexicons.words("claims/inner_cues")


#: Cues of perception, wish or intention: attributions in PolNeAR's sense,
#: but what follows them is not put forward as fact ("Some found it ominous
#: that ...", "he wants to ...").
_ATTITUDES = lexicons.words("claims/attitude_cues")


def _claim_statements(doc: Any, found: list[Found]) -> list[Found]:
    """The attributed statements that are checkable claims, each once.

    Bare-object contents ("endorsed Kasich") need a clause inside ("described
    officers fleeing"); a nested statement needs an assertive inner cue.
    """
    from storyline.claims.quotes import closest_cue

    # a quotation has one speaker in the ledger ("a woman asked for a photo and
    # Clinton said, “...”"); PolNeAR scoring keeps both cues (measured on
    # train: dropping the farther cue costs 0.01 source F1 there)
    found = closest_cue(found)
    out: list[Found] = []
    seen: set[tuple[tuple[int, int], ...]] = set()
    for item in found:
        if item.content in seen:
            continue
        if any(
            other is not item
            and other.cue == item.cue
            and len(other.content) > len(item.content)
            and set(item.content) <= set(other.content)
            for other in found
        ):
            continue  # a piece of a split quote reported whole elsewhere
        if item.kind in _OBJECT_KINDS and not any(
            t.pos_ == "VERB" and t.dep_ in ("acl", "relcl") and t.i > t.head.i
            for s in item.content
            for t in doc.char_span(*s, alignment_mode="expand")
        ):
            continue
        if doc[item.head].lemma_.lower() in _ATTITUDES:
            continue
        if not _is_statement(doc, item):
            continue
        if _reframed(doc, item):
            continue
        cue_start = item.cue[0] if item.cue is not None else item.content[0][0]
        nested = any(
            other is not item and any(s <= cue_start < e for s, e in other.content)
            for other in found
        )
        if nested and doc[item.head].lemma_.lower() not in _INNER_CUES:
            continue
        seen.add(item.content)
        out.append(item)
    return out


def _is_statement(doc: Any, found: Found) -> bool:
    """Is the content a statement rather than a bare phrase?

    Quoted words are the speaker's own and stay ("“Maybe 1,000 men.”"); other
    content needs a verb that is not a mere modifier.  A noun phrase ("the
    evaporated Syrian army", "more") is what an attribution is about ("the
    same can be said for ...", "talked about more"), not what it asserts."""
    for start, end in found.content:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return True
        for tok in span:
            if tok.text in QUOTE_TOKENS:
                return True
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound"):
                return True
    return False


def _reframed(doc: Any, item: Found) -> bool:
    """Does a cue that follows a statement have a content of its own after it
    ("Union officials say the ferry was carrying more than 450 people; the
    company says 312")?  Then the statement before it is another speaker's,
    not this cue's.  "..., officials said." with nothing after the cue does
    take what comes before it."""
    if item.kind == "according" or item.cue is None or item.cue[0] < item.content[-1][1]:
        return False
    verb = doc[item.head]
    told = item.addressee or (-1, -1)
    return any(
        c.dep_ in ("dobj", "ccomp", "attr")
        and c.idx >= item.cue[1]
        and not told[0] <= c.idx < told[1]  # "..., she told Meridian Press"
        and c.ent_type_ not in ("ORG", "PERSON")
        for c in verb.children
    )


#: Entity labels that rule out a person even for a proper-noun speaker.
_NOT_PERSON = frozenset(("ORG", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"))


def _is_name(token: Any) -> bool:
    """A person's name token.  The NER label alone is not trusted: an entity
    ruler fed by a gazetteer can tag a surname as a place ("Omran")."""
    return bool(
        token.ent_type_ == "PERSON"
        or (token.pos_ == "PROPN" and token.ent_type_ not in _NOT_PERSON)
    )


#: A proper-name run: (first token, end token, text, surname key, entity
#: type of its last token).  Plain data, not a span: a span holds its
#: document, which the per-document memo must not keep alive.
NameRun = tuple[int, int, str, str, str]


def _name_runs(doc: Any) -> tuple[NameRun, ...]:
    """Proper-name token runs ("Khaled Omran", "Khaled al-Homsi"), found once
    per document (the ledger asks for each claim)."""
    return per_doc(doc, "claims.name_runs", _find_name_runs)


def _find_name_runs(doc: Any) -> tuple[NameRun, ...]:
    runs: list[NameRun] = []
    i = 0
    while i < len(doc):
        if doc[i].pos_ == "PROPN" and not doc[i].is_stop:
            j = i
            while j + 1 < len(doc) and (
                doc[j + 1].pos_ == "PROPN"
                or (doc[j + 1].text in ("-", "al", "el", "bin", "abu") and j + 2 < len(doc))
            ):
                j += 1
            text = doc[i : j + 1].text
            runs.append((i, j + 1, text, _surname(text), doc[j].ent_type_))
            i = j + 1
        else:
            i += 1
    return tuple(runs)


def _full_name(doc: Any, speaker: str, head: Any) -> str:
    """'Omran' -> 'Khaled Omran', 'Mr. Homsi' -> 'Khaled al-Homsi' (the
    longest proper name in the article ending in the same surname)."""
    if head is None or not _is_name(head):
        return speaker
    key = _surname(speaker)
    best = speaker
    for start, end, text, surname, last_type in _name_runs(doc):
        if last_type in _NOT_PERSON:
            continue
        if surname == key and len(text) > len(best) and end - start <= 4:
            best = text
    return re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+", "", best)


def _description(doc: Any, name: str) -> str:
    """What the article says a named speaker is: appositions ("Khaled Omran, a
    member of the ... Committee"), the noun a name is attached to ("a Syrian
    activist ... who uses the name Khaled al-Homsi") and titles before it."""
    key = _surname(name)
    parts: list[str] = []
    for start, end, _, surname, _ in _name_runs(doc):
        if surname != key:
            continue
        run = doc[start:end]
        root = run.root
        for child in root.children:
            if child.dep_ == "appos":
                parts.append(doc_text(doc)[child.left_edge.idx : child.right_edge.idx + 1])
        if root.dep_ == "appos":
            parts.append(root.head.text)
        parts.extend(t.text for t in root.lefts if t.i < run.start)
        head = root
        for _ in range(4):
            if head.head.i == head.i:
                break
            head = head.head
            if head.pos_ == "NOUN":
                parts.append(" ".join(t.text for t in head.lefts) + " " + head.text)
                break
    return "; ".join(parts)


def _via(doc: Any, found: Found) -> str | None:
    """The agency credited: "told AFP", "speaking to AP", "quoted in Russia Today"."""
    text = doc_text(doc)
    candidates: list[tuple[int, int]] = []
    if found.addressee is not None:
        candidates.append(found.addressee)
    if found.kind not in ("according", "nominal", "colon"):
        verb = doc[found.head]
        for child in verb.children:
            if child.dep_ in ("advcl", "xcomp") and child.lemma_ in ("speak", "talk"):
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("to", "with"):
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                candidates.append(
                                    (pobj.left_edge.idx, pobj.right_edge.idx + len(pobj.right_edge))
                                )
    if found.source is not None:
        m = re.search(r"\bquoted (?:in|by) ((?:[A-Z][\w.’'-]*\s?)+)", text[slice(*found.source)])
        if m:
            candidates.append((found.source[0] + m.start(1), found.source[0] + m.end(1)))
    for start, end in candidates:
        phrase = text[start:end].strip()
        if source_type(phrase) == "outlet" or doc.char_span(
            start, end, alignment_mode="expand"
        ).root.ent_type_ in ("ORG",):
            return re.sub(r"^the\s+", "", phrase, flags=re.IGNORECASE)
    return None


def _entity_at(
    mentions: Sequence[Mention], article_id: str, span: tuple[int, int] | None
) -> str | None:
    if span is None:
        return None
    for m in mentions:
        if m.article_id == article_id and m.entity_id and m.start < span[1] and span[0] < m.end:
            return m.entity_id
    return None


def _framing(text: str, found: Found, sentence: Sentence | None) -> str:
    """The reporting around a claim's content: where refutation cues live."""
    start = sentence.start if sentence is not None else 0
    end = sentence.end if sentence is not None else len(text)
    first = found.content[0][0]
    last = found.content[-1][1]
    if found.cue is not None and found.cue[0] < first:
        return text[max(start, found.cue[0] - 120) : first]
    return text[last:end]


def _claims_of(
    item: AnalyzedArticle,
    entity_of: dict[int, str],
    mentions: Sequence[Mention],
    entities: dict[str, Entity],
) -> list[ClaimDraft]:
    from storyline.claims.attribution import find_attributions

    doc = item.doc
    text = doc_text(doc)
    drafts: list[ClaimDraft] = []
    named: list[tuple[int, str, str | None, str, Any]] = []  # (offset, name, entity, desc, head)
    counters: dict[str, int] = {}
    found_all = list(
        per_doc(
            doc,
            "claims.statements",
            lambda d: tuple(_claim_statements(d, find_attributions(d, nested=True))),
        )
    )
    persons = _person_mentions(item, mentions, found_all)
    for found in found_all:
        first = found.content[0][0]
        sentence = item.sentence_at(first) or item.sentence_at(found.content[0][1] - 1)
        if sentence is None:
            continue
        phrase = text[slice(*found.source)] if found.source is not None else None
        head = doc[found.source_head] if found.source_head is not None else None
        entity_id = _entity_at(mentions, item.id, found.source)
        speaker = phrase
        description = phrase or ""
        if phrase is not None and phrase.lower() in _PRONOUNS:
            span = found.source or (first, first)
            earlier = [p for p in persons if p[0] < sentence.start]
            pool = sorted(named + earlier, key=lambda entry: entry[0])
            antecedent = _antecedent(pool, phrase.lower(), span)
            if antecedent is not None:
                _, speaker, entity_id, description, head = antecedent
        elif phrase is not None:
            speaker = _speaker_name(doc, phrase, head)
            description = "; ".join(x for x in (phrase, _description(doc, speaker)) if x)
            if found.source is not None and not sentence.text.startswith("("):
                # a speaker in a parenthetical aside ("(Thirty-five soldiers
                # were buried ..., a resident said.)") does not take over the
                # "he" of the sentences around it
                named.append((found.source[0], speaker, entity_id, description, head))
        label = None
        if entity_id is not None and entity_id in entities:
            label = entities[entity_id].type
        elif head is not None and head.ent_type_:
            label = head.ent_type_
        stype: SourceType = source_type(speaker, description, label)
        pieces = [_clean(text[s:e]) for s, e in found.content]
        content = " … ".join(pieces)
        lo = min([found.content[0][0]] + [x[0] for x in (found.cue, found.source) if x])
        hi = max([found.content[-1][1]] + [x[1] for x in (found.cue, found.source) if x])
        hedges = list(hedges_in(text[lo:hi]))
        cue_text = text[slice(*found.cue)] if found.cue is not None else None
        cue_lemma = doc[found.head].lemma_.lower()
        if cue_lemma in ("claim", "allege") and "claimed" not in hedges:
            hedges.append("claimed")
        spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in found.content]
        feats = _merge_features([features(sp, entity_of) for sp in spans if sp is not None])
        numbers = tuple(q.label() for q in feats.numbers)
        k = counters.get(sentence.id, 0)
        counters[sentence.id] = k + 1
        claim = Claim(
            id=f"c-{sentence.id}-{k}",
            speaker=speaker,
            speaker_entity=entity_id,
            speaker_type=stype,
            cue=cue_text,
            content=content,
            hedged=bool(hedges),
            sentence_id=sentence.id,
            article_id=item.id,
            hedges=tuple(hedges),
            speaker_span=found.source,
            cue_span=found.cue,
            content_span=(found.content[0][0], found.content[-1][1]),
            via=_via(doc, found),
            numbers=numbers,
        )
        framing = _framing(text, found, sentence)
        drafts.append(
            ClaimDraft(
                claim=claim,
                article=item.article,
                features=feats,
                head_label=label,
                refuted=refutes_itself(framing),
                rival=rival_account(framing),
                sentence_index=sentence.index,
                hedges=hedges,
            )
        )
    _inherit_via(drafts)
    drafts.extend(_hedged_assertions(item, drafts, entity_of, counters))
    _attach_caveats(item, drafts)
    return drafts


#: Sentences over which "he said" after "X told Reuters" is taken to be the
#: same interview (the seed reports quote an interview over 1-3 sentences).
VIA_REACH = 3


def _inherit_via(drafts: list[ClaimDraft]) -> None:
    """Quotes that follow "X told Reuters" by the same speaker came through the
    same agency: they inherit its credit unless they name their own."""
    last: dict[str, tuple[int, str]] = {}
    for d in drafts:
        speaker = d.claim.speaker
        if speaker is None:
            continue
        if d.claim.via:
            last[speaker] = (d.sentence_index, d.claim.via)
            continue
        prior = last.get(speaker)
        if prior is not None and 0 <= d.sentence_index - prior[0] <= VIA_REACH:
            d.claim = replace(d.claim, via=prior[1])


def _merge_features(parts: list[Features]) -> Features:
    if len(parts) == 1:
        return parts[0]
    return Features(
        words=frozenset().union(*(p.words for p in parts)),
        predicates=tuple(x for p in parts for x in p.predicates),
        numbers=tuple(x for p in parts for x in p.numbers),
        entities=frozenset().union(*(p.entities for p in parts)),
        own_share=any(p.own_share for p in parts),
        agents=frozenset().union(*(p.agents for p in parts)),
    )


def _hedged_assertions(
    item: AnalyzedArticle,
    drafts: list[ClaimDraft],
    entity_of: dict[int, str],
    counters: dict[str, int],
) -> list[ClaimDraft]:
    """The outlet's own statements that it hedges ("The Islamic State is
    reportedly known for ..."): claims with no named speaker, typed ``unknown``,
    with the hedge word as the cue.  Unhedged narration is not a claim."""
    covered = {d.claim.sentence_id for d in drafts}
    out: list[ClaimDraft] = []
    for sentence in item.sentences:
        if sentence.id in covered:
            continue
        found = [h for h in hedges_in(sentence.text) if h in _SELF_HEDGES]
        if not found:
            continue
        span = item.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        feats = features(span, entity_of)
        k = counters.get(sentence.id, 0)
        counters[sentence.id] = k + 1
        claim = Claim(
            id=f"c-{sentence.id}-{k}",
            speaker=None,
            speaker_entity=None,
            speaker_type="unknown",
            cue=found[0],
            content=_clean(sentence.text),
            hedged=True,
            sentence_id=sentence.id,
            article_id=item.id,
            hedges=tuple(found),
            content_span=(sentence.start, sentence.end),
            numbers=tuple(q.label() for q in feats.numbers),
        )
        out.append(ClaimDraft(claim, item.article, feats, None, sentence_index=sentence.index))
    return out


#: Hedges that make an unattributed sentence a claim of unknown origin.
_SELF_HEDGES = frozenset(("reportedly", "allegedly", "purportedly", "rumoured", "unverified"))


_ANAPHORIC = re.compile(r"^(?:the|this|that|these|those|it|such|neither|none of)\b", re.IGNORECASE)


_CLAUSE_END = re.compile(r",\s+(?:and|but|while)\b|;")


def _leading_clause(sentence: Sentence, own: list[ClaimDraft]) -> str:
    """The sentence's first clause when every claim of the sentence starts
    after it, else ''."""
    end = _CLAUSE_END.search(sentence.text)
    if end is None:
        return ""
    starts = [
        span[0] - sentence.start
        for d in own
        for span in (d.claim.speaker_span, d.claim.cue_span, d.claim.content_span)
        if span is not None
    ]
    if not starts or min(starts) < end.end():
        return ""
    return sentence.text[: end.start()]


def _attach_caveats(item: AnalyzedArticle, drafts: list[ClaimDraft]) -> None:
    """A caveat sentence with no claim of its own ("The report about the prison
    could not immediately be confirmed independently.") qualifies the claims of
    the nearest earlier sentence that has any, within :data:`CAVEAT_REACH`.

    Only a caveat that points back does: its subject is anaphoric ("The
    report", "This", "It", "Those claims").  "Other reports were hard to
    confirm" and "There were conflicting reports about ..." point elsewhere."""
    with_claims = {d.sentence_index for d in drafts}
    for sentence in item.sentences:
        if not _ANAPHORIC.match(sentence.text):
            continue
        text = sentence.text
        if sentence.index in with_claims:
            # "The report could not be independently confirmed, and the company
            # said ...": the caveat is a clause of its own before the
            # sentence's claim, so it still points back
            text = _leading_clause(
                sentence, [d for d in drafts if d.sentence_index == sentence.index]
            )
            if not text:
                continue
        caveats = caveats_in(text)
        if not caveats:
            continue
        for back in range(1, CAVEAT_REACH + 1):
            target = sentence.index - back
            if target in with_claims:
                for d in drafts:
                    if d.sentence_index == target:
                        for c in caveats:
                            if c not in d.hedges:
                                d.hedges.append(c)
                break
    for d in drafts:
        if tuple(d.hedges) != d.claim.hedges:
            d.claim = replace(d.claim, hedges=tuple(d.hedges), hedged=True)


def extract_claims(
    analyzed: Sequence[AnalyzedArticle],
    entities: Sequence[Entity] = (),
    mentions: Sequence[Mention] = (),
    *,
    stories: Sequence[Story] = (),
    params: ClaimParams = DEFAULT_CLAIM_PARAMS,
) -> ClaimResult:
    """The claims ledger of a set of analysed reports.

    ``stories``: when given, claims are grouped and checked for conflicts
    only within a story.  ``params``: the grouping's thresholds (the shipped
    ones by default).

    Every attributed statement becomes a :class:`Claim` (speaker resolved,
    typed and linked to its entity when ``mentions`` cover it); claims that
    assert the same thing form a :class:`ClaimGroup` that counts its
    independent sources; groups that contradict each other are linked both
    ways.  Works without entities: speakers then stay text.
    """
    by_id = {e.id: e for e in entities}
    drafts: list[ClaimDraft] = []
    for item in analyzed:
        if item.doc is None:
            continue
        entity_of: dict[int, str] = {}
        for m in mentions:
            if m.article_id != item.id or not m.entity_id:
                continue
            span = item.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for tok in span:
                    entity_of[tok.i] = m.entity_id
        drafts.extend(_claims_of(item, entity_of, mentions, by_id))
    story_of = {aid: s.id for s in stories for aid in s.article_ids}
    claims, groups = group_claims(drafts, story_of, params)
    return ClaimResult(claims=tuple(claims), groups=tuple(groups))

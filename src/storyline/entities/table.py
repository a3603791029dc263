"""Mentions, the alias table and cross-document entity resolution.

:func:`resolve_entities` turns the named-entity mentions of analysed
articles into :class:`~storyline.records.Entity` records, across documents.
(The entity ruler that runs before ``ner`` is fed by
:mod:`storyline.analysis.ruler`; arbitrary mention spans, the evaluation API,
are clustered by :mod:`storyline.entities.coref`.)

Resolution, in order (all rules general, none lists a story's names):

0. the model's name spans are repaired first (:mod:`storyline.entities.spans`): a
   dateline city is a place, a name cut before a preposition's object or
   after a particle continues, lowercase words and credit lines are dropped,
   "the village of X", a job-title apposition or a sect word types the name,
   and that type spreads to the name's other mentions in the pile;
1. every mention gets a *key*: the alias table's canonical name when it is a
   known alias (ISIL -> Islamic State), else its transliteration key
   (:func:`storyline.text.names.compact_key`: Abdul-Karim = Abdulkarim,
   al-Assad = Assad, Tadmour = Tadmor);
2. mentions with the same kind (person / organisation / place / group) and key
   are one entity, within and across documents;
3. a one-word person mention ("Omran said", "Mr. Assad") joins the full name
   whose last word it is: in the same document first, else across the
   collection when exactly one full name fits;
4. an acronym joins the organisation whose initials it spells, same document;
5. descriptions: an apposition or a title in front of a name ("Syria's chief
   of antiquities, Mamoun Abdulkarim"; "antiquities chief Mamoun Abdul-Karim")
   is recorded for that person, and a later noun phrase with the same content
   words ("Syria's antiquities chief") becomes a mention of the person (same
   document, or any document when the description has two or more content
   words and fits one person only).

Salience: ``sum(mention weights) * (articles mentioning / all articles)``,
divided by the largest value so the top entity has 1.0; a mention weighs 1,
plus 1 in the first two sentences of its article (the lede), and each title
that names the entity adds 2 (titles are not parsed, so they are searched for
the entity's names).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.entities.aliases import SHORT_ALIASES, canonical_alias
from storyline.entities.keys import clean_surface, mention_key
from storyline.entities.spans import PLACE_LABELS, repaired_spans
from storyline.records import AnalyzedArticle, Entity, Mention, Place
from storyline.text.docs import doc_text, per_doc
from storyline.text.names import compact_key, fold, name_tokens, skeleton
from storyline.text.unionfind import UnionFind

__all__ = ["EntityResult", "resolve_entities"]

#: Weights of the salience formula (module docstring).
LEDE_SENTENCES = 2
LEDE_WEIGHT = 1.0
TITLE_WEIGHT = 2.0


def _kind(label: str) -> str:
    """Labels that may name the same thing are compared with each other."""
    if label in PLACE_LABELS:
        return "place"
    return label


@dataclass(frozen=True, slots=True)
class EntityResult:
    """Entities of a pile of articles and every mention, linked by entity id."""

    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]


@dataclass
class _Mention:
    """A mention under resolution (mutable working copy)."""

    article: int
    start: int
    end: int
    text: str
    label: str
    sentence_index: int
    sentence_id: str | None
    tokens: list[str]
    key: str
    description: bool = False
    cluster: int = -1
    #: a strong type cue of this mention ("place", "group", "person"), see
    #: :func:`_repair_span`; :func:`_spread_cues` gives it to the same name
    cue: str = ""
    descriptions: set[frozenset[str]] = field(default_factory=set)


_DESCRIPTION_POS = frozenset({"NOUN", "PROPN", "ADJ"})


def _description_words(tokens: Sequence[Any]) -> frozenset[str]:
    return frozenset(
        skeleton(fold(t.lemma_))
        for t in tokens
        if t.pos_ in _DESCRIPTION_POS and not t.is_stop and t.is_alpha
    )


def _descriptions_of(doc: Any, start: int, end: int) -> set[frozenset[str]]:
    """Apposition and pre-name title of the person span doc[start:end]."""
    out: set[frozenset[str]] = set()
    span = doc[start:end]
    root = span.root
    inside = set(range(start, end))
    # "Mamoun Abdulkarim, Syria's chief of antiquities" / "..., the archaeologist"
    for child in root.children:
        if child.dep_ == "appos" and child.i not in inside and child.ent_type_ == "":
            words = _description_words(list(child.subtree))
            if words:
                out.add(words)
    # "Syria's chief of antiquities, Mamoun Abdulkarim" (the name is the apposition)
    if root.dep_ == "appos" and root.head.i not in inside and root.head.ent_type_ == "":
        head = root.head
        tokens = [t for t in head.subtree if t.i not in inside and t.i < start]
        words = _description_words(tokens)
        if words:
            out.add(words)
    # "Syria's antiquities chief Mamoun Abdul-Karim": words before the name in its NP
    before = [
        t for t in root.subtree if t.i < start and t.dep_ in ("compound", "amod", "poss", "nmod")
    ]
    if before:
        tokens = [t for t in doc[before[0].i : start] if t.ent_type_ != "PERSON"]
        words = _description_words(tokens)
        if words and any(t.pos_ == "NOUN" for t in tokens):
            out.add(words)
    return out


def _mentions_of(index: int, analyzed: AnalyzedArticle) -> list[_Mention]:
    doc = analyzed.doc
    out: list[_Mention] = []
    for start, end, label, cue in per_doc(
        doc, "entities.spans", lambda d: tuple(repaired_spans(d))
    ):
        span = doc[start:end]
        text = span.text
        if label == "ORG" and text in SHORT_ALIASES and text.upper() == span.sent.text.upper():
            continue  # "IS" in an all-capitals line is the verb
        sentence = analyzed.sentence_at(span.start_char)
        mention = _Mention(
            article=index,
            start=span.start_char,
            end=span.end_char,
            text=text,
            label=label,
            sentence_index=sentence.index if sentence else 0,
            sentence_id=sentence.id if sentence else None,
            tokens=name_tokens(clean_surface(text)),
            key=mention_key(text, label),
            cue=cue,
        )
        if not mention.key.replace("alias:", ""):
            continue
        if label == "PERSON":
            mention.descriptions = _descriptions_of(doc, start, end)
        out.append(mention)
    # A one-word "place" that is the surname of a person named in the same
    # article is that person ("Khaled Omran ... Omran said": Omran is also a
    # Yemeni governorate, and the ruler does not know who is speaking).
    surnames = {skeleton(m.tokens[-1]) for m in out if m.label == "PERSON" and len(m.tokens) > 1}
    for m in out:
        if m.label in ("GPE", "LOC") and len(m.tokens) == 1 and skeleton(m.tokens[0]) in surnames:
            m.label = "PERSON"
            m.key = compact_key(clean_surface(m.text))
    return out


def _description_mentions(
    index: int, analyzed: AnalyzedArticle, taken: list[tuple[int, int]]
) -> list[tuple[_Mention, frozenset[str]]]:
    """Noun phrases without a name in them, with their description words."""
    doc = analyzed.doc
    out = []
    for chunk in doc.noun_chunks:
        if any(t.ent_type_ for t in chunk if t.ent_type_ in ("PERSON", "ORG")):
            continue
        root_char = chunk.root.idx
        if any(s <= root_char < e for s, e in taken):
            continue
        if chunk.root.pos_ != "NOUN" or chunk[0].lower_ in ("a", "an", "another", "some"):
            continue  # an indefinite phrase introduces someone new
        if chunk.root.tag_ in ("NNS", "NNPS"):
            continue  # "union officials" are several people, not the one described
        words = _description_words(list(chunk))
        if not words:
            continue
        sentence = analyzed.sentence_at(chunk.start_char)
        mention = _Mention(
            article=index,
            start=chunk.start_char,
            end=chunk.end_char,
            text=chunk.text,
            label="PERSON",
            sentence_index=sentence.index if sentence else 0,
            sentence_id=sentence.id if sentence else None,
            tokens=[],
            key="",
            description=True,
        )
        out.append((mention, words))
    return out


def _acronym(tokens: Sequence[str]) -> str:
    return "".join(t[0] for t in tokens if t and t not in ("of", "for", "and", "the"))


def _link(mentions: list[_Mention]) -> UnionFind:
    """Steps 2-4 of the module docstring over named mentions."""
    uf = UnionFind(len(mentions))
    first: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        # An alias key names its own kind (the model may call ISIL a GPE).
        k = ("alias", m.key) if m.key.startswith("alias:") else (_kind(m.label), m.key)
        if k in first:
            uf.union(first[k], i)
        else:
            first[k] = i
    # Full person names by last word, per article and overall.
    full_by_article: dict[tuple[int, str], set[int]] = defaultdict(set)
    full_overall: dict[str, set[int]] = defaultdict(set)
    for i, m in enumerate(mentions):
        if m.label == "PERSON" and len(m.tokens) > 1:
            last = skeleton(m.tokens[-1])
            full_by_article[(m.article, last)].add(uf.find(i))
            full_overall[last].add(uf.find(i))
    for i, m in enumerate(mentions):
        if len(m.tokens) != 1 or m.label not in ("PERSON", "ORG", "NORP"):
            continue
        last = skeleton(m.tokens[0])
        local = {uf.find(j) for j in full_by_article.get((m.article, last), ())}
        if len(local) == 1:
            uf.union(next(iter(local)), i)
        elif not local and m.label == "PERSON":
            overall = {uf.find(j) for j in full_overall.get(last, ())}
            if len(overall) == 1:
                uf.union(next(iter(overall)), i)
    # Acronyms: "SOHR" and "Syrian Observatory for Human Rights" in one article.
    orgs = [(i, m) for i, m in enumerate(mentions) if m.label == "ORG"]
    for i, m in orgs:
        if len(m.tokens) == 1 and m.text.isupper() and len(m.text) >= 2:
            for j, other in orgs:
                if (
                    other.article == m.article
                    and len(other.tokens) > 1
                    and _acronym(other.tokens) == m.text.lower()
                ):
                    uf.union(j, i)
                    break
    return uf


def _entity_id(name: str, label: str) -> str:
    digest = hashlib.sha1(f"{label}\x1f{name}".encode()).hexdigest()
    return "e-" + digest[:10]


def _canonical(members: list[_Mention]) -> str:
    named = [m for m in members if not m.description]
    for m in named:
        alias = canonical_alias(m.text)
        if alias is not None:
            return alias[0]
    counts = Counter(clean_surface(m.text) for m in named)
    best = max(counts, key=lambda s: (len(name_tokens(s)), not s.isupper(), counts[s], -len(s), s))
    if best.isupper() and _entity_type(members) in PLACE_LABELS and len(best) > 3:
        # a dateline ("BEIRUT, Lebanon —") is the only spelling of the place
        return " ".join(w.capitalize() for w in best.split(" "))
    return best


def _entity_type(members: list[_Mention]) -> str:
    named = [m for m in members if not m.description]
    labels = Counter(m.label for m in named)
    if not labels:
        return "PERSON"
    # A full name and its surname, however the model types the surname alone
    # ("Wladimir Klitschko" and 103 "Klitschko" the model calls NORP), is a
    # person.
    surnames = {skeleton(m.tokens[-1]) for m in named if m.label == "PERSON" and len(m.tokens) > 1}
    if surnames and all(
        m.label == "PERSON" or (len(m.tokens) == 1 and skeleton(m.tokens[0]) in surnames)
        for m in named
    ):
        return "PERSON"
    return labels.most_common(1)[0][0]


def _place_for(
    name: str, aliases: Sequence[str], context: Sequence[str]
) -> tuple[Place | None, bool]:
    from storyline.places.toponyms import resolve_place

    ambiguous = False
    for candidate in (name, *aliases):
        resolution = resolve_place(candidate, context=context)
        if resolution.place is not None:
            return resolution.place, False
        ambiguous = ambiguous or resolution.ambiguous
    return None, ambiguous


def resolve_entities(analyzed: Sequence[AnalyzedArticle]) -> EntityResult:
    """Cross-document entities of analysed articles (see the module docstring)."""
    mentions: list[_Mention] = []
    for index, item in enumerate(analyzed):
        if item.doc is not None:
            mentions.extend(_mentions_of(index, item))
    mentions = _join_split_person_names(mentions, analyzed)
    _spread_cues(mentions)
    _settle_kinds(mentions)
    _relabel_regions(mentions)
    uf = _link(mentions)
    # Descriptions recorded for each person cluster.
    described: dict[frozenset[str], set[int]] = defaultdict(set)
    described_local: dict[tuple[int, frozenset[str]], set[int]] = defaultdict(set)
    for i, m in enumerate(mentions):
        for words in m.descriptions:
            described[words].add(uf.find(i))
            described_local[(m.article, words)].add(uf.find(i))
    extra: list[tuple[_Mention, int]] = []
    if described:
        for index, item in enumerate(analyzed):
            if item.doc is None:
                continue
            taken = [(m.start, m.end) for m in mentions if m.article == index]
            for mention, words in _description_mentions(index, item, taken):
                local = described_local.get((index, words), set())
                if len(local) == 1:
                    extra.append((mention, next(iter(local))))
                elif not local and len(words) >= 2 and len(described.get(words, ())) == 1:
                    extra.append((mention, next(iter(described[words]))))
    clusters: dict[int, list[_Mention]] = defaultdict(list)
    for i, m in enumerate(mentions):
        clusters[uf.find(i)].append(m)
    for mention, root in extra:
        clusters[root].append(mention)
    return _build_entities(analyzed, _merge_same_places(clusters))


def _join_split_person_names(
    mentions: list[_Mention], analyzed: Sequence[AnalyzedArticle]
) -> list[_Mention]:
    """Two adjacent one-word place mentions that together spell a person's
    full name found elsewhere in the pile are that person: "Petros Lagos, a
    union official" at a paragraph start, where the ruler tagged both words
    as towns, is the Petros Lagos another report names."""
    people = {m.key for m in mentions if m.label == "PERSON" and len(m.tokens) > 1}
    if not people:
        return mentions
    out: list[_Mention] = []
    skip = False
    for m, nxt in zip(mentions, [*mentions[1:], None], strict=True):
        if skip:
            skip = False
            continue
        if (
            nxt is not None
            and nxt.article == m.article
            and m.label in ("GPE", "LOC")
            and nxt.label in ("GPE", "LOC")
            and len(m.tokens) == 1
            and len(nxt.tokens) == 1
        ):
            text = doc_text(analyzed[m.article].doc)
            between = text[m.end : nxt.start]
            joined = f"{m.text} {nxt.text}"
            if between == " " and compact_key(joined) in people:
                m.end, m.text, m.label = nxt.end, joined, "PERSON"
                m.tokens = name_tokens(joined)
                m.key = compact_key(joined)
                skip = True
        out.append(m)
    return out


_CUE_LABELS = {"place": "GPE", "group": "NORP", "person": "PERSON", "vessel": "PRODUCT"}
#: Labels a cue may overwrite on other mentions of the same name.
_CUE_REPLACES = {
    "place": frozenset({"PERSON", "ORG", "NORP"}),
    "group": frozenset({"PERSON", "ORG", "GPE", "LOC"}),
    "person": frozenset({"ORG"}),
    # a ship named after a town or a person leaves the town and the person alone
    "vessel": frozenset({"ORG", "PERSON", "NORP"}),
}


def _spread_cues(mentions: list[_Mention]) -> None:
    """A name that one mention's context types for sure ("the village of
    Fodele", "the Alawite community", "Irina Bokova, the director-general")
    has that type wherever the pile uses it, unless that name is also the last
    word of a person's full name."""
    cued: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if m.cue:
            cued[m.key][m.cue] += 1
    if not cued:
        return
    surnames = {
        skeleton(m.tokens[-1]) for m in mentions if m.label == "PERSON" and len(m.tokens) > 1
    }
    for m in mentions:
        votes = cued.get(m.key)
        if not votes or m.cue or m.key.startswith("alias:"):
            continue
        cue = votes.most_common(1)[0][0]
        if m.label not in _CUE_REPLACES[cue]:
            continue
        if cue != "person" and len(m.tokens) == 1 and skeleton(m.tokens[0]) in surnames:
            continue
        m.label = _CUE_LABELS[cue]


#: A one-word name typed as a person in some mentions and an organisation in
#: others takes the type of the majority when it has at least this many times
#: the minority's mentions (the demo's ferry: 11 ORG, 1 PERSON); closer
#: splits are left alone, they may be two things.
MAJORITY_RATIO = 2.0


def _settle_kinds(mentions: list[_Mention]) -> None:
    """One spelling, one type: the small model types a one-word name by its
    sentence ("the Lastivka was built" PERSON, "the ferry Lastivka" ORG)."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if len(m.tokens) == 1 and m.label in ("PERSON", "ORG") and not m.key.startswith("alias:"):
            labels[m.key][m.label] += 1
    surnames = {
        skeleton(m.tokens[-1]) for m in mentions if m.label == "PERSON" and len(m.tokens) > 1
    }
    for m in mentions:
        votes = labels.get(m.key)
        if not votes or len(votes) < 2 or len(m.tokens) != 1 or m.label not in votes:
            continue
        if skeleton(m.tokens[0]) in surnames:
            continue
        (top, n_top), (_, n_next) = votes.most_common(2)
        if n_top >= MAJORITY_RATIO * n_next:
            m.label = top


def _relabel_regions(mentions: list[_Mention]) -> None:
    """A one-word ORG or PERSON mention that names a first-level region of one
    of the story's own countries is that region ("off Crete" in a story placed
    by Heraklion and Piraeus; "Anbar" in one about Iraq).

    Region names stay out of the entity ruler, because many are also surnames
    or words (Omran, Amran, Centre), so the small model types them as it
    likes.  Here the story decides: the name must resolve, with the story's
    other places as context, to a region (not a city of the same name) in a
    country holding at least :data:`storyline.places.toponyms.MIN_STORY_SHARE` of the
    story's place mentions; and it must not be the last word of a person's
    full name anywhere in the pile.
    """
    from storyline.places.toponyms import MIN_STORY_SHARE, resolve_place, story_countries

    candidates = [
        m
        for m in mentions
        if m.label in ("ORG", "PERSON")
        and len(m.tokens) == 1
        and not m.key.startswith("alias:")
        and not m.text.islower()  # "al-Anbar" keeps its capital after the article
        and not m.text.isupper()
    ]
    if not candidates:
        return
    surnames = {
        skeleton(m.tokens[-1]) for m in mentions if m.label == "PERSON" and len(m.tokens) > 1
    }
    context = [clean_surface(m.text) for m in mentions if m.label in ("GPE", "LOC")]
    shares = dict(story_countries(context))
    verdict: dict[str, bool] = {}
    for m in candidates:
        name = clean_surface(m.text)
        if name not in verdict:
            place = None
            if skeleton(m.tokens[0]) not in surnames:
                place = resolve_place(name, context=context).place
            verdict[name] = (
                place is not None
                and place.precision == "region"
                and shares.get(place.country or "", 0.0) >= MIN_STORY_SHARE
            )
        if verdict[name]:
            m.label = "GPE"
            m.key = compact_key(name)
            m.descriptions = set()


def _merge_same_places(clusters: dict[int, list[_Mention]]) -> dict[int, list[_Mention]]:
    """Place clusters that the gazetteer resolves to one place are one entity:
    exonyms and transliterations the spelling rule cannot bridge
    (Heraklion / Iraklion, Germany / Deutschland) share a geonames id."""
    # facilities are placed at their town: a prison is not the town it is in
    places = {r: ms for r, ms in clusters.items() if _entity_type(ms) in ("GPE", "LOC")}
    # each place's name weighted by its mentions (named once per cluster: the
    # name of a 300-mention cluster was worked out 300 times)
    named = {r: _canonical(ms) for r, ms in places.items()}
    context = [named[r] for r, ms in places.items() for _ in ms]
    first_of: dict[object, int] = {}
    merged: dict[int, list[_Mention]] = {}
    for root, members in clusters.items():
        if root in places:
            place, _ = _place_for(named[root], (), context)
            if place is not None:
                # Regions have no geonames id: "al-Anbar" and "Anbar Province"
                # are the same region record.
                identity: object = place.geonameid or (place.precision, place.country, place.name)
                if identity in first_of:
                    merged[first_of[identity]].extend(members)
                    continue
                first_of[identity] = root
        merged[root] = list(members)
    return merged


def _build_entities(
    analyzed: Sequence[AnalyzedArticle], clusters: dict[int, list[_Mention]]
) -> EntityResult:
    total_articles = max(1, len(analyzed))
    drafts = []
    for members in clusters.values():
        name = _canonical(members)
        label = _entity_type(members)
        surfaces = sorted(
            {
                s
                for m in members
                if (s := clean_surface(m.text))
                and s != name
                # "HERAKLION" from a dateline is the name in capitals, not an alias
                and not (s.isupper() and s.casefold() == name.casefold())
            },
            # casefold alone ties "Opec" and "OPEC", left to set order (a
            # brief differed between two runs): the text breaks the tie
            key=lambda s: (s.casefold(), s),
        )
        article_ids = sorted({analyzed[m.article].id for m in members})
        weight = sum(
            1.0 + (LEDE_WEIGHT if m.sentence_index < LEDE_SENTENCES else 0.0) for m in members
        )
        names = [name, *[s for s in surfaces if len(s) > 2]]
        for item in analyzed:
            title = item.article.title or ""
            if title and any(n in title for n in names):
                weight += TITLE_WEIGHT
        raw = weight * len(article_ids) / total_articles
        drafts.append((name, label, surfaces, article_ids, raw, members))
    top = max((d[4] for d in drafts), default=1.0) or 1.0
    # Place names weighted by mentions: the story's main country dominates.
    context = [d[0] for d in drafts if d[1] in PLACE_LABELS for _ in d[5]]
    entities: list[Entity] = []
    out_mentions: list[Mention] = []
    used: set[str] = set()
    for name, label, surfaces, article_ids, raw, members in drafts:
        entity_id = _entity_id(name, label)
        suffix = 1
        while entity_id in used:  # two people called "Omran" the rules kept apart
            suffix += 1
            entity_id = f"{_entity_id(name, label)}-{suffix}"
        used.add(entity_id)
        place, ambiguous = None, False
        if label in PLACE_LABELS:
            where = list(surfaces)
            if label == "FAC" and " of " in name:
                # "the Roman Theater of Palmyra" is placed at its town
                where.append(name.rsplit(" of ", 1)[1])
            place, ambiguous = _place_for(name, where, context)
        entities.append(
            Entity(
                id=entity_id,
                name=name,
                type=label,
                aliases=tuple(surfaces),
                mentions=len(members),
                articles=tuple(article_ids),
                salience=round(raw / top, 4),
                place=place,
                ambiguous=ambiguous,
            )
        )
        for m in members:
            out_mentions.append(
                Mention(
                    article_id=analyzed[m.article].id,
                    sentence_id=m.sentence_id,
                    start=m.start,
                    end=m.end,
                    text=m.text,
                    label=label if m.description else m.label,
                    entity_id=entity_id,
                )
            )
    entities.sort(key=lambda e: (-e.salience, e.name))
    out_mentions.sort(key=lambda m: (m.article_id, m.start, m.end))
    return EntityResult(tuple(entities), tuple(out_mentions))

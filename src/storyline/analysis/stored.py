"""An article's analysis as the store keeps it: made once, read back without parsing.

:func:`analyse` is a pure function (articles in, :class:`StoredAnalysis` out)
over whatever pipeline :func:`storyline.analysis.nlp.analyze` runs, so it can
be shipped to another process; :func:`restore` turns a stored analysis back
into the :class:`AnalyzedArticle` the stages read, with the model's vocabulary
and no parsing.  The spaCy ``Doc`` is kept with ``Doc.to_bytes`` (the tensor
left out: no stage reads it, and it is most of the bytes), user data included.

:func:`analysis_version` names what made an analysis: the model package and its
installed version, spaCy's version, the pipeline's components and their config,
the entity ruler's patterns and :data:`RULES_VERSION`.  A stored analysis of
another version is stale: it is made again when read, or all at once by
``storyline reanalyse``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

from storyline.records import AnalyzedArticle, Article, Sentence, StoredAnalysis

#: Bump when a rule that shapes the stored analysis changes without a change
#: to the model or the pipeline's config (e.g. a custom component's code).
RULES_VERSION = 1

#: Doc fields not stored: the tok2vec tensor (no stage reads it; ~70 % of the bytes).
EXCLUDE = ("tensor",)


def analysis_version(nlp: Any = None) -> str:
    """A short digest naming the pipeline that makes the analyses (see the module doc)."""
    from storyline.analysis import nlp as analysis

    nlp = nlp if nlp is not None else analysis.load_nlp()
    cached = getattr(nlp, "_storyline_version", None)
    if isinstance(cached, str):
        return cached
    import importlib.metadata

    import spacy

    from storyline.analysis.model import MODEL_NAME, MODEL_PACKAGE
    from storyline.analysis.ruler import ruler_patterns

    try:
        installed = importlib.metadata.version(MODEL_NAME)
    except importlib.metadata.PackageNotFoundError:
        installed = "?"
    digest = hashlib.sha256()
    for part in (
        MODEL_PACKAGE,
        installed,
        spacy.__version__,
        json.dumps(nlp.pipe_names),
        nlp.config.to_str(),
        json.dumps(ruler_patterns(), sort_keys=True, default=str),
        str(RULES_VERSION),
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    version = "a" + digest.hexdigest()[:15]
    nlp._storyline_version = version  # once per loaded pipeline (a plain attribute)
    return version


def doc_bytes(doc: Any) -> bytes:
    """The Doc as stored: ``Doc.to_bytes`` with its strings in sorted order.

    spaCy writes a Doc's strings from a set, in an order that follows the
    process's string hashing, so the same parse gave different bytes in two
    processes (a Dask worker and the driver, or two runs); sorted, the same
    parse is the same bytes anywhere.
    """
    import srsly

    data = srsly.msgpack_loads(doc.to_bytes(exclude=list(EXCLUDE)))
    data["strings"] = sorted(data["strings"])
    return bytes(srsly.msgpack_dumps(data))


def to_stored(item: AnalyzedArticle, version: str) -> StoredAnalysis:
    """One analysed article as stored."""
    return StoredAnalysis(
        article_id=item.id,
        version=version,
        doc=doc_bytes(item.doc),
        sentences=tuple((s.start, s.end) for s in item.sentences),
    )


def analyse(
    articles: Sequence[Article],
    *,
    batch_size: int = 32,
    nlp: Any = None,
    on_error: Callable[[Article, Exception], None] | None = None,
) -> list[StoredAnalysis]:
    """Analyse articles with the pipeline of :func:`storyline.analysis.nlp.analyze`.

    With ``on_error``, an article whose analysis fails is handed to it with the
    exception and left out (the rest of the batch goes on); without it the
    error propagates.
    """
    from storyline.analysis import nlp as analysis

    nlp = nlp if nlp is not None else analysis.load_nlp()
    version = analysis_version(nlp)
    try:
        done = analysis.analyze(articles, batch_size=batch_size, nlp=nlp)
        return [to_stored(item, version) for item in done]
    except Exception:
        if on_error is None:
            raise
    # one article broke the batch: analyse one at a time to find it
    out: list[StoredAnalysis] = []
    for article in articles:
        try:
            (item,) = analysis.analyze([article], batch_size=1, nlp=nlp)
            out.append(to_stored(item, version))
        except Exception as exc:
            on_error(article, exc)
    return out


def sentences_of(article: Article, stored: StoredAnalysis) -> tuple[Sentence, ...]:
    """The article's sentences as its stored analysis split them."""
    text = article.text
    return tuple(
        Sentence(
            id=f"{article.id}/s{index}",
            article_id=article.id,
            index=index,
            start=start,
            end=end,
            text=text[start:end],
        )
        for index, (start, end) in enumerate(stored.sentences)
    )


def restore(article: Article, stored: StoredAnalysis, vocab: Any) -> AnalyzedArticle:
    """The analysed article the stages read, from its stored analysis (no parsing)."""
    from spacy.tokens import Doc

    doc = Doc(vocab).from_bytes(stored.doc)
    return AnalyzedArticle(article, sentences_of(article, stored), doc)

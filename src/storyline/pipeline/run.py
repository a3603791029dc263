"""The flow: bytes -> store -> articles -> dedupe -> analysis -> stories -> briefs.

Raw bytes go into the store before anything parses them; a parse failure is
recorded as an :class:`IngestError` and the batch goes on.  Briefs are made
per *arc* (a story and its earlier/later parts), since an arc is the ongoing
situation a reader follows; ``story_id`` narrows a brief to one story.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from storyline import ingest
from storyline.errors import InputError, StorylineError
from storyline.records import AnalyzedArticle, Article, Brief, IngestError, RawDocument, Story
from storyline.settings import DEFAULT, Settings
from storyline.store import Store

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)"""
Failure = Callable[[Article, str], None]
"""on_failure(article, reason): an article analysis could not take."""


def quarantining(store: Store, notify: Callable[[str], None] | None = None) -> Failure:
    """An ``on_failure`` that quarantines the article in ``store`` (every later
    run skips it, the reason recorded) and tells ``notify`` one line."""

    def failed(article: Article, reason: str) -> None:
        store.quarantine(article.id, reason)
        if notify is not None:
            notify(f"{article.origin}: {reason} (article {article.id} quarantined)")

    return failed


@dataclass
class IngestReport:
    """What one ingest call did."""

    articles: list[Article] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    new_documents: int = 0
    known_documents: int = 0
    #: inputs whose bytes were stored before (their articles are in the store)
    known_raw_ids: list[str] = field(default_factory=list)

    def merge(self, other: IngestReport) -> None:
        self.articles += other.articles
        self.errors += other.errors
        self.new_documents += other.new_documents
        self.known_documents += other.known_documents
        self.known_raw_ids += other.known_raw_ids


def articles_of(store: Store, report: IngestReport) -> list[Article]:
    """The articles of one ingest call's inputs: the newly parsed ones and,
    for inputs whose bytes were stored before, the articles stored for them."""
    ids = [a.id for a in report.articles]
    for raw_id in report.known_raw_ids:
        ids += [a.id for a in store.articles_of_raw(raw_id)]
    return store.articles(list(dict.fromkeys(ids)))


def quarantined_of(store: Store, report: IngestReport) -> list[str]:
    """One line per article of this ingest call that an earlier run quarantined
    (:func:`articles_of` leaves them out)."""
    held = {q.article_id: q for q in store.quarantined()}
    if not held:
        return []
    found = [a for raw_id in report.known_raw_ids for a in store.articles_of_raw(raw_id)]
    return [
        f"{a.origin}: skipped article {a.id}, quarantined on {held[a.id].at}: "
        f"{held[a.id].reason}"
        for a in [*report.articles, *found]
        if a.id in held
    ]


def ingest_raw(store: Store, raw: RawDocument) -> IngestReport:
    """Store the bytes, then parse them.  Known bytes are parsed again only if
    they never produced articles (so a fixed parser can recover them)."""
    report = IngestReport()
    if store.add_raw(raw):
        report.new_documents = 1
    else:
        report.known_documents = 1
        if store.has_articles_of(raw.id):
            report.known_raw_ids.append(raw.id)
            return report
    try:
        articles = ingest.parse(raw)
    except InputError as exc:
        error = IngestError(raw.origin, exc.reason, raw.id)
        store.add_error(error)
        report.errors.append(error)
        return report
    if not articles:
        error = IngestError(raw.origin, "no article text found", raw.id)
        store.add_error(error)
        report.errors.append(error)
        return report
    store.add_articles(articles)
    report.articles.extend(articles)
    return report


def ingest_paths(
    store: Store,
    paths: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    settings: Settings = DEFAULT,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files, folders, globs and ``-``; per-input errors are reported, not raised.

    Inputs are read one at a time (a folder of 10,000 files is never held in
    memory at once); the progress total is unknown (0) until the end.
    """
    report = IngestReport()
    sources = ingest.iter_sources(paths, stdin=stdin, max_bytes=settings.max_input_bytes)
    for done, item in enumerate(sources, start=1):
        if isinstance(item, IngestError):
            store.add_error(item)
            report.errors.append(item)
        else:
            report.merge(ingest_raw(store, item))
        if progress is not None:
            progress("ingest", done, 0)
    return report


def ingest_bytes(
    store: Store, name: str, data: bytes, *, settings: Settings = DEFAULT
) -> IngestReport:
    """Ingest one upload through the same path as a file on disk; ``name`` (the
    upload's file name) decides the format as a path's suffix would."""
    if not data:
        error = IngestError(name, "empty file")
        store.add_error(error)
        return IngestReport(errors=[error])
    if len(data) > settings.max_input_bytes:
        error = IngestError(
            name, f"too large: {len(data):,} bytes (limit {settings.max_input_bytes:,})"
        )
        store.add_error(error)
        return IngestReport(errors=[error])
    return ingest_raw(store, ingest.raw_document(data, name))


def analyze_articles(
    articles: Sequence[Article],
    *,
    settings: Settings = DEFAULT,
    progress: Progress | None = None,
    on_failure: Failure | None = None,
) -> list[AnalyzedArticle]:
    """Dedupe, then parse with spaCy (the slow part: progress per article).
    An article the model cannot take goes to ``on_failure`` and is left out
    (without one, :class:`~storyline.errors.ArticleError` is raised)."""
    from storyline.analysis import dedupe
    from storyline.analysis import nlp as analyze
    from storyline.timeline import events as timeline

    marked = dedupe.mark_duplicates(articles, params=settings.dedupe)
    total = len(marked)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress("analyse", done, total)

    lost: list[str] = []

    def failed(article: Article, reason: str) -> None:
        lost.append(article.id)
        if on_failure is not None:
            on_failure(article, reason)

    analyzed = analyze.analyze(
        marked,
        batch_size=settings.batch_size,
        n_process=settings.n_process,
        progress=tick,
        on_failure=failed if on_failure is not None else None,
    )
    if lost:  # a copy may have been marked as a copy of the article left out
        remarked = dedupe.mark_duplicates([a.article for a in analyzed], params=settings.dedupe)
        analyzed = [
            dataclasses.replace(a, article=m) for a, m in zip(analyzed, remarked, strict=True)
        ]
    return timeline.infer_dates(analyzed)


def analyse_pile(
    store: Store,
    articles: Sequence[Article],
    *,
    settings: Settings = DEFAULT,
    progress: Progress | None = None,
    on_failure: Failure | None = None,
) -> list[AnalyzedArticle]:
    """Dedupe, analyse once into the store, infer dates: the pile without its Docs.

    Articles are analysed in chunks and each analysis is written to the store
    at once (an analysis of the current version already there is reused), so
    memory holds one chunk of parses, not the pile's.  What comes back are the
    articles with their sentences and inferred dates but no spaCy ``Doc``:
    enough to cluster; :func:`with_docs` loads the Docs of the members a brief
    reads.  An article the model cannot take goes to ``on_failure`` and is left
    out (without one, the error is raised).
    """
    from storyline.analysis import dedupe
    from storyline.analysis import nlp as analysis
    from storyline.analysis.stored import analyse, analysis_version, sentences_of
    from storyline.timeline import events as timeline

    marked = dedupe.mark_duplicates(articles, params=settings.dedupe)
    nlp = analysis.load_nlp()
    version = analysis_version(nlp)
    chunk = max(settings.batch_size * 4, 64)
    light: list[AnalyzedArticle] = []
    for start in range(0, len(marked), chunk):
        part = marked[start : start + chunk]
        stored = store.analyses([a.id for a in part], version)
        todo = [a for a in part if a.id not in stored]
        if todo:
            made = analyse(
                todo,
                batch_size=settings.batch_size,
                nlp=nlp,
                on_error=None if on_failure is None else _failure_reason(on_failure),
            )
            store.save_analyses(made)
            stored.update((m.article_id, m) for m in made)
        light += [AnalyzedArticle(a, sentences_of(a, stored[a.id])) for a in part if a.id in stored]
        if progress is not None:
            progress("analyse", len(light), len(marked))
    if len(light) < len(marked):  # a copy may be marked as a copy of one left out
        remarked = dedupe.mark_duplicates([a.article for a in light], params=settings.dedupe)
        light = [dataclasses.replace(a, article=m) for a, m in zip(light, remarked, strict=True)]
    return timeline.infer_dates(light)


def _failure_reason(on_failure: Failure) -> Callable[[Article, Exception], None]:
    """An ``on_error`` for :func:`storyline.analysis.stored.analyse` that gives
    ``on_failure`` a reason a person can read."""

    def failed(article: Article, exc: Exception) -> None:
        on_failure(article, f"analysis failed: {type(exc).__name__}: {exc}")

    return failed


def with_docs(store: Store, items: Sequence[AnalyzedArticle]) -> list[AnalyzedArticle]:
    """The items with their spaCy Docs restored from the store (analysed now
    when missing or stale); dates, sentences and time expressions kept."""
    import dataclasses

    from storyline.analysis import nlp as analysis
    from storyline.analysis.stored import analyse, analysis_version, restore

    nlp = analysis.load_nlp()
    version = analysis_version(nlp)
    stored = store.analyses([i.id for i in items], version)
    missing = [i.article for i in items if i.id not in stored]
    if missing:
        made = analyse(missing, nlp=nlp)
        store.save_analyses(made)
        stored.update((m.article_id, m) for m in made)
    return [
        dataclasses.replace(i, doc=restore(i.article, stored[i.id], nlp.vocab).doc) for i in items
    ]


def choose_members(
    chain: Sequence[Story],
    limit: int,
    *,
    day: Callable[[str], int | None],
    centrality: Callable[[str], float],
) -> tuple[list[str], int]:
    """The article ids an arc's brief reads, and the arc's size.

    At most ``limit``: every story keeps its most central report, then half
    the limit goes to the most recent reports, the rest to the most central.
    """
    ids = [i for s in chain for i in s.article_ids]
    if len(ids) <= limit:
        return ids, len(ids)

    def recency(i: str) -> tuple[int, str]:
        found = day(i)
        return (found if found is not None else -1, i)

    chosen: dict[str, None] = {}
    for s in chain:  # every story of the arc is represented
        if s.article_ids:
            chosen[max(s.article_ids, key=lambda i: (centrality(i), i))] = None
    for i in sorted(ids, key=recency, reverse=True)[: limit // 2]:
        chosen[i] = None
    for i in sorted(ids, key=lambda i: (centrality(i), i), reverse=True):
        if len(chosen) >= limit:
            break
        chosen[i] = None
    keep = set(list(chosen)[:limit])
    return [i for i in ids if i in keep], len(ids)


def member_warning(read: int, size: int) -> list[str]:
    if read >= size:
        return []
    return [
        f"briefed from {read} of the {size} reports of this story "
        "(the most recent and the most central)"
    ]


def brief_pile(
    store: Store,
    light: Sequence[AnalyzedArticle],
    *,
    settings: Settings = DEFAULT,
    story_id: str | None = None,
    warnings: Sequence[str] = (),
    progress: Progress | None = None,
) -> Iterator[tuple[int, Brief]]:
    """One brief per arc of an analysed pile (or one for ``story_id``), each with
    the number of briefs to come, made one at a time: each arc's Docs are loaded
    from the store for its brief and dropped after it, so memory is bounded by
    the biggest arc read (``settings.pile_members`` reports at most), not by
    the pile."""
    from storyline.pipeline.assemble import assemble
    from storyline.stories import arcs as clustering

    stories, index = clustering.build_stories_with_index(light, params=settings.stories)
    if story_id is not None:
        chosen = [s for s in stories if s.id == story_id]
        if not chosen:
            known = ", ".join(s.id for s in stories) or "none"
            raise StorylineError(f"no story {story_id!r} in this input (stories: {known})")
        groups = [chosen]
    else:
        groups = arcs_of(stories)
    by_id = {a.id: a for a in light}
    for number, group in enumerate(groups, start=1):
        ids, size = choose_members(
            group,
            settings.pile_members,
            day=lambda i: index.counts_of(i)[1],
            centrality=index.centrality,
        )
        members = with_docs(store, [by_id[i] for i in ids if i in by_id])
        if progress is not None:
            progress("brief", number, len(groups))
        yield len(groups), assemble(
            members,
            settings=settings,
            stories=group,
            warnings=[*warnings, *member_warning(len(ids), size)],
        )


def arcs_of(stories: Sequence[Story]) -> list[list[Story]]:
    """Stories grouped by arc (a story with no arc is an arc of its own),
    biggest first."""
    groups: dict[str, list[Story]] = {}
    for story in stories:
        groups.setdefault(story.arc_id or story.id, []).append(story)
    arcs = list(groups.values())
    for arc in arcs:
        arc.sort(key=lambda s: (s.start or dt.date.max, s.id))
    arcs.sort(key=lambda arc: (-sum(len(s.article_ids) for s in arc), arc[0].id))
    return arcs


def briefs_for(
    analyzed: Sequence[AnalyzedArticle],
    *,
    settings: Settings = DEFAULT,
    story_id: str | None = None,
    warnings: Sequence[str] = (),
    progress: Progress | None = None,
) -> list[Brief]:
    """One brief per arc of the analysed input (or one for ``story_id``)."""
    from storyline.pipeline.assemble import assemble
    from storyline.stories import arcs as clustering

    stories = clustering.build_stories(analyzed, params=settings.stories)
    if story_id is not None:
        chosen = [s for s in stories if s.id == story_id]
        if not chosen:
            known = ", ".join(s.id for s in stories) or "none"
            raise StorylineError(f"no story {story_id!r} in this input (stories: {known})")
        groups = [chosen]
    else:
        groups = arcs_of(stories)
    by_id = {a.id: a for a in analyzed}
    briefs = []
    for number, group in enumerate(groups, start=1):
        ids = [i for s in group for i in s.article_ids]
        members = [by_id[i] for i in ids if i in by_id]
        if progress is not None:
            progress("brief", number, len(groups))
        briefs.append(assemble(members, settings=settings, stories=group, warnings=warnings))
    return briefs


def brief_all(
    analyzed: Sequence[AnalyzedArticle],
    *,
    settings: Settings = DEFAULT,
    warnings: Sequence[str] = (),
) -> Brief:
    """One brief over the whole input, with its stories listed."""
    from storyline.pipeline.assemble import assemble

    return assemble(analyzed, settings=settings, warnings=warnings)


def error_warnings(errors: Iterable[IngestError]) -> list[str]:
    return [f"{e.origin}: {e.reason}" for e in errors]


def update_briefs(
    store: Store, *, settings: Settings = DEFAULT, progress: Progress | None = None
) -> list[Story]:
    """Re-cluster everything in the store and rebuild every arc's brief."""
    articles = store.articles()
    if not articles:
        store.save_stories([])
        return []
    analyzed = analyze_articles(
        articles, settings=settings, progress=progress, on_failure=quarantining(store)
    )
    from storyline.pipeline.assemble import assemble
    from storyline.stories import arcs as clustering

    stories = clustering.build_stories(analyzed, params=settings.stories)
    store.save_stories(stories)
    by_id = {a.id: a for a in analyzed}
    arcs = arcs_of(stories)
    for number, arc in enumerate(arcs, start=1):
        members = [by_id[i] for s in arc for i in s.article_ids if i in by_id]
        brief = assemble(members, settings=settings, stories=arc)
        for story in arc:
            store.save_brief(story.id, brief)
        if progress is not None:
            progress("brief", number, len(arcs))
    return stories

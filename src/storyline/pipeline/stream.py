"""Follow a stream: store now, analyse once, update only what a report touches.

Writers (``POST /api/uploads``, ``POST /api/articles``, ``watch``) call
:func:`submit`: the bytes and the parsed articles are stored and a pending
job per new article is queued in the store; they return at once.  A
:class:`Worker` (a thread in ``serve``, the same loop in ``watch``) takes the
jobs in batches:

1. **analyse** each article once (:func:`storyline.analysis.stored.analyse`,
   kept in the store under the analysis version); an article whose analysis
   fails is quarantined with the reason (every later run skips it) and its
   job recorded as ``failed``;
2. **cluster**: the articles join or start stories in the persistent index
   (:class:`storyline.stories.live.LiveStories`); the touched stories are
   refined, and the new index rows, the touched stories (marked *dirty*), the
   events and the jobs' completion are written in one transaction;
3. **brief** each dirty arc from its stored analyses: at most
   ``Settings.brief_members`` reports (the most recent and the most central),
   the brief's warnings saying so.

After a crash or ``kill -9``, claimed jobs go back to pending on the next start
and dirty stories are briefed again: every write is keyed (analysis by
article, index row by article, brief by story), so redoing work duplicates
nothing.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.records import (
    AnalyzedArticle,
    Article,
    Brief,
    RawDocument,
    StoredAnalysis,
    Story,
)
from storyline.settings import DEFAULT, Settings
from storyline.store import Store

Progress = Callable[[str, int, int], None]

#: Jobs a worker takes at once (the bench replays batches of 50).
BATCH = 50
#: Parses a worker keeps between briefs (most recently briefed first), at
#: most this many and at most :data:`PARSED_TOKENS_KEPT` tokens in all: a
#: Reuters item's Doc is about 0.2 MB in memory, a long report's about 1 MB.
#: A batch of 50 re-briefs about 40 arcs of up to 40 members at 10,000
#: stored (bench/stream.py): with 1,000 (then 2,000) kept, 150 of a batch's
#: members had been evicted since their story's last brief.  Each 1,000
#: wire items kept cost about 160 MB.
PARSES_KEPT = 3000
#: Tokens of the kept parses in all (about 900 long reports, 3,000 wire items).
PARSED_TOKENS_KEPT = 900_000


def submit(store: Store, raw: RawDocument) -> Any:
    """Store the bytes and the parsed articles, queue the new articles; at once.

    Returns the :class:`storyline.pipeline.run.IngestReport`.
    """
    from storyline.pipeline.run import ingest_raw

    report = ingest_raw(store, raw)
    if report.articles:
        store.enqueue([a.id for a in report.articles])
    return report


@dataclass
class BatchReport:
    """What one worker step did, with its time split by stage."""

    articles: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    briefs: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def add_time(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - since
        return now


class Worker:
    """The one worker of a store: loads the story index once, then runs batches."""

    def __init__(self, store: Store, *, settings: Settings = DEFAULT) -> None:
        from storyline.stories.live import LiveStories

        self.store = store
        self.settings = settings
        self._nlp: Any = None
        self._version: str | None = None
        from storyline.store import worker_name

        #: this worker as a claimer of jobs (host:pid:token)
        self.name = worker_name()
        store.release_claimed()
        with store.cluster_lock():
            adopt(store, settings=settings)
            #: the index's generation this worker's memory matches
            self._generation = store.index_generation()
            self.live = LiveStories(params=settings.stories)
            self.live.load(store.story_docs(), store.story_heads(), store.retired_story_ids())
        #: stories being briefed right now (for pages: "updating")
        self.busy = threading.Event()
        #: restored parses by (article id, analysis version), see :meth:`analysed`
        self._parses: OrderedDict[tuple[str, str], AnalyzedArticle] = OrderedDict()

    # -- the model ---------------------------------------------------------
    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from storyline.analysis import nlp as analysis

            self._nlp = analysis.load_nlp()
        return self._nlp

    @property
    def version(self) -> str:
        if self._version is None:
            from storyline.analysis.stored import analysis_version

            self._version = analysis_version(self.nlp)
        return self._version

    # -- one step ----------------------------------------------------------
    def step(self, limit: int = BATCH) -> BatchReport:
        """Claim up to ``limit`` jobs, analyse, cluster, then brief what is dirty."""
        report = BatchReport()
        jobs = self.store.claim(limit, worker=self.name)
        if jobs:
            self.busy.set()
            try:
                self._run_jobs(jobs, report)
            except BaseException:
                self.reload()  # the store holds the truth; memory may be ahead of it
                raise
        if jobs or self._has_dirty():
            self.busy.set()
            self.brief_dirty(report)
        self.busy.clear()
        return report

    def _has_dirty(self) -> bool:
        return bool(self.store.dirty_stories())

    def reload(self) -> None:
        """Load the story index again from the store (after another writer)."""
        self.store.release_claimed()
        with self.store.cluster_lock():
            self._load_index()

    def _load_index(self) -> None:
        from storyline.stories.live import LiveStories

        self._generation = self.store.index_generation()
        self.live = LiveStories(params=self.settings.stories)
        self.live.load(
            self.store.story_docs(), self.store.story_heads(), self.store.retired_story_ids()
        )

    def _run_jobs(self, jobs: Sequence[tuple[int, str]], report: BatchReport) -> None:
        from storyline.analysis.stored import analyse

        started = time.perf_counter()
        job_of = {article_id: job for job, article_id in jobs}
        articles = self.store.articles(list(job_of))
        missing = set(job_of) - {a.id for a in articles}
        held = self.store.quarantined_ids() if missing else set()
        for article_id in sorted(missing):
            reason = "quarantined" if article_id in held else "the article is not in the store"
            self.store.fail_job(job_of[article_id], reason)
            report.failed.append((article_id, reason))
        known = self.store.analyses([a.id for a in articles], self.version)
        todo = [a for a in articles if a.id not in known]
        failed: dict[str, str] = {}

        def quarantine(article: Article, exc: Exception) -> None:
            failed[article.id] = _reason(exc)

        made = analyse(todo, batch_size=self.settings.batch_size, nlp=self.nlp, on_error=quarantine)
        if made:
            self.store.save_analyses(made)
        for article_id, reason in failed.items():
            # no retry would fix it: every later brief, restart and worker
            # skips it (a failed job alone would leave it to poison the next
            # brief of its story, which analyses missing members again)
            self.store.quarantine(article_id, reason)
            self.store.fail_job(job_of[article_id], reason)
            report.failed.append((article_id, reason))
        started = report.add_time("analyse", started)
        good = [a for a in articles if a.id not in failed]
        dated = self._dated_alone(good, {**known, **{m.article_id: m for m in made}})
        with self.store.cluster_lock():
            if self.store.index_generation() != self._generation:
                self._load_index()  # another worker clustered since: catch up
            changes = self.live.add(dated)
            self._commit(job_of, good, changes)
        report.articles += len(good)
        report.stories = [s.id for s in changes.stories]
        report.add_time("cluster", started)

    def _commit(self, job_of: dict[str, int], good: Sequence[Article], changes: Any) -> None:
        self.store.commit_stream_batch(
            done_jobs=[job_of[a.id] for a in good],
            docs=changes.docs,
            moved=changes.moved,
            stories=changes.stories,
            founders=changes.founders,
            removed=changes.removed,
            events=changes.events,
        )
        self._generation += 1
        if self.store.index_generation() != self._generation:
            self._generation = -1  # another worker committed in between: reload next time

    def _dated_alone(
        self, articles: Sequence[Article], stored: dict[str, StoredAnalysis]
    ) -> list[Article]:
        """Undated articles with the date inference gives them (as the batch path
        clusters them): from their own text, or read against the dated reports
        of the same batch; the brief infers again against its whole arc."""
        import dataclasses

        from storyline.analysis.dates import infer_one
        from storyline.analysis.stored import restore

        undated = [a for a in articles if a.published is None and a.id in stored]
        if not undated:
            return list(articles)
        vocab = self.nlp.vocab
        others = [
            restore(a, stored[a.id], vocab)
            for a in articles
            if a.published is not None and a.id in stored
        ]
        found: dict[str, Article] = {}
        for article in undated:
            inferred = infer_one(restore(article, stored[article.id], vocab), others)
            if inferred is not None:
                found[article.id] = dataclasses.replace(article, published=inferred.date)
        return [found.get(a.id, a) for a in articles]

    # -- briefs ------------------------------------------------------------
    def brief_dirty(self, report: BatchReport | None = None) -> int:
        """Brief every arc holding a dirty story; returns how many briefs."""
        report = report if report is not None else BatchReport()
        done: set[str] = set()
        count = 0
        for story in self.store.dirty_stories():
            if story.id in done:
                continue
            started = time.perf_counter()
            chain = self._chain(story)
            self.store.save_arc_brief([s.id for s in chain], self.brief_arc(chain, report))
            done.update(s.id for s in chain)
            count += 1
            report.add_time("brief", started)
        report.briefs += count
        return count

    def _chain(self, story: Story) -> list[Story]:
        """The stories of a story's arc as the worker knows them (records fresh)."""
        if story.id not in self.live.sids:
            return [story]  # stored by another path (a pile briefed by `storyline brief`)
        return [self.live.story(s) for s in self.live.arc_stories(story.id)]

    def members_for(self, chain: Sequence[Story]) -> tuple[list[str], int]:
        """The article ids an arc's brief reads (at most ``settings.brief_members``,
        see :func:`storyline.pipeline.run.choose_members`), and the arc's size."""
        from storyline.pipeline.run import choose_members

        live = self.live
        return choose_members(
            chain,
            self.settings.brief_members,
            day=lambda i: live.day(i) if i in live.index.docs else None,
            centrality=lambda i: live.centrality(i) if i in live.index.docs else 0.0,
        )

    def analysed(self, ids: Sequence[str]) -> list[AnalyzedArticle]:
        """The analysed articles, from the store; missing or stale ones are analysed
        now (and stored), failures left out.

        A report's parse is read back once and kept (with its time expressions)
        for the next briefs of its story: a story is re-briefed each time a
        report joins it, and its other members have not changed.
        """
        from storyline.analysis import dedupe
        from storyline.analysis.stored import analyse, restore
        from storyline.timeline import events as timeline

        # ingest order, as the batch path dedupes (the first copy is canonical)
        articles = self.store.articles(self.store.ingest_order(ids))
        kept = self._parses
        want = [a.id for a in articles if (a.id, self.version) not in kept]
        stored = self.store.analyses(want, self.version) if want else {}
        stale = [a for a in articles if a.id in want and a.id not in stored]
        if stale:
            fresh = analyse(stale, nlp=self.nlp, on_error=self._quarantine)
            self.store.save_analyses(fresh)
            stored.update((f.article_id, f) for f in fresh)
        vocab = self.nlp.vocab
        for a in articles:
            if a.id in stored:
                item = restore(a, stored[a.id], vocab)
                kept[(a.id, self.version)] = item
        marked = dedupe.mark_duplicates(
            [a for a in articles if (a.id, self.version) in kept], params=self.settings.dedupe
        )
        restored = []
        for a in marked:
            item = kept[(a.id, self.version)]
            kept.move_to_end((a.id, self.version))
            # the parse, sentences and time expressions depend on the text only
            restored.append(
                AnalyzedArticle(a, item.sentences, item.doc, timexes=item.timexes)
            )
        tokens = sum(len(item.doc) for item in kept.values() if item.doc is not None)
        while len(kept) > PARSES_KEPT or (tokens > PARSED_TOKENS_KEPT and len(kept) > len(ids)):
            _, dropped = kept.popitem(last=False)
            tokens -= len(dropped.doc) if dropped.doc is not None else 0
        return timeline.infer_dates(restored)

    def _quarantine(self, article: Article, exc: Exception) -> None:
        """An article whose analysis fails is kept out of every later brief."""
        self.store.quarantine(article.id, _reason(exc))

    def brief_arc(self, chain: Sequence[Story], report: BatchReport | None = None) -> Brief:
        from storyline.pipeline.assemble import assemble
        from storyline.pipeline.run import member_warning

        ids, size = self.members_for(chain)
        started = time.perf_counter()
        members = self.analysed(ids)
        if report is not None:
            report.add_time("load", started)
        warnings = member_warning(len(ids), size)
        chain, members = _dated(chain, members)
        return assemble(members, settings=self.settings, stories=chain, warnings=warnings)

    # -- loops ---------------------------------------------------------------
    def drain(self, *, limit: int = BATCH, progress: Progress | None = None) -> BatchReport:
        """Run steps until no job is pending and nothing is dirty."""
        total = BatchReport()
        while True:
            pending = self.store.job_counts().get("pending", 0)
            step = self.step(limit)
            total.articles += step.articles
            total.failed += step.failed
            total.briefs += step.briefs
            for stage, seconds in step.seconds.items():
                total.seconds[stage] = total.seconds.get(stage, 0.0) + seconds
            if progress is not None:
                progress("update", total.articles, total.articles + max(pending - limit, 0))
            if not step.articles and not step.briefs and not step.failed:
                return total

    def run(
        self, stop: threading.Event, *, wake: threading.Event | None = None, idle: float = 1.0
    ) -> None:
        """Work until ``stop`` is set; sleep ``idle`` seconds (or until ``wake``) when idle."""
        while not stop.is_set():
            try:
                step = self.step()
            except Exception:
                import logging

                logging.getLogger("storyline.worker").exception("worker step failed")
                step = BatchReport()
                time.sleep(idle)
            if step.articles or step.briefs or step.failed:
                continue
            if wake is not None:
                wake.wait(idle)
                wake.clear()
            else:
                stop.wait(idle)


def adopt(store: Store, *, settings: Settings = DEFAULT) -> None:
    """Bring a store made outside the stream into it (once): stories briefed as
    a pile get index rows under their ids, and articles never clustered nor
    queued (``storyline ingest``) are queued."""
    import json

    from storyline.stories.index import StoryIndex

    stories = store.unindexed_stories()
    if stories:
        features = StoryIndex(params=settings.stories)
        seq = store.next_doc_seq()
        docs: list[tuple[str, int, str, int | None, int | None, str]] = []
        founders: dict[str, str] = {}
        seen: set[str] = set()
        for story in stories:
            members = [a for a in store.articles(list(story.article_ids)) if a.id not in seen]
            for article in members:
                counts, day, hint = features.features_of(
                    article.text, article.title, article.published
                )
                docs.append((article.id, seq, story.id, day, hint, json.dumps(counts)))
                seen.add(article.id)
                seq += 1
            if members:
                founders[story.id] = members[0].id
        store.adopt_stories(docs, founders)
    waiting = store.unqueued_articles()
    if waiting:
        store.enqueue(waiting)


def reanalyse(
    store: Store,
    *,
    settings: Settings = DEFAULT,
    progress: Progress | None = None,
    chunk: int = 50,
) -> int:
    """Re-make every stale stored analysis with today's pipeline; returns how many."""
    from storyline.analysis import nlp as analysis
    from storyline.analysis.stored import analyse, analysis_version

    nlp = analysis.load_nlp()
    version = analysis_version(nlp)
    total = store.count_stale_analyses(version)
    done = 0
    after = ""
    while True:
        ids = store.stale_analyses(version, limit=chunk, after=after)
        if not ids:
            return done
        after = ids[-1]
        articles = store.articles(ids)
        made = analyse(
            articles,
            batch_size=settings.batch_size,
            nlp=nlp,
            on_error=lambda a, e: store.quarantine(a.id, _reason(e)),
        )
        store.save_analyses(made)
        done += len(ids)
        if progress is not None:
            progress("reanalyse", done, total)


def _reason(exc: Exception) -> str:
    """Why an article is quarantined: its analysis failure as one line (an
    :class:`ArticleError` says its reason)."""
    from storyline.errors import ArticleError

    if isinstance(exc, ArticleError):
        return f"analysis failed: {exc.reason}"
    return "analysis failed: " + " ".join(f"{type(exc).__name__}: {exc}".split())[:300]


def _dated(
    chain: Sequence[Story], members: Sequence[AnalyzedArticle]
) -> tuple[list[Story], list[AnalyzedArticle]]:
    """An arc's stories and members as the brief shows them, with the dates
    inferred over the members (as the batch path orders them): each story's
    articles by date, its start and end, the arc's stories by start."""
    import dataclasses
    import datetime as dt

    by_id = {m.id: m for m in members}

    def when(i: str) -> dt.date | None:
        found = by_id.get(i)
        return found.article.published if found is not None else None

    stories = []
    for story in chain:
        ids = sorted(story.article_ids, key=lambda i: (when(i) or dt.date.max, i))
        dated = [d for i in ids if (d := when(i)) is not None]
        stories.append(
            dataclasses.replace(
                story,
                article_ids=tuple(ids),
                start=min(dated) if dated else story.start,
                end=max(dated) if dated else story.end,
            )
        )
    order = {s.id: n for n, s in enumerate(chain)}
    stories.sort(key=lambda s: (s.start or dt.date.max, order[s.id]))
    ordered = [by_id[i] for s in stories for i in s.article_ids if i in by_id]
    return stories, ordered

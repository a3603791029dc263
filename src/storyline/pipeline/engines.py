"""Where per-article analysis runs: in this process, or on a Dask cluster.

Analysis is the costly step (a spaCy parse per article) and each article's
is independent of the others', so it is the step to spread over machines:
:func:`analyse_into_store` sends chunks of articles to an engine, each chunk
comes back as :class:`~storyline.records.StoredAnalysis` records (the parse as
bytes) and is written to the store as it arrives.  Everything after analysis
(stories, briefs) reads those stored analyses, so it runs the same whichever
engine made them.

* ``local``: this process, chunk after chunk.
* ``dask``: a Dask distributed cluster (``storyline[dask]``) at a scheduler
  address.  :func:`analyse_chunk` is a plain module-level function, shipped by
  reference; it loads the model through :func:`storyline.analysis.nlp.load_nlp`,
  which keeps it per process, so each worker loads the model once and keeps
  it for every chunk it is given.  Results are identical to the local engine's
  (same model, same code, the parse is deterministic; a test compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.errors import DependencyMissingError, StorylineError
from storyline.records import Article, StoredAnalysis

ENGINES = ("local", "dask")
#: Articles per chunk sent to an engine: big enough that a worker's parse is
#: batched, small enough that results stream back and memory stays low.
CHUNK = 64

Progress = Callable[[str, int, int], None]


@dataclass
class EngineReport:
    analysed: int = 0
    #: (article id, reason) of the articles whose analysis failed
    failed: list[tuple[str, str]] = field(default_factory=list)


Chunk = tuple[list[StoredAnalysis], list[tuple[str, str]]]


def analyse_chunk(articles: Sequence[Article]) -> Chunk:
    """Analyse articles with the process's model; (analyses, failures)."""
    from storyline.analysis.stored import analyse

    failed: list[tuple[str, str]] = []
    made = analyse(
        articles,
        on_error=lambda a, exc: failed.append((a.id, f"{type(exc).__name__}: {exc}")),
    )
    return made, failed


def _chunks(articles: Sequence[Article], size: int) -> Iterator[list[Article]]:
    for start in range(0, len(articles), size):
        yield list(articles[start : start + size])


def analyse_into_store(
    store: Any,
    articles: Sequence[Article],
    *,
    engine: str = "local",
    scheduler: str | None = None,
    chunk: int = CHUNK,
    progress: Progress | None = None,
) -> EngineReport:
    """Analyse the articles whose stored analysis is missing or stale, on
    ``engine``, writing each chunk's analyses to the store as they come."""
    from storyline.analysis.stored import analysis_version

    if engine not in ENGINES:
        raise StorylineError(f"unknown engine {engine!r} (one of: {', '.join(ENGINES)})")
    version = analysis_version()
    have = store.analyses([a.id for a in articles], version)
    todo = [a for a in articles if a.id not in have]
    report = EngineReport()
    results = (
        _run_local(todo, chunk) if engine == "local" else _run_dask(todo, chunk, scheduler)
    )
    for made, failed in results:
        store.save_analyses(made)
        report.analysed += len(made)
        report.failed += failed
        if progress is not None:
            progress("analyse", report.analysed + len(report.failed), len(todo))
    return report


def _run_local(
    articles: Sequence[Article], chunk: int
) -> Iterator[Chunk]:
    for part in _chunks(articles, chunk):
        yield analyse_chunk(part)


def _run_dask(
    articles: Sequence[Article], chunk: int, scheduler: str | None
) -> Iterator[Chunk]:
    if not scheduler:
        raise StorylineError(
            "the dask engine needs a scheduler address (--scheduler or $STORYLINE_DASK_SCHEDULER)"
        )
    try:
        from dask.distributed import Client, as_completed
    except ImportError as exc:
        raise DependencyMissingError("the dask engine", "'storyline[dask]'") from exc
    if not articles:
        return
    try:
        client = Client(scheduler, timeout=30)
    except OSError as exc:
        raise StorylineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    try:
        # pure=False: two chunks with equal articles are still two tasks
        futures = client.map(analyse_chunk, list(_chunks(articles, chunk)), pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()
    finally:
        client.close()

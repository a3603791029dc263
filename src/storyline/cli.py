"""Command line: thin commands over library functions.

Exit status: 0 all inputs read; 1 some inputs failed (the rest were briefed);
2 usage error; 3 nothing could be briefed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from storyline.errors import StorylineError
from storyline.settings import Settings

EXIT_SOME_FAILED = 1
EXIT_NOTHING = 3

db_option = click.option(
    "--db",
    default=lambda: os.environ.get("STORYLINE_DB", "storyline.db"),
    show_default="storyline.db or $STORYLINE_DB",
    metavar="PATH|URL",
    help="The store (raw bytes, articles, analyses, stories, briefs): a SQLite file, or a "
    "PostgreSQL URL (postgresql://user@host/db) for a server shared by several processes.",
)
progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Show progress bars on stderr (default: when stderr is a terminal).",
)


class Progress:
    """Progress bars on stderr, one per stage, via tqdm (a spaCy dependency)."""

    def __init__(self, enabled: bool | None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bars: dict[str, Any] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        bar = self._bars.get(stage)
        if bar is None:
            bar = self._bars[stage] = tqdm(total=total, desc=stage, unit="doc", file=sys.stderr)
        bar.total = total or None  # 0: not known yet
        bar.n = done
        bar.refresh()

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()
        self._bars.clear()


@contextmanager
def _errors_as_messages() -> Iterator[None]:
    try:
        yield
    except StorylineError as exc:
        click.echo(f"storyline: {exc}", err=True)
        sys.exit(EXIT_NOTHING)


def _report_errors(errors: list[Any]) -> None:
    from storyline.ingest import one_line

    for e in errors:
        click.echo(f"storyline: cannot read {one_line(e.origin)}: {one_line(e.reason)}", err=True)


def _report_quarantined(lines: list[str]) -> None:
    from storyline.ingest import one_line

    for line in lines:
        click.echo(f"storyline: {one_line(line)}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyline")
def main() -> None:
    """storyline: turn a pile of news reports into an attributed event brief.

    \b
    Typical use:
      storyline brief reports/            Markdown brief on stdout
      storyline brief reports/ -o out/    out/brief.json, brief.md, brief.html
      storyline stories today/            which stories are in a pile
      storyline serve                     web UI and HTTP API over the store
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write brief.json, brief.md and brief.html here (one folder per arc when the "
    "input holds several).",
)
@click.option("--story", "story_id", help="Brief only this story (an id from `storyline stories`).")
@click.option(
    "--one",
    is_flag=True,
    help="Brief the whole input as one pile instead of one brief per arc of stories.",
)
@click.option("--words", default=250, show_default=True, help="Summary length in words.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "html"]),
    default="md",
    show_default=True,
    help="What to print on stdout.",
)
@click.option(
    "--rewrite-url",
    envvar="STORYLINE_REWRITE_URL",
    metavar="URL",
    help="Rewrite the summary through this OpenAI-compatible endpoint (e.g. "
    "http://127.0.0.1:8080/v1; off by default). A rewrite its source sentences do not "
    "support is dropped and the extracted sentence kept. API key: $STORYLINE_REWRITE_KEY.",
)
@click.option(
    "--rewrite-model",
    envvar="STORYLINE_REWRITE_MODEL",
    metavar="NAME",
    help="The model name the rewrite endpoint serves.",
)
@db_option
@progress_option
def brief(
    paths: tuple[str, ...],
    out: Path | None,
    story_id: str | None,
    one: bool,
    words: int,
    fmt: str,
    rewrite_url: str | None,
    rewrite_model: str | None,
    db: str,
    progress: bool | None,
) -> None:
    """Brief the reports in PATHS (files, folders, globs, or - for stdin).

    Reads every input into the store (raw bytes first), splits digests into
    articles, groups the articles into stories and prints one brief per arc
    of stories: summary with sources, timeline, claims ledger, entities and
    places, sources table.
    """
    from storyline.pipeline import run as pipeline
    from storyline.store import Store

    bars = Progress(progress)
    try:
        settings = Settings(
            summary_words=words,
            rewrite_url=rewrite_url,
            rewrite_model=rewrite_model,
            rewrite_api_key=os.environ.get("STORYLINE_REWRITE_KEY"),
        )
    except StorylineError as exc:
        raise click.UsageError(str(exc)) from exc
    with _errors_as_messages():
        store = Store(db)
        report = pipeline.ingest_paths(
            store, list(paths), stdin=sys.stdin.buffer, settings=settings, progress=bars
        )
        _report_errors(report.errors)
        articles = pipeline.articles_of(store, report)
        held = pipeline.quarantined_of(store, report)
        _report_quarantined(held)
        if not articles:
            bars.close()
            click.echo("storyline: no article could be read from the input", err=True)
            sys.exit(EXIT_NOTHING)
        failed: list[str] = []
        light = pipeline.analyse_pile(
            store,
            articles,
            settings=settings,
            progress=bars,
            on_failure=pipeline.quarantining(store, failed.append),
        )
        _report_quarantined(failed)
        held += failed
        if not light:
            bars.close()
            click.echo("storyline: no article could be analysed", err=True)
            sys.exit(EXIT_NOTHING)
        warnings = pipeline.error_warnings(report.errors) + held
        briefs: Iterator[tuple[int, Any]]
        if one:
            whole = pipeline.with_docs(store, light)
            briefs = iter([(1, pipeline.brief_all(whole, settings=settings, warnings=warnings))])
        else:
            briefs = pipeline.brief_pile(
                store, light, settings=settings, story_id=story_id, warnings=warnings,
                progress=bars,
            )
        # each brief is kept, written and printed as it is made, then dropped,
        # so memory holds one arc's parses at a time
        for number, (total, b) in enumerate(briefs):
            # keep what was briefed, so `storyline serve --db` shows it
            store.add_stories(list(b.stories))
            for s in b.stories:
                store.save_brief(s.id, b)
            _emit_brief(b, number, total, out, fmt)
        bars.close()
    if report.errors or held:
        sys.exit(EXIT_SOME_FAILED)


def _emit_brief(b: Any, number: int, total: int, out: Path | None, fmt: str) -> None:
    """Write one brief under ``out`` (a folder per arc when there are several)
    and print it in ``fmt``."""
    from storyline import render

    if out is not None:
        name = b.stories[0].id if b.stories else f"arc-{number + 1}"
        folder = out if total == 1 else out / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "brief.json").write_text(b.to_json(), encoding="utf-8")
        (folder / "brief.md").write_text(render.to_markdown(b), encoding="utf-8")
        (folder / "brief.html").write_text(render.to_html(b), encoding="utf-8")
        click.echo(f"storyline: wrote {folder}/brief.json, brief.md, brief.html", err=True)
    if fmt == "json":
        text = b.to_json()
    else:
        text = render.to_markdown(b) if fmt == "md" else render.to_html(b)
    if number:
        click.echo("\n---\n" if fmt == "md" else "")
    click.echo(text)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--engine",
    type=click.Choice(["none", "local", "dask"]),
    default="none",
    show_default=True,
    help="Also analyse the articles now (the spaCy parse, kept in the store): here "
    "(local) or on a Dask cluster (dask). With none, analysis waits for the worker "
    "of `serve`/`watch` or for `brief`.",
)
@click.option(
    "--scheduler",
    envvar="STORYLINE_DASK_SCHEDULER",
    metavar="ADDRESS",
    help="Dask scheduler address for --engine dask (e.g. tcp://10.0.0.5:8786); "
    "default $STORYLINE_DASK_SCHEDULER.",
)
@progress_option
def ingest(
    paths: tuple[str, ...], db: str, engine: str, scheduler: str | None, progress: bool | None
) -> None:
    """Read reports into the store without briefing them.

    Raw bytes are stored under their SHA-256 first; ingesting the same file
    twice adds nothing.  Prints one line per input that could not be read.
    WARC files (.warc, .warc.gz) are read record by record, one report per
    HTML page.  With --engine, the articles are also analysed (on a Dask
    cluster with --engine dask), so the workers that cluster and brief them
    never parse them again.
    """
    from storyline.pipeline import run as pipeline
    from storyline.store import Store

    if engine == "dask" and not scheduler:
        raise click.UsageError(
            "--engine dask needs --scheduler ADDRESS (or $STORYLINE_DASK_SCHEDULER)"
        )
    bars = Progress(progress)
    analysed = ""
    with _errors_as_messages():
        store = Store(db)
        report = pipeline.ingest_paths(store, list(paths), stdin=sys.stdin.buffer, progress=bars)
        # queued for the stream's worker (`serve`, `watch`), which clusters and briefs
        store.enqueue([a.id for a in report.articles])
        if engine != "none":
            from storyline.pipeline.engines import analyse_into_store

            done = analyse_into_store(
                store,
                pipeline.articles_of(store, report),
                engine=engine,
                scheduler=scheduler,
                progress=bars,
            )
            for article_id, reason in done.failed:
                click.echo(f"storyline: cannot analyse {article_id}: {reason}", err=True)
            analysed = f"{done.analysed} analysed ({engine}), "
    bars.close()
    _report_errors(report.errors)
    click.echo(
        f"{report.new_documents} new document(s), {report.known_documents} already stored, "
        f"{len(report.articles)} article(s), {analysed}{len(report.errors)} error(s); "
        f"{store.count_articles()} article(s) in {store.where}"
    )
    if report.errors:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@click.argument("paths", nargs=-1)
@db_option
@progress_option
def stories(paths: tuple[str, ...], db: str, progress: bool | None) -> None:
    """List the stories in PATHS (or, with no PATHS, everything in the store):
    titles, sizes, dates and the arcs linking them."""
    from storyline.pipeline import run as pipeline
    from storyline.store import Store
    from storyline.stories import arcs as clustering

    bars = Progress(progress)
    with _errors_as_messages():
        store = Store(db)
        errors = []
        if paths:
            report = pipeline.ingest_paths(
                store, list(paths), stdin=sys.stdin.buffer, progress=bars
            )
            errors = report.errors
            articles = pipeline.articles_of(store, report)
            _report_quarantined(pipeline.quarantined_of(store, report))
        else:
            articles = store.articles()
        _report_errors(errors)
        if not articles:
            bars.close()
            click.echo("storyline: no articles", err=True)
            sys.exit(EXIT_NOTHING)
        held: list[str] = []
        analyzed = pipeline.analyze_articles(
            articles, progress=bars, on_failure=pipeline.quarantining(store, held.append)
        )
        _report_quarantined(held)
        if not analyzed:
            bars.close()
            click.echo("storyline: no article could be analysed", err=True)
            sys.exit(EXIT_NOTHING)
        found = clustering.build_stories(analyzed)
        bars.close()
    click.echo(clustering.format_stories(found, [a.article for a in analyzed]))
    if errors or held:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--interval", default=30.0, show_default=True, help="Seconds between polls.")
@click.option(
    "--once",
    is_flag=True,
    help="Poll once and exit: status 0 when every source was read, 1 when some "
    "inputs failed, 3 when no source could be read at all.",
)
@click.option(
    "--settle",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds a file's size and modification time must stay the same before it "
    "is read (a file still being written waits for a later poll).",
)
def watch(sources: tuple[str, ...], db: str, interval: float, once: bool, settle: float) -> None:
    """Watch folders and RSS/Atom feeds (paths or URLs); ingest what appears and
    update stories and briefs.  Resumes where it left off after a restart."""
    from storyline.ingest import one_line
    from storyline.pipeline import watch as watching

    with _errors_as_messages():
        report = watching.watch(
            list(sources),
            db=db,
            interval=interval,
            once=once,
            settle=settle,
            on_update=lambda line: click.echo(one_line(line)),
        )
    if report.sources and report.failed_sources == report.sources:
        click.echo("storyline: no source could be read", err=True)
        sys.exit(EXIT_NOTHING)
    if report.errors:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@db_option
@click.option(
    "--rebuild",
    is_flag=True,
    help="Then re-cluster the whole store and rebuild every brief (the full rebuild, "
    "as storyline did before it followed a stream; slow on a large store).",
)
@progress_option
def reanalyse(db: str, rebuild: bool, progress: bool | None) -> None:
    """Re-make every stored analysis that an older model, pipeline or rule set made.

    Each article's analysis (its spaCy parse and sentences) is kept in the store
    under an analysis version.  When the model or the rules change, stored
    analyses are stale: the worker refreshes one when a brief reads it; this
    command refreshes them all at once, then re-briefs the stories.
    """
    from storyline.pipeline import run as pipeline
    from storyline.pipeline import stream
    from storyline.store import Store

    bars = Progress(progress)
    with _errors_as_messages():
        store = Store(db)
        try:
            done = stream.reanalyse(store, progress=bars)
            if rebuild:
                stories = pipeline.update_briefs(store, progress=bars)
                store.reset_story_index()  # the next worker adopts the new stories
                count = len(stories)
            else:
                store.mark_all_dirty()
                worker = stream.Worker(store)
                worker.drain(progress=bars)
                count = store.count_stories()
        finally:
            bars.close()
            store.close()
    click.echo(f"storyline: {done} analyses refreshed; {count} stories briefed", err=True)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--token",
    default=lambda: os.environ.get("STORYLINE_TOKEN"),
    show_default="$STORYLINE_TOKEN",
    help="Token required by write endpoints (uploads).",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A host name the server answers to, besides IP addresses, localhost and the "
    "--host name (repeatable; .example.org covers its subdomains). Other Host headers "
    "get a 400, which stops DNS-rebinding pages.",
)
def serve(
    db: str, host: str, port: int, token: str | None, allowed_hosts: tuple[str, ...]
) -> None:
    """Serve the web UI and the HTTP API (OpenAPI at /docs) over the store."""
    try:
        from storyline.web import serve as serving
        from storyline.web.security import check_allowed_host
    except ImportError as exc:
        click.echo(
            f"storyline: the web UI needs its extra: pip install 'storyline[web]' ({exc})", err=True
        )
        sys.exit(EXIT_NOTHING)
    for name in allowed_hosts:
        try:
            check_allowed_host(name)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--allowed-host") from exc
    with _errors_as_messages():
        serving(db, host=host, port=port, token=token, allowed_hosts=list(allowed_hosts))


@main.command()
@db_option
@click.option(
    "--release",
    "releases",
    multiple=True,
    metavar="ARTICLE_ID",
    help="Let this article back in (repeatable): it is queued again, and the worker and "
    "the next brief read it (e.g. after an upgrade that can).",
)
def quarantine(db: str, releases: tuple[str, ...]) -> None:
    """List the quarantined articles (every stage skips them) with the reason, or
    release some.

    An article is quarantined when the language model cannot analyse it (so it
    cannot fail every later run again) or when a longer version of its file
    replaced it (a file read half-written by `watch`).  Its raw bytes and record
    stay in the store; releasing it is all it takes to let it back in.
    """
    from storyline.ingest import one_line
    from storyline.store import Store

    missing = []
    with _errors_as_messages(), Store(db) as store:
        for article_id in releases:
            if store.release(article_id):
                store.enqueue([article_id])
                click.echo(f"released {article_id}")
            else:
                missing.append(article_id)
                click.echo(f"storyline: {one_line(article_id)} is not quarantined", err=True)
        if not releases:
            held = store.quarantined()
            for item in held:
                replaced = f" (replaced by {item.superseded_by})" if item.superseded_by else ""
                click.echo(f"{item.article_id}\t{item.at}\t{one_line(item.reason)}{replaced}")
            click.echo(f"{len(held)} quarantined article(s) in {store.where}", err=True)
    if missing:
        sys.exit(EXIT_SOME_FAILED)


@main.command("copy-store")
@click.argument("source")
@click.argument("target")
@progress_option
def copy_store(source: str, target: str, progress: bool | None) -> None:
    """Copy the store SOURCE into the store TARGET (each a SQLite path or a
    PostgreSQL URL): e.g. a laptop's storyline.db onto a newsroom server.

    Rows TARGET already holds are kept, so an interrupted copy can be run
    again; nothing is ever duplicated.
    """
    from storyline.store import Store

    bars = Progress(progress)
    with _errors_as_messages(), Store(source) as src, Store(target) as dst:
        added = src.copy_into(dst, progress=bars)
        where = dst.where
    bars.close()
    copied = ", ".join(f"{n:,} {table}" for table, n in added.items() if n)
    click.echo(f"copied into {where}: {copied or 'nothing new'}")


if __name__ == "__main__":  # pragma: no cover
    main()

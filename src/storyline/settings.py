"""Settings in one object, checked once at construction."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.errors import StorylineError

#: Inputs above this size are refused before they are read: no news report
#: is 50 MB, and a mis-pointed path at a disk image should not eat the RAM.
MAX_INPUT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    summary_words: int = 250
    max_input_bytes: int = MAX_INPUT_BYTES
    batch_size: int = 32
    n_process: int = 1
    summarizer: str = "summarize.centroid.v2"  # = storyline.summary.extract.DEFAULT_ALGORITHM
    #: Optional abstractive rewrite of the summary (summary/rewrite.py): an
    #: OpenAI-compatible endpoint the user runs; off (None) unless set.
    rewrite_url: str | None = None
    rewrite_model: str | None = None
    rewrite_api_key: str | None = None

    def __post_init__(self) -> None:
        if self.summary_words <= 0:
            raise StorylineError(f"summary_words must be positive, got {self.summary_words}")
        if self.max_input_bytes <= 0:
            raise StorylineError("max_input_bytes must be positive")
        if self.batch_size <= 0 or self.n_process <= 0:
            raise StorylineError("batch_size and n_process must be positive")
        if self.rewrite_url is not None:
            if not self.rewrite_url.startswith(("http://", "https://")):
                raise StorylineError(
                    f"rewrite_url must be an http(s) URL, got {self.rewrite_url!r}"
                )
            if not self.rewrite_model:
                raise StorylineError(
                    "rewrite_url needs rewrite_model too (the model name the endpoint serves)"
                )


DEFAULT = Settings()

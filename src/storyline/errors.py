"""The error catalogue.

Every error a user can see is raised from here, with a code, the thing it is
about (usually a file) and the fix where there is one::

    StorylineError
    ├── InputError          one input could not be read or parsed (the batch goes on)
    ├── ArticleError        one stored article could not be analysed (quarantined, skipped)
    ├── ModelMissingError   a model package is not installed
    ├── DependencyMissingError  an optional extra is not installed
    └── StoreError          the store could not be opened or migrated
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base of all storyline errors."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(StorylineError):
    """One input (file, URL, stdin) could not be turned into articles."""

    code = "E100"

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ArticleError(StorylineError):
    """One article could not be analysed; the pipeline quarantines it and goes on."""

    code = "E110"

    def __init__(self, article_id: str, reason: str) -> None:
        super().__init__(f"article {article_id}: {reason}")
        self.article_id = article_id
        self.reason = reason


class ModelMissingError(StorylineError):
    code = "E200"

    def __init__(self, model: str, package: str, *, kind: str = "spaCy model") -> None:
        super().__init__(
            f"the {kind} {model!r} is not installed; install it with "
            f"`pip install {package}` (storyline never downloads models at run time)"
        )
        self.model = model
        self.package = package


class DependencyMissingError(StorylineError):
    code = "E201"

    def __init__(self, feature: str, install: str) -> None:
        super().__init__(f"{feature} needs an optional dependency: `pip install {install}`")
        self.feature = feature
        self.install = install


class StoreError(StorylineError):
    code = "E300"

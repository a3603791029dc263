"""Let a stage module double as the public function of the same name.

``storyline.brief``, ``storyline.summarize``, ``storyline.stance`` and
``storyline.cluster`` are
public functions *and* the names of stage modules.  Python binds a submodule
as an attribute of its package when it is imported, which would replace the
function.  Making the module itself callable keeps ``storyline.summarize(...)``
working whichever of the two the attribute holds.
"""

from __future__ import annotations

import inspect
import sys
import types
from collections.abc import Callable
from typing import Any


class _CallableModule(types.ModuleType):
    __storyline_call__: Callable[..., Any]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__storyline_call__(*args, **kwargs)


def make_callable(module_name: str, function: Callable[..., Any]) -> None:
    """Make ``sys.modules[module_name]`` callable as ``function`` (with its signature)."""
    module = sys.modules[module_name]
    module.__class__ = _CallableModule
    module.__storyline_call__ = function  # type: ignore[attr-defined]
    module.__signature__ = inspect.signature(function)  # type: ignore[attr-defined]

"""Records to JSON-ready values and back, and their JSON Schema, through pydantic.

One codec serves the store (articles, stories and briefs are kept as JSON),
the JSON brief and the HTTP API, so the three can never drift apart.  Each
record type gets one pydantic ``TypeAdapter``, built on first use and kept:
it serialises a record (dates become ISO strings, tuples become lists, fields
in declaration order), validates one back from its JSON form (unknown keys are
ignored, so a store written by older code still loads) and describes it as
JSON Schema.  The records stay frozen stdlib dataclasses; nothing here knows
which records exist.

Fields named ``doc`` or ``data`` hold in-memory handles or raw bytes, and
fields marked ``metadata={"json": False}`` hold caches; none is serialised.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

T = TypeVar("T")

#: Fields that hold in-memory handles or raw bytes, never part of the JSON form.
SKIP_FIELDS = frozenset({"doc", "data"})

#: pydantic's ``exclude`` argument: field names, or a mapping from a field
#: name to what to leave out inside it (``{"__all__": ...}`` for every item).
Exclude = set[str] | dict[str, Any]


_adapters: dict[Any, TypeAdapter[Any]] = {}
_skips: dict[type, frozenset[str]] = {}


def adapter(tp: Any) -> TypeAdapter[Any]:
    """The pydantic adapter of a record type (or of any type over records),
    built once: building one costs milliseconds, using it microseconds."""
    found = _adapters.get(tp)
    if found is None:
        found = _adapters.setdefault(tp, TypeAdapter(tp))
    return found


def _skipped(cls: type) -> frozenset[str]:
    found = _skips.get(cls)
    if found is None:
        names = (
            f.name
            for f in dataclasses.fields(cls)
            if f.name in SKIP_FIELDS or f.metadata.get("json") is False
        )
        found = _skips.setdefault(cls, frozenset(names))
    return found


def to_jsonable(value: Any, *, exclude: Exclude | None = None) -> Any:
    """A JSON-ready copy of a record (or of any nesting of records): what
    ``json.dumps`` writes as the record's JSON form."""
    tp = type(value)
    if dataclasses.is_dataclass(value) and _skipped(tp):
        skipped = _skipped(tp)
        if exclude is None:
            exclude = set(skipped)
        elif isinstance(exclude, dict):
            exclude = {**exclude, **dict.fromkeys(skipped, True)}
        else:
            exclude = set(exclude) | skipped
    return adapter(tp).dump_python(value, mode="json", exclude=exclude)


def from_dict(cls: type[T], data: Any) -> T:
    """Build record ``cls`` from its JSON form (unknown keys are ignored);
    raises ``pydantic.ValidationError`` (a ``ValueError``) naming what is wrong."""
    result: T = adapter(cls).validate_python(data)
    return result


class _Written(GenerateJsonSchema):
    """Schemas of what the codec writes: every field is always present, so in
    serialization mode every field is required (defaults included)."""

    def field_is_required(self, field: Any, total: bool) -> bool:
        if self.mode == "serialization":
            return True
        return super().field_is_required(field, total)


def json_schema(tp: Any) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON form of ``tp``."""
    schema: dict[str, Any] = adapter(tp).json_schema(
        mode="serialization", schema_generator=_Written
    )
    return schema

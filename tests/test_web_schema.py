"""Property-based run of schemathesis against the app's own OpenAPI schema.

Every operation is called with generated valid and invalid inputs; the app
must never answer 5xx, must answer only the status codes it documents, with
bodies that match its declared models.  The server has a token and the
generated requests carry none, so the write endpoints are exercised up to
their authentication (401), which keeps random bytes away from the language
pipeline; uploads themselves are covered in test_web_api.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from storyline.web import create_app
from tests.conftest_web import fill_store

#: Bounded so the whole run stays well under a minute on a shared 2-core box:
#: 13 operations x 25 examples took 18 s of CPU (about a minute of wall time
#: with the machine loaded 4x over), so 15 it is.
EXAMPLES = 15


def _app_over_fixture_store():  # type: ignore[no-untyped-def]
    """Built at import: schemathesis reads the schema when the module is
    collected (its fixture-based loader does not work under pytest 9)."""
    path = Path(tempfile.mkdtemp(prefix="storyline-schema-")) / "schema.db"
    fill_store(path).close()
    # schemathesis's ASGI client sends ``Host: testserver``
    return create_app(str(path), token="schema-token", allowed_hosts=["testserver"])


schema = schemathesis.openapi.from_asgi("/openapi.json", _app_over_fixture_store())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_honours_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_schema_conformance,
        ]
    )

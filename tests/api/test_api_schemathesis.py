"""A bounded schemathesis run against /openapi.json: no request the schema allows may give a 500.

Cases are drawn from each operation's hypothesis strategy (schemathesis' pytest plugin is not used).
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from sitroom.api import create_app  # noqa: E402

EXAMPLES_PER_OPERATION = 8


def test_no_server_errors_on_any_operation(filled_db):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(filled_db, read_only=True))
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            response = case.call()
            assert response.status_code < 500, (
                case.method,
                case.formatted_path,
                response.text[:300],
            )

        call()
        checked.append(operation.label)
    assert len(checked) >= 10  # every read, export and review route was exercised

"""In the LINE channel tests `gateway` and `make_gateway` are the gateway with LINE on, on the fake LINE API
(tests/fakes/fixtures.py's `line_gateway` and `make_line_gateway`; events are tests/fakes/line_events.py's)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.fakes.line_gateway import LineGateway


@pytest.fixture
def make_gateway(make_line_gateway: Callable[..., LineGateway]) -> Callable[..., LineGateway]:
    return make_line_gateway


@pytest.fixture
def gateway(line_gateway: LineGateway) -> LineGateway:
    return line_gateway

"""The staff console tests use the handoff tests' gateway, clock and console fixtures."""

from tests.gateway.handoff.conftest import (  # noqa: F401 (fixtures re-exported)
    FakeRasa,
    _fake_rasa_server,
    db_url,
    dead_url,
    fake_rasa,
    gateway,
    make_gateway,
    postgres_url,
)

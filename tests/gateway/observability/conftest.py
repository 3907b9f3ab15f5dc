"""The observability tests use the gateway tests' fake Rasa and client fixtures."""

from tests.gateway.conftest import (  # noqa: F401 (fixtures re-exported)
    FakeRasa,
    _fake_rasa_server,
    client,
    dead_url,
    fake_rasa,
    make_client,
)

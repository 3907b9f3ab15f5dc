"""The fuzz run uses the gateway tests' fake Rasa."""

from tests.gateway.conftest import _fake_rasa_server  # noqa: F401 (fixture re-exported)

"""Schemathesis against the gateway's OpenAPI schema: whatever a client sends to any operation, the gateway
answers without a 5xx (issue 14, "Done when"). Bounded and derandomized, so it runs in `make test` in about a
minute; `make fuzz` runs it with more examples (FUZZ_EXAMPLES).

The gateway runs for real (uvicorn in a thread, lifespan on) on the fake Rasa, with rate limits off. Requests
carry a staff session of a non-admin account (admin edits would write the knowledge files) and a chat
session's token, so the generated cases also reach the code behind authentication.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from gateway.app import create_app
from gateway.settings import PROJECT_ROOT, Settings
from tests.fakes.server import serve_in_thread

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
PASSWORD = "fuzzing-staff-password"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: operations whose successful answer never ends (Server-Sent Events): fuzzed with a short read timeout
STREAMING = re.compile(r"/stream$")


@pytest.fixture(scope="module")
def gateway(_fake_rasa_server, tmp_path_factory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("fuzz")
    knowledge = root / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge" / "content", knowledge)
    settings_ = Settings(
        _env_file=None,
        database_url=f"sqlite:///{root / 'gateway.db'}",
        rasa_url=_fake_rasa_server.url,
        action_server_url=_fake_rasa_server.url,
        knowledge_dir=knowledge,
        **{name: 0 for name in Settings.model_fields if name.startswith("rate_limit_per")
           or (name.startswith("rate_limit_") and name.endswith("_per_ip"))},
        rate_limit_tickets_per_ip_per_hour=0,
    )
    app = create_app(settings_)
    url, stop = serve_in_thread(app, lifespan="on")
    app.state.services.staff_accounts.create_user("fuzzer", PASSWORD, "staff", "測試")
    staff = httpx.post(f"{url}/api/staff/login", json={"username": "fuzzer", "password": PASSWORD}).json()["token"]
    chat = httpx.post(f"{url}/api/chat/session").json()
    try:
        yield {"url": url, "staff": staff, "chat": chat}
    finally:
        stop()


def _operations() -> list[Any]:
    """Every operation of the schema (read from an app built here; the calls go to the running gateway)."""
    loaded = schemathesis.openapi.from_dict(create_app(Settings(_env_file=None)).openapi())
    return [result.ok() for result in loaded.get_all_operations()]


OPERATIONS = _operations()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation.label for operation in OPERATIONS])
def test_no_operation_answers_a_server_error(operation, mode, gateway):
    """Schema-valid and schema-invalid requests of every operation: never a 5xx, errors in Chinese."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        _check(case, gateway)

    try:
        run()
    except Unsatisfiable:  # e.g. POST /api/chat/session takes nothing: no request is "invalid"
        pytest.skip(f"no {mode.value} request exists for {operation.label}")


def _check(case: Any, gateway: dict[str, Any]) -> None:
    token = gateway["staff"] if case.path.startswith("/api/staff") else gateway["chat"]["token"]
    headers = {"Authorization": f"Bearer {token}", **(case.headers or {})}
    streaming = bool(STREAMING.search(case.path))
    try:
        response = case.call(base_url=gateway["url"], headers=headers, timeout=2 if streaming else 30,
                             stream=streaming)
    except Exception as exc:  # a stream that stayed open is an answer, not a failure
        if streaming and "timed out" in str(exc).lower():
            return
        raise
    assert response.status_code < 500, (case.method, case.formatted_path, response.status_code,
                                         response.text[:300])
    if response.status_code >= 400 and "application/json" in response.headers.get("content-type", ""):
        body = response.json()
        error = body.get("error") if isinstance(body, dict) else None
        assert isinstance(error, str) and CJK.search(error), (case.formatted_path, response.text[:300])

"""The 3-second fault budget: with Rasa slow or down the user hears, within 3 s, that the service is busy and
which hotline to call; their message is kept."""

from __future__ import annotations

import time

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

from gateway.settings import Settings
from gateway.texts import load_texts
from knowledge import get_knowledge
from scripts.chat_client import ChatClient
from tests.fakes.server import serve_in_thread

DEFAULT_BUDGET = Settings.model_fields["rasa_timeout_seconds"].default


def test_the_default_budget_is_three_seconds() -> None:
    assert DEFAULT_BUDGET == 3


def _assert_busy_with_hotline(response: httpx.Response, started: float) -> str:
    assert time.monotonic() - started < 3.5
    assert response.status_code == 200
    (reply,) = response.json()["replies"]
    contact = get_knowledge().contact_for("inventory")
    assert reply["text"].startswith(load_texts().get("rasa_unavailable"))
    for part in (contact.phone_display, contact.name, contact.email):
        assert part in reply["text"]
    assert not reply.get("buttons")  # a 找專人 button would go to the Rasa that is down
    return reply["text"]


def test_slow_rasa_is_answered_within_the_budget_that_the_answer_is_coming(make_client, fake_rasa) -> None:
    fake_rasa.mode = "slow"
    fake_rasa.delay = 4.0
    web = ChatClient(make_client(rasa_timeout_seconds=DEFAULT_BUDGET))
    web.session("slow0")
    started = time.monotonic()
    response = web.post("slow0", "天然氣一度是多少")
    assert time.monotonic() - started < 3.5
    assert [r["text"] for r in response.json()["replies"]] == [load_texts().get("rasa_late")]


def test_slow_rasa_gets_the_hotline_within_the_budget_and_the_message_is_kept(make_client, fake_rasa) -> None:
    """With late replies off (RASA_LATE_REPLY_SECONDS=0) the budget's answer is the hotline."""
    fake_rasa.mode = "slow"
    fake_rasa.delay = 10.0
    web = ChatClient(make_client(rasa_timeout_seconds=DEFAULT_BUDGET, rasa_late_reply_seconds=0))
    web.session("slow1")

    started = time.monotonic()
    response = web.post("slow1", "天然氣一度是多少")

    text = _assert_busy_with_hotline(response, started)
    stored = web.messages("slow1")
    assert [(m["direction"], m["text"]) for m in stored] == [("in", "天然氣一度是多少"), ("out", text)]


def test_rasa_down_gets_the_hotline(make_client, dead_url) -> None:
    web = ChatClient(make_client(rasa_url=dead_url, rasa_timeout_seconds=DEFAULT_BUDGET))
    web.session("down1")
    started = time.monotonic()
    _assert_busy_with_hotline(web.post("down1", "你好"), started)


@pytest.fixture
def trickling_rasa() -> str:
    """A Rasa that answers at once but sends its body a byte every half second (httpx's read timeout, per
    read, never fires)."""

    async def webhook(request):  # type: ignore[no-untyped-def]
        async def body():  # type: ignore[no-untyped-def]
            import asyncio

            for byte in b'[{"text": "late"}]':
                yield bytes([byte])
                await asyncio.sleep(0.5)

        return StreamingResponse(body(), media_type="application/json")

    url, stop = serve_in_thread(Starlette(routes=[Route("/webhooks/rest/webhook", webhook, methods=["POST"])]))
    yield url
    stop()


def test_a_trickling_rasa_is_cut_at_the_budget_too(make_client, trickling_rasa) -> None:
    web = ChatClient(make_client(rasa_url=trickling_rasa, rasa_timeout_seconds=DEFAULT_BUDGET,
                                 rasa_late_reply_seconds=0))
    web.session("trickle1")
    started = time.monotonic()
    _assert_busy_with_hotline(web.post("trickle1", "你好"), started)

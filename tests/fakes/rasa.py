"""A fake Rasa server over real HTTP: the REST channel, the version page and /health (which the gateway also
asks of the action server), and a small PNG chart for image messages.

    fake = FakeRasa(); fake.url, stop = serve_in_thread(fake.app)   # the `fake_rasa` fixture does this
    fake.canned = [{"text": "好的"}]    # the next turns get these replies (``recipient_id`` added when missing)
    fake.canned = None                  # back to echoing
    fake.mode = "error"                 # 500 / "garbage" (200, not JSON) / "slow" (waits `delay`, then echoes)
    fake.down = True                    # 500 whatever the mode, until set back to False
"""

from __future__ import annotations

import asyncio
import io
import json
import time
from typing import Any

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from gateway.db import make_engine
from gateway.privacy.tracker_store import EVENTS

MODES = ("echo", "canned", "error", "garbage", "slow")


class FakeRasa:
    """Records every REST-channel request (``received``); answers according to ``mode``.

    modes: "echo" (one text message repeating what it got), "canned" (returns ``canned``), "error" (HTTP 500),
    "garbage" (200 with non-JSON), "slow" (sleeps ``delay`` seconds, then echoes). Setting ``canned`` to a list
    switches to "canned", setting it to None back to "echo". ``down``: HTTP 500 whatever the mode.
    With ``use_tracker_store(url)`` it also keeps every turn in a SQL tracker store as Rasa's SQLTrackerStore
    does (the ``events`` table: the user's text and the bot's replies in each row's JSON).
    """

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.mode = "echo"
        self._canned: list[dict[str, Any]] = []
        self.down = False
        self.delay = 0.0
        self.url = ""
        self.tracker: Engine | None = None
        self.app = Starlette(
            routes=[
                Route("/", self._root),
                Route("/health", self._health),
                Route("/chart.png", self._chart),
                Route("/webhooks/rest/webhook", self._webhook, methods=["POST"]),
            ]
        )

    @property
    def canned(self) -> list[dict[str, Any]]:
        return self._canned

    @canned.setter
    def canned(self, replies: list[dict[str, Any]] | None) -> None:
        self._canned = replies if replies is not None else []
        self.mode = "canned" if replies is not None else "echo"

    @property
    def chart_url(self) -> str:
        return f"{self.url}/chart.png"

    def reset(self) -> None:
        self.received.clear()
        self.mode = "echo"
        self._canned = []
        self.down = False
        self.delay = 0.0
        if self.tracker is not None:
            self.tracker.dispose()
        self.tracker = None

    def use_tracker_store(self, url: str) -> None:
        self.tracker = make_engine(url)
        EVENTS.create(self.tracker, checkfirst=True)

    def _track(self, sender: str, message: str, replies: list[dict[str, Any]]) -> None:
        """What Rasa's SQLTrackerStore writes for one turn: a user event, an action, the bot's utterances."""
        if self.tracker is None:
            return
        now = time.time()
        rows = [{"sender_id": sender, "type_name": "user", "timestamp": now, "intent_name": "faq",
                 "data": json.dumps({"event": "user", "text": message, "parse_data": {"text": message}})},
                {"sender_id": sender, "type_name": "action", "timestamp": now, "action_name": "action_listen",
                 "data": json.dumps({"event": "action", "name": "action_listen"})}]
        rows += [{"sender_id": sender, "type_name": "bot", "timestamp": now,
                  "data": json.dumps({"event": "bot", "text": reply.get("text")})}
                 for reply in replies]
        empty = {"intent_name": None, "action_name": None}
        with self.tracker.begin() as connection:
            connection.execute(EVENTS.insert(), [{**empty, **row} for row in rows])

    async def _root(self, request: Request) -> Response:
        return PlainTextResponse("Hello from Rasa: 3.6.21")

    async def _health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def _chart(self, request: Request) -> Response:
        return Response(_bar_chart_png(), media_type="image/png")

    async def _webhook(self, request: Request) -> Response:
        body = await request.json()
        self.received.append(body)
        if self.down or self.mode == "error":
            return PlainTextResponse("boom", status_code=500)
        if self.mode == "garbage":
            return PlainTextResponse("<html>not json</html>")
        if self.mode == "slow":
            await asyncio.sleep(self.delay)
        if self.mode == "canned":
            replies = [{"recipient_id": body["sender"], **reply} for reply in self._canned]
        else:
            replies = [{"recipient_id": body["sender"], "text": f"echo: {body['message']}"}]
        self._track(body["sender"], body["message"], replies)
        return JSONResponse(replies)


def _bar_chart_png() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(4, 2.4), dpi=80)
    axes.bar(["Scope 1", "Scope 2"], [12.3, 5617.0], color=["#f2a900", "#1f6b47"])
    axes.set_ylabel("t CO2e")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()

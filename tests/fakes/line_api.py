"""A local fake of the LINE Messaging API (reply and push), for the gateway's LINE channel tests.

It answers like LINE does, over real HTTP (uvicorn in a thread): it checks the Bearer token, validates the
request body against LINE's limits (1–5 messages, text ≤ 5,000 characters, ≤ 13 quick replies with labels
≤ 20 characters, https images, Flex altText…), refuses a reply token used twice or expired with 400
"Invalid reply token", and answers 409 to a push whose X-Line-Retry-Key it accepted before. It records every
call (headers, JSON, the status it answered) and can be told to fail the next calls with 500/429.

    fake = FakeLineApi(); fake.start()   # fake.url → LINE_API_BASE
    fake.fail_next(2, status=500)        # the next two calls get 500
    fake.expire_reply_tokens()           # every reply from now on: 400 Invalid reply token
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.fakes.server import serve_in_thread

REPLY_PATH = "/v2/bot/message/reply"
PUSH_PATH = "/v2/bot/message/push"
DEFAULT_TOKEN = "test-channel-access-token"


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: Any
    status: int

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", [])) if isinstance(self.body, dict) else []

    @property
    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages if m.get("type") == "text"]


@dataclass
class _Failure:
    status: int
    retry_after: int | None = None
    paths: tuple[str, ...] = (REPLY_PATH, PUSH_PATH)


@dataclass
class FakeLineApi:
    access_token: str = DEFAULT_TOKEN
    url: str = ""
    calls: list[Call] = field(default_factory=list)
    _failures: deque[_Failure] = field(default_factory=deque)
    _reply_tokens_expired: bool = False
    _used_reply_tokens: set[str] = field(default_factory=set)
    _accepted_retry_keys: set[str] = field(default_factory=set)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: Callable[[], None] | None = None

    # -- control ---------------------------------------------------------------------------------------------

    def start(self) -> FakeLineApi:
        self.url, self._stop = serve_in_thread(self._make_app())
        return self

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._failures.clear()
            self._reply_tokens_expired = False
            self._used_reply_tokens.clear()
            self._accepted_retry_keys.clear()

    def fail_next(
        self, count: int = 1, status: int = 500, retry_after: int | None = None, path: str | None = None
    ) -> None:
        """The next ``count`` reply/push calls (or only those to ``path``) get ``status``."""
        paths = (path,) if path else (REPLY_PATH, PUSH_PATH)
        with self._lock:
            self._failures.extend(_Failure(status, retry_after, paths) for _ in range(count))

    def recover(self) -> None:
        """Stop failing (forget the failures not yet used)."""
        with self._lock:
            self._failures.clear()

    def expire_reply_tokens(self) -> None:
        with self._lock:
            self._reply_tokens_expired = True

    # -- what was received -----------------------------------------------------------------------------------

    def calls_to(self, path: str, status: int | None = 200) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.path == path and (status is None or c.status == status)]

    @property
    def replies(self) -> list[Call]:
        """Reply calls LINE accepted."""
        return self.calls_to(REPLY_PATH)

    @property
    def pushes(self) -> list[Call]:
        """Push calls LINE accepted."""
        return self.calls_to(PUSH_PATH)

    # -- the API ---------------------------------------------------------------------------------------------

    def _make_app(self) -> FastAPI:
        app = FastAPI()

        @app.post(REPLY_PATH)
        async def reply(request: Request) -> JSONResponse:
            return await self._handle(request, REPLY_PATH)

        @app.post(PUSH_PATH)
        async def push(request: Request) -> JSONResponse:
            return await self._handle(request, PUSH_PATH)

        @app.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "DELETE"])
        async def other(request: Request, rest: str) -> JSONResponse:
            return self._record(
                request, "/" + rest, None, JSONResponse({"message": "Not found"}, status_code=404)
            )

        return app

    async def _handle(self, request: Request, path: str) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            body = None
        with self._lock:
            response = self._answer(request, path, body)
            return self._record(request, path, body, response, locked=True)

    def _record(
        self, request: Request, path: str, body: Any, response: JSONResponse, locked: bool = False
    ) -> JSONResponse:
        call = Call(path, {k.lower(): v for k, v in request.headers.items()}, body, response.status_code)
        if locked:
            self.calls.append(call)
        else:
            with self._lock:
                self.calls.append(call)
        return response

    def _answer(self, request: Request, path: str, body: Any) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {self.access_token}":
            return _error(
                401,
                "Authentication failed. Confirm that the access token in the authorization header is valid.",
            )
        failure = next((f for f in self._failures if path in f.paths), None)
        if failure is not None:
            self._failures.remove(failure)
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else None
            message = (
                "The API rate limit has been exceeded. Try again later."
                if failure.status == 429
                else "Internal error"
            )
            return _error(failure.status, message, headers=headers)
        problems = _validate(path, body)
        if problems:
            return _error(400, f"The request body has {len(problems)} error(s)", details=problems)
        if path == REPLY_PATH:
            token = body["replyToken"]
            if self._reply_tokens_expired or token in self._used_reply_tokens:
                return _error(400, "Invalid reply token")
            self._used_reply_tokens.add(token)
        else:
            key = request.headers.get("x-line-retry-key")
            if key and key in self._accepted_retry_keys:
                return _error(
                    409, "The retry key is already accepted", headers={"x-line-accepted-request-id": key}
                )
            if key:
                self._accepted_retry_keys.add(key)
        sent = [{"id": str(next(self._ids)), "quoteToken": f"q{n}"} for n, _ in enumerate(body["messages"])]
        return JSONResponse({"sentMessages": sent})


def _error(
    status: int,
    message: str,
    details: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    content: dict[str, Any] = {"message": message}
    if details:
        content["details"] = details
    return JSONResponse(content, status_code=status, headers=headers)


def _validate(path: str, body: Any) -> list[dict[str, str]]:
    """A subset of LINE's request validation: the limits the gateway must respect."""
    problems: list[dict[str, str]] = []

    def bad(prop: str, message: str) -> None:
        problems.append({"property": prop, "message": message})

    if not isinstance(body, dict):
        bad("", "must be a JSON object")
        return problems
    if path == REPLY_PATH and not body.get("replyToken"):
        bad("replyToken", "must be specified")
    if path == PUSH_PATH and not body.get("to"):
        bad("to", "must be specified")
    messages = body.get("messages")
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        bad("messages", "Size must be between 1 and 5")
        return problems
    for i, message in enumerate(messages):
        _validate_message(f"messages[{i}]", message, bad)
    return problems


def _validate_message(prop: str, message: Any, bad: Callable[[str, str], None]) -> None:
    if not isinstance(message, dict):
        bad(prop, "must be an object")
        return
    kind = message.get("type")
    if kind == "text":
        text = message.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= 5000:
            bad(f"{prop}.text", "Length must be between 1 and 5000")
    elif kind == "image":
        for key in ("originalContentUrl", "previewImageUrl"):
            url = message.get(key)
            if not isinstance(url, str) or not url.startswith("https://") or len(url) > 2000:
                bad(f"{prop}.{key}", "must be an https URL of at most 2000 characters")
    elif kind == "flex":
        alt = message.get("altText")
        if not isinstance(alt, str) or not 1 <= len(alt) <= 1500:
            bad(f"{prop}.altText", "Length must be between 1 and 1500")
        contents = message.get("contents")
        if not isinstance(contents, dict) or contents.get("type") not in ("bubble", "carousel"):
            bad(f"{prop}.contents", "must be a bubble or carousel")
    else:
        bad(f"{prop}.type", f"unsupported message type {kind!r}")
    quick = message.get("quickReply")
    if quick is None:
        return
    items = quick.get("items") if isinstance(quick, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= 13:
        bad(f"{prop}.quickReply.items", "Size must be between 1 and 13")
        return
    for j, item in enumerate(items):
        action = item.get("action") if isinstance(item, dict) else None
        where = f"{prop}.quickReply.items[{j}].action"
        if not isinstance(action, dict):
            bad(where, "must be specified")
            continue
        label = action.get("label")
        if not isinstance(label, str) or not 1 <= len(label) <= 20:
            bad(f"{where}.label", "Length must be between 1 and 20")
        if action.get("type") == "postback":
            data = action.get("data")
            if not isinstance(data, str) or not 1 <= len(data) <= 300:
                bad(f"{where}.data", "Length must be between 1 and 300")
            display = action.get("displayText")
            if display is not None and not 1 <= len(display) <= 300:
                bad(f"{where}.displayText", "Length must be between 1 and 300")
        elif action.get("type") == "message":
            text = action.get("text")
            if not isinstance(text, str) or not 1 <= len(text) <= 300:
                bad(f"{where}.text", "Length must be between 1 and 300")

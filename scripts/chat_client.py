"""A client of the gateway's web chat protocol, for tests, evaluation scripts and benchmarks.

The protocol (README "Security"): `POST /api/chat/session` gives a conversation ``{"sender", "token"}``; every
later request of it carries ``Authorization: Bearer <token>``; the live stream also takes ``?token=``.

`ChatClient` keeps one server-issued session per label the caller chooses (``"alice"``, ``"inventory-3"``), so
code can talk "as alice" without knowing ids::

    client = ChatClient("http://127.0.0.1:8000")      # or an httpx.Client / FastAPI TestClient
    replies = client.send("alice", "輔導資格是什麼")
    stored = client.messages("alice")

`open_session` / `session_headers` do the same for aiohttp (the load generator).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

SESSION_PATH = "/api/chat/session"
CHAT_PATH = "/api/chat"


class ChatError(RuntimeError):
    """The gateway did not answer 2xx; `response` has what it said."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"{response.request.method} {response.request.url.path}: HTTP {response.status_code} "
                         f"{response.text[:300]}")
        self.response = response


@dataclass(frozen=True)
class Session:
    sender: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return session_headers(self.token)

    @property
    def conversation_key(self) -> str:
        """The conversation's id in Rasa and in the store."""
        return f"web:{self.sender}"


def session_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class ChatClient:
    """Talks to one gateway as any number of web users, each label its own server-issued session."""

    def __init__(self, gateway: str | httpx.Client, timeout: float = 30.0) -> None:
        self._owned = isinstance(gateway, str)
        self.http = httpx.Client(base_url=gateway, timeout=timeout) if isinstance(gateway, str) else gateway
        self._sessions: dict[str, Session] = {}

    def close(self) -> None:
        if self._owned:
            self.http.close()

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- sessions ----------------------------------------------------------------------------------------------

    def new_session(self) -> Session:
        response = self.http.post(SESSION_PATH)
        if response.status_code != 201:
            raise ChatError(response)
        body = response.json()
        return Session(sender=body["sender"], token=body["token"])

    def session(self, who: str) -> Session:
        """The session of label `who`, asked for on first use."""
        if who not in self._sessions:
            self._sessions[who] = self.new_session()
        return self._sessions[who]

    def sender(self, who: str) -> str:
        return self.session(who).sender

    def headers(self, who: str) -> dict[str, str]:
        return self.session(who).headers

    def conversation_key(self, who: str) -> str:
        return self.session(who).conversation_key

    # -- the conversation --------------------------------------------------------------------------------------

    def post(self, who: str, text: str, message_id: str | None = None, **body: Any) -> httpx.Response:
        """`POST /api/chat` as `who`; the raw response (for tests of failures)."""
        payload: dict[str, Any] = {"sender": self.sender(who), "message": text, **body}
        if message_id is not None:
            payload["message_id"] = message_id
        return self.http.post(CHAT_PATH, json=payload, headers=self.headers(who))

    def send(self, who: str, text: str, message_id: str | None = None) -> list[dict[str, Any]]:
        """One turn as `who` (a fresh message id unless given); the bot's replies. ChatError unless 200."""
        return self.turn(who, text, message_id)["replies"]

    def turn(self, who: str, text: str, message_id: str | None = None) -> dict[str, Any]:
        """One turn as `who`: the whole answer, the replies with the stored ids (`message_id`, `reply_ids`)."""
        response = self.post(who, text, message_id or str(uuid.uuid4()))
        if response.status_code != 200:
            raise ChatError(response)
        return response.json()

    def get_messages(self, who: str, after: int = 0, limit: int | None = None) -> httpx.Response:
        params: dict[str, int] = {"after": after}
        if limit is not None:
            params["limit"] = limit
        return self.http.get(f"{CHAT_PATH}/{self.sender(who)}/messages", params=params, headers=self.headers(who))

    def messages(self, who: str, after: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """The stored messages of `who`'s conversation with id > `after`, oldest first."""
        response = self.get_messages(who, after, limit)
        if response.status_code != 200:
            raise ChatError(response)
        return response.json()

    def stream_path(self, who: str, after: int | None = None, *, token_in_query: bool = True) -> str:
        """The path of `who`'s live stream; with the token in the query (as EventSource sends it) by default,
        else send `headers(who)` along."""
        session = self.session(who)
        query: dict[str, str | int] = {}
        if after is not None:
            query["after"] = after
        if token_in_query:
            query["token"] = session.token
        return f"{CHAT_PATH}/{session.sender}/stream" + (f"?{urlencode(query)}" if query else "")


async def open_session(http: Any, base_url: str) -> Session:
    """A new session through an aiohttp ClientSession (the load generator)."""
    async with http.post(base_url.rstrip("/") + SESSION_PATH) as response:
        response.raise_for_status()
        body = await response.json()
    return Session(sender=body["sender"], token=body["token"])

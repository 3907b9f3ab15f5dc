"""Web chat sessions issued by the gateway: a random sender id and an HMAC token for it.

`POST /api/chat/session` hands out ``{"sender": <random id>, "token": <HMAC of the id>}``; every later request
of that conversation carries ``Authorization: Bearer <token>`` (the live stream, which EventSource opens without
headers, may carry ``?token=`` instead). The token is ``HMAC-SHA256(CHAT_TOKEN_SECRET, "web-chat:v1:" + id)``,
so the server keeps no session table: whoever holds the secret can check a token, nobody else can make one.

Rotating the secret: put the new one in CHAT_TOKEN_SECRET and the old one(s) in CHAT_TOKEN_SECRET_PREVIOUS
(comma-separated); tokens made with either are accepted, new ones are made with the new secret. Remove the old
secret later (or at once, when it leaked): the conversations signed with it can no longer be opened and their
widgets start new ones (README "Security").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: 18 random bytes: 144 bits, 24 URL-safe characters.
SENDER_BYTES = 18
#: What a server-issued sender id looks like (the pattern allows longer ids, should SENDER_BYTES grow).
SENDER_PATTERN = re.compile(r"[A-Za-z0-9_-]{24,64}")
#: The shortest secret accepted (32 characters: e.g. `python -c "import secrets; print(secrets.token_urlsafe(32))"`).
MIN_SECRET_CHARS = 32
_CONTEXT = b"web-chat:v1:"


@dataclass(frozen=True)
class ChatSession:
    sender: str
    token: str


class ChatSessions:
    """Issues and checks web chat sessions. One per app (`Services.chat_sessions`)."""

    def __init__(self, secret: str, previous: Sequence[str] = ()) -> None:
        self._keys = [key.encode("utf-8") for key in (secret, *previous)]

    @classmethod
    def from_settings(cls, secret: str | None, previous: str = "") -> ChatSessions:
        """The configured secrets; without one, a random secret for this process only (sessions then end when
        it stops, and several gateway processes would refuse each other's tokens: set CHAT_TOKEN_SECRET)."""
        if secret is None:
            log.warning("CHAT_TOKEN_SECRET is not set: web chat sessions are valid in this process only")
            secret = secrets.token_urlsafe(32)
        return cls(secret, [part.strip() for part in previous.split(",") if part.strip()])

    def issue(self) -> ChatSession:
        sender = secrets.token_urlsafe(SENDER_BYTES)
        return ChatSession(sender=sender, token=self._sign(self._keys[0], sender))

    def verify(self, sender: str, token: str | None) -> bool:
        """True when `token` was issued for `sender` under the current or a previous secret."""
        if not token or not token.isascii() or not SENDER_PATTERN.fullmatch(sender):
            return False
        return any(hmac.compare_digest(self._sign(key, sender), token) for key in self._keys)

    @staticmethod
    def _sign(key: bytes, sender: str) -> str:
        digest = hmac.new(key, _CONTEXT + sender.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

"""Who may use a web conversation: the holder of the token `POST /api/chat/session` issued for its sender.

Every `POST /api/chat`, `GET /api/chat/{sender}/messages` and `GET /api/chat/{sender}/stream` must carry
``Authorization: Bearer <token>`` for that sender; the stream may carry ``?token=`` instead (EventSource cannot
set headers). Anything else is refused with 401 and a Chinese message, before anything is read or stored.
The route dependencies that check it (`SessionSender`, `StreamSender`) are in gateway.deps.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Path, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator

from gateway.chat_sessions import ChatSessions
from gateway.errors import error_response
from gateway.schemas import MAX_SENDER_CHARS, check_sender

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="chat session",
    description="The token from POST /api/chat/session, as `Authorization: Bearer <token>`.",
)
MAX_TOKEN_CHARS = 128

PathSender = Annotated[str, Path(max_length=MAX_SENDER_CHARS), AfterValidator(check_sender)]


class ChatUnauthorized(Exception):
    """No token, or not the token of this sender."""


def require_session(sessions: ChatSessions, sender: str, token: str | None) -> str:
    """`sender` if `token` is its session token; ChatUnauthorized (401) otherwise."""
    if not sessions.verify(sender, token):
        raise ChatUnauthorized()
    return sender


def bearer_token(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials if credentials is not None else None


async def _unauthorized(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ChatUnauthorized)
    return error_response(401, request.app.state.services.texts.get("chat.unauthorized"),
                          headers={"WWW-Authenticate": "Bearer"})


def install(app: FastAPI) -> None:
    """The 401 handler (call in create_app; the sessions are built by gateway.composition)."""
    app.add_exception_handler(ChatUnauthorized, _unauthorized)

"""`GET /api/chat/{sender}/stream`: a web sender's stored messages as Server-Sent Events (live delivery).

The web widget keeps this stream open to see staff replies and late answers as they are stored.

Why the store is polled (about once a second) instead of notified in memory: several gateway processes may
serve one database, and a message stored by one of them (a staff reply from the console, a turn answered by
another worker) must reach a stream held by another. The database is the only thing they share.

Each event is ``id: <message id>`` and ``data: <the JSON of a GET /api/chat/{sender}/messages item>``. A
reconnecting EventSource sends ``Last-Event-ID``; the stream resumes after it (or after ``?after=``,
whichever is later), so nothing is lost or repeated across reconnections. Quiet streams get a comment line
every `StreamConfig.heartbeat_seconds` so that proxies keep them open.

A stream ends when the client goes away (Starlette cancels it) and when the server is stopping: uvicorn waits
for open connections before it finishes shutting down, so an endless stream would hang it. See
`server_is_stopping`.
"""

from __future__ import annotations

import json
import logging
import signal
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from gateway.conversation import WEB_CHANNEL, conversation_key, is_internal
from gateway.deps import StoreDep, StreamSender, per_ip
from gateway.schemas import AfterId
from gateway.store import MAX_ROW_ID, message_json

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/chat", tags=["chat"])

#: Name of an optional `threading.Event` on ``app.state``: set it to end every open stream, e.g. before
#: stopping a uvicorn server that runs in a thread (tests), where no signal handler tells us it is stopping.
STOPPING_STATE = "live_streams_stopping"


@dataclass(frozen=True)
class StreamConfig:
    """Timing of the stream. Override the `get_stream_config` dependency to change it (tests do)."""

    #: how often the store is asked for new messages
    poll_seconds: float = 1.0
    #: a comment line after this long without an event
    heartbeat_seconds: float = 15.0
    #: EventSource's reconnection delay, sent to the browser in the first event
    retry_ms: int = 3000
    #: messages read per query; a full batch is followed at once by the next one
    batch: int = 100


def get_stream_config() -> StreamConfig:
    return StreamConfig()


def server_is_stopping(app: FastAPI) -> bool:
    """True once the server was asked to stop.

    uvicorn does not tell the app before it waits for open connections (its lifespan shutdown comes after),
    so: an app-level event (`STOPPING_STATE`) set by whoever runs the app in-process, or else uvicorn's own
    `should_exit` flag, found through the SIGTERM handler uvicorn installs when it runs in the main thread
    (`python -m gateway`, `uvicorn gateway.app:create_app --factory`).
    """
    event = getattr(app.state, STOPPING_STATE, None)
    if event is not None and event.is_set():
        return True
    server = getattr(signal.getsignal(signal.SIGTERM), "__self__", None)
    return bool(getattr(server, "should_exit", False))


def _event_id(value: str | None) -> int:
    """The message id in a Last-Event-ID header; 0 when absent or not an id of ours."""
    if value is None or not value.strip().isascii() or not value.strip().isdigit():
        return 0
    number = int(value.strip())
    return number if number <= MAX_ROW_ID else 0


Config = Annotated[StreamConfig, Depends(get_stream_config)]


@router.get("/{sender}/stream", response_class=EventSourceResponse, dependencies=[per_ip("streams_per_ip")])
async def stream_messages(
    session: StreamSender,
    request: Request,
    store: StoreDep,
    config: Config,
    after: AfterId = 0,
    last_event_id: Annotated[str | None, Header(max_length=32)] = None,
) -> AsyncIterator[ServerSentEvent]:
    """Server-Sent Events: this conversation's stored messages with id > Last-Event-ID (or `after`), then
    every new one as it is stored; ``id`` is the message id, ``data`` the same JSON as
    ``GET /api/chat/{sender}/messages`` items. The token comes as a Bearer header or as ``?token=``."""
    sender = conversation_key(WEB_CHANNEL, session)
    cursor = max(after, _event_id(last_event_id))
    yield ServerSentEvent(comment="stream open", retry=config.retry_ms)
    last_sent = time.monotonic()
    while not server_is_stopping(request.app):
        try:
            rows = await run_in_threadpool(store.messages_after, sender, WEB_CHANNEL, cursor, config.batch)
        except SQLAlchemyError as exc:
            # Keep the stream: the messages are still in the database and come once it answers again.
            log.warning("live stream of a web conversation: store unavailable (%s)", type(exc).__name__)
            rows = []
        for row in rows:
            cursor = row.id
            item = message_json(row)
            if is_internal(item):  # markers for the gateway (dashboard, tickets), not for the user
                continue
            data = json.dumps(item, ensure_ascii=False)
            yield ServerSentEvent(id=str(row.id), raw_data=data)
        now = time.monotonic()
        if rows:
            last_sent = now
        elif now - last_sent >= config.heartbeat_seconds:
            yield ServerSentEvent(comment="heartbeat")
            last_sent = now
        if len(rows) < config.batch:
            await anyio.sleep(config.poll_seconds)

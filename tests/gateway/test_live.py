"""GET /api/chat/{sender}/stream: live delivery of a web sender's stored messages as Server-Sent Events.

What the widget relies on: every stored message arrives once, in order, with its id; a reconnection resumes
after Last-Event-ID; messages stored by anyone (a staff reply) arrive within a poll; quiet streams stay alive;
and an open stream never keeps the server from stopping.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy.exc import OperationalError

from gateway.app import create_app
from gateway.routes.live import STOPPING_STATE, StreamConfig, get_stream_config
from gateway.settings import PROJECT_ROOT, Settings
from gateway.store import ConversationStore
from tests.fakes.gateway import web_of

FAST = StreamConfig(poll_seconds=0.05, heartbeat_seconds=0.2, retry_ms=1500)
STAFF = {"from": "staff", "name": "范御羣"}


@dataclass
class Event:
    id: str | None = None
    data: str | None = None
    retry: int | None = None
    comments: list[str] = field(default_factory=list)


def read_events(
    lines: Iterator[str], until: Callable[[list[Event]], bool], timeout: float = 5.0
) -> list[Event]:
    """Parse SSE lines into events until `until(events)` holds; fail after `timeout` seconds.

    The streams under test send a heartbeat every 0.2 s, so a line always comes and the deadline is checked.
    """
    events: list[Event] = []
    current = Event()
    data_lines: list[str] = []
    deadline = time.monotonic() + timeout
    for line in lines:
        if line == "":
            if data_lines:
                current.data = "\n".join(data_lines)
            events.append(current)
            current, data_lines = Event(), []
            if until(events):
                return events
        elif line.startswith(":"):
            current.comments.append(line[1:].strip())
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "id":
                current.id = value
            elif name == "data":
                data_lines.append(value)
            elif name == "retry":
                current.retry = int(value)
        if time.monotonic() > deadline:
            break
    raise AssertionError(f"stream condition not met within {timeout}s; got {events!r}")


def message_events(events: list[Event]) -> list[Event]:
    return [e for e in events if e.data is not None]


def has_messages(count: int) -> Callable[[list[Event]], bool]:
    return lambda events: len(message_events(events)) >= count


def fast(client):
    client.app.dependency_overrides[get_stream_config] = lambda: FAST
    return client


def chat(client, who: str, text: str) -> None:
    web_of(client).send(who, text)


def stream(client, who: str, after: int | None = None) -> str:
    """The stream URL of `who`, with the token in the query as EventSource sends it."""
    return web_of(client).stream_path(who, after)


def listed(client, who: str) -> list[dict]:
    return web_of(client).messages(who)


# -- what the stream sends -----------------------------------------------------------------------------------


def test_stream_sends_every_stored_message_with_its_id_and_the_messages_json(make_client, db_url):
    client = fast(make_client(database_url=db_url))
    chat(client, "s1", "你好")
    chat(client, "s1", "外購電力11,295.6千度")
    stored = listed(client, "s1")
    assert len(stored) == 4

    with client.stream("GET", stream(client, "s1")) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        events = read_events(response.iter_lines(), has_messages(4))

    assert events[0].retry == FAST.retry_ms  # the browser's reconnection delay comes first
    sent = message_events(events)
    assert [e.id for e in sent] == [str(m["id"]) for m in stored]
    assert [json.loads(e.data) for e in sent] == stored  # same JSON as the polling endpoint


def test_the_stream_takes_its_token_as_a_bearer_header_too(client):
    fast(client)
    chat(client, "h", "你好")
    path = web_of(client).stream_path("h", token_in_query=False)
    with client.stream("GET", path, headers=web_of(client).headers("h")) as response:
        assert response.status_code == 200
        assert len(message_events(read_events(response.iter_lines(), has_messages(2)))) == 2


def test_stream_resumes_after_last_event_id_or_after_whichever_is_later(client):
    fast(client)
    for text in ("一", "二"):
        chat(client, "s2", text)
    ids = [m["id"] for m in listed(client, "s2")]

    def ids_sent(url: str, headers: dict[str, str] | None = None, expect: int = 1) -> list[int]:
        with client.stream("GET", url, headers=headers) as response:
            lines = response.iter_lines()
            events = read_events(lines, has_messages(expect))
            # and nothing more arrives: wait for two more heartbeats
            events += read_events(lines, lambda e: sum("heartbeat" in x.comments for x in e) >= 2)
        return [int(e.id) for e in message_events(events)]

    assert ids_sent(stream(client, "s2"), {"Last-Event-ID": str(ids[1])}, 2) == ids[2:]
    assert ids_sent(stream(client, "s2", ids[2])) == ids[3:]
    # a reconnecting EventSource keeps its first URL (?after=) and sends the last id it saw
    assert ids_sent(stream(client, "s2", ids[0]), {"Last-Event-ID": str(ids[2])}) == ids[3:]
    assert ids_sent(stream(client, "s2", 0), {"Last-Event-ID": "garbage"}, 4) == ids
    assert ids_sent(stream(client, "s2", 0), {"Last-Event-ID": str(2**64)}, 4) == ids  # not an id of ours


def test_a_staff_message_stored_while_streaming_arrives_within_a_poll(make_client, db_url):
    client = fast(make_client(database_url=db_url))
    chat(client, "s3", "我要找真人")
    key = web_of(client).conversation_key("s3")
    store: ConversationStore = client.app.state.services.store
    # someone else (the staff console, another gateway process) stores through its own connection
    other = ConversationStore.from_url(db_url)
    try:
        with client.stream("GET", stream(client, "s3")) as response:
            lines = response.iter_lines()
            read_events(lines, has_messages(2))
            other.record_outgoing(key, "web", [{"text": "您好，我是輔導團隊的范御羣。", "custom": STAFF}])
            started = time.monotonic()
            events = read_events(lines, has_messages(1), timeout=3)
            assert time.monotonic() - started < 2
    finally:
        other.dispose()
    staff = json.loads(message_events(events)[0].data)
    assert staff["text"] == "您好，我是輔導團隊的范御羣。" and staff["custom"] == STAFF
    assert staff["direction"] == "out"
    assert int(message_events(events)[0].id) == store.messages_after(key, "web")[-1].id


def test_only_this_web_senders_messages_are_streamed(client):
    fast(client)
    chat(client, "s4", "我的問題")
    chat(client, "s4-other", "別人的問題")
    sender = web_of(client).sender("s4")
    client.app.state.services.store.record_outgoing(f"line:{sender}", "line", [{"text": "LINE 上同名的使用者"}])
    client.app.state.services.store.record_outgoing(sender, "web", [{"text": "沒有 web: 的同名對話"}])
    with client.stream("GET", stream(client, "s4")) as response:
        events = read_events(response.iter_lines(), lambda e: sum("heartbeat" in x.comments for x in e) >= 2)
    assert [json.loads(e.data)["text"] for e in message_events(events)] == ["我的問題", "echo: 我的問題"]


def test_a_quiet_stream_gets_heartbeat_comments(client):
    fast(client)
    with client.stream("GET", stream(client, "nobody")) as response:
        started = time.monotonic()
        events = read_events(response.iter_lines(), lambda e: sum("heartbeat" in x.comments for x in e) >= 3)
    assert time.monotonic() - started < 2
    assert message_events(events) == []


def test_a_database_error_keeps_the_stream_and_the_message_comes_later(client, monkeypatch):
    fast(client)
    store: ConversationStore = client.app.state.services.store
    real = store.messages_after
    failures = {"left": 3}

    def flaky(*args: Any, **kwargs: Any):
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("SELECT", {}, Exception("database restarting"))
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "messages_after", flaky)
    chat(client, "s5", "你好")
    with client.stream("GET", stream(client, "s5")) as response:
        events = read_events(response.iter_lines(), has_messages(2))
    assert failures["left"] == 0 and len(message_events(events)) == 2


@pytest.mark.parametrize(
    ("url", "fragment"),
    [("/api/chat/bad%20sender/stream", "sender"), ("{stream}&after=-1", "after")],
)
def test_bad_stream_requests_get_a_chinese_422(client, url, fragment):
    response = client.get(url.format(stream=stream(client, "x")))
    assert response.status_code == 422
    assert fragment in response.json()["error"]


# -- ending cleanly: client gone, server stopping ------------------------------------------------------------


class ThreadServer:
    """The gateway served by uvicorn in a thread (lifespan on), for the disconnect and shutdown tests."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.stopping = threading.Event()
        setattr(app.state, STOPPING_STATE, self.stopping)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "gateway did not start"
            time.sleep(0.01)

    def stop(self, *, end_streams: bool = True, timeout: float = 5) -> float:
        """Stop the server; returns how long that took."""
        started = time.monotonic()
        if end_streams:
            self.stopping.set()
        self.server.should_exit = True
        self.thread.join(timeout)
        self.sock.close()
        return time.monotonic() - started


@pytest.fixture
def served(tmp_path, fake_rasa) -> Iterator[Callable[[], ThreadServer]]:
    servers: list[ThreadServer] = []

    def serve() -> ThreadServer:
        app = create_app(Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'live.db'}",
                                  rasa_url=fake_rasa.url, action_server_url=fake_rasa.url))
        app.dependency_overrides[get_stream_config] = lambda: FAST
        servers.append(ThreadServer(app))
        return servers[-1]

    yield serve
    for server in servers:
        if server.thread.is_alive():
            server.server.force_exit = True
            server.stop()


def test_a_stream_ends_when_the_client_goes_away(served):
    server = served()
    polls = {"count": 0}

    store = server.app.state.services.store
    real = store.messages_after

    def counting(*args: Any, **kwargs: Any):
        polls["count"] += 1
        return real(*args, **kwargs)

    store.messages_after = counting  # type: ignore[method-assign]
    with httpx.Client(base_url=server.url, timeout=5) as http, http.stream("GET", stream(http, "live")) as sse:
        read_events(sse.iter_lines(), lambda e: sum("heartbeat" in x.comments for x in e) >= 1)
    assert polls["count"] > 0
    time.sleep(0.3)  # the server notices the closed connection and cancels the stream
    after_close = polls["count"]
    time.sleep(0.5)  # ten poll intervals
    assert polls["count"] == after_close, "the stream kept polling the store after the client left"
    assert server.stop() < 5


def test_stopping_the_server_ends_open_streams_instead_of_waiting_for_them(served):
    server = served()
    ended = threading.Event()

    def listen() -> None:
        with httpx.Client(base_url=server.url, timeout=10) as http, http.stream("GET", stream(http, "live")) as sse:
            for _ in sse.iter_lines():
                pass
        ended.set()  # the server closed the stream: EventSource would reconnect to another process

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    time.sleep(0.3)
    took = server.stop()
    assert not server.thread.is_alive(), "uvicorn is still waiting for the open stream"
    assert took < 5
    assert ended.wait(2)


def test_sigterm_stops_a_uvicorn_gateway_with_an_open_stream_promptly(tmp_path, dead_url):
    """The production way to run it: uvicorn in the main thread, stopped by SIGTERM (make run's Ctrl-C)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'sig.db'}", "RASA_URL": dead_url,
           "ACTION_SERVER_URL": dead_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "gateway.app:create_app", "--factory", "--port", str(port)],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60  # a loaded machine imports the gateway slowly
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "gateway did not start"
                time.sleep(0.1)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http, \
                http.stream("GET", stream(http, "sig")) as response:
            lines = response.iter_lines()  # kept: a dropped iterator would close the connection
            assert next(lines).startswith(":")  # the stream is open
            process.send_signal(signal.SIGTERM)
            started = time.monotonic()
            process.wait(timeout=30)  # without the stream ending by itself: forever
            took = time.monotonic() - started
            list(lines)  # the server ended the response properly (a cut connection would raise here)
        assert took < 10, f"shutdown took {took:.1f}s"
        output = process.stdout.read().decode() if process.stdout else ""
        assert "Application shutdown complete" in output, output  # a graceful stop, not a forced one
        assert process.returncode in (0, -signal.SIGTERM)  # uvicorn re-raises the signal it handled
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

"""PostgreSQL restarting under the gateway: no acknowledged message is lost, an outage is a clear 503, and the
gateway recovers by itself.

The restart is real: each test starts a private, throw-away PostgreSQL cluster (initdb + pg_ctl into a
temporary folder, on a free port) and stops and starts it, so the shared server on 5432 is never touched.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from gateway.db import make_engine
from gateway.texts import load_texts
from knowledge.textnorm import normalize_text
from scripts.chat_client import ChatClient
from tests.fakes.rasa import FakeRasa

pytestmark = pytest.mark.postgres

DB_DOWN = load_texts().get("errors.database_unavailable")


# -- a private PostgreSQL cluster ----------------------------------------------------------------------------


def _postgres_bin() -> Path | None:
    """The bin folder of the newest PostgreSQL installed the Debian way, if any."""
    def version(folder: Path) -> float:
        name = folder.parent.name
        return float(name) if name.replace(".", "", 1).isdigit() else 0.0

    found = sorted((Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")), key=version)
    for folder in reversed(found):
        if (folder / "initdb").exists():
            return folder
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivatePostgres:
    """A throw-away cluster in `folder`, listening on 127.0.0.1:`port` only, trust auth, superuser `gateway`.

    PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user (`runuser`).
    """

    def __init__(self, bin_dir: Path, folder: Path, as_user: str | None) -> None:
        self.bin_dir = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.port = _free_port()
        self.as_user = as_user
        self.url = f"postgresql+psycopg://gateway@127.0.0.1:{self.port}/gateway"

    def _run(self, program: str, *args: str, timeout: float = 60) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.folder)
        if done.returncode != 0:
            log_tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            output = f"{done.stdout}\n{done.stderr}\n{log_tail}"
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{output}")

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "gateway", "-E", "UTF8", "--no-locale",
                  "--no-sync")
        self.start()
        engine = make_engine(self.url.rsplit("/", 1)[0] + "/postgres")
        try:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("CREATE DATABASE gateway"))
        finally:
            engine.dispose()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "30",
                  "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast`: a planned restart (sessions are ended, then a clean shutdown); `immediate`: a crash (no
        shutdown checkpoint; the next start recovers from the WAL)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop("immediate")
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server programs in /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    as_user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run a private PostgreSQL as")
        if shutil.which("runuser") is None:
            pytest.skip("running as root and `runuser` is missing: cannot start a private PostgreSQL")
        as_user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="gateway-pg-"))
    if as_user:
        shutil.chown(folder, user=as_user)
    cluster = PrivatePostgres(bin_dir, folder, as_user)
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.destroy()


# -- traffic -------------------------------------------------------------------------------------------------


@dataclass
class Attempt:
    sender: str
    message: str
    started: float
    ended: float
    status: int
    body: Any


@dataclass
class Traffic:
    """Every POST /api/chat of a test, in the order they ended."""

    attempts: list[Attempt] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    web: ChatClient | None = None

    def key(self, sender: str) -> str:
        """The conversation key of the user labelled `sender` (what the store has)."""
        assert self.web is not None
        return self.web.conversation_key(sender)

    def post(self, client: TestClient, sender: str, message: str, message_id: str | None = None) -> Attempt:
        """POST /api/chat as the user labelled `sender` (a session of its own; no message id unless given)."""
        if self.web is None:
            self.web = ChatClient(client)
        with self.lock:
            self.web.session(sender)  # asked for outside the timing (it needs no database)
        started = time.monotonic()
        response = self.web.post(sender, message, message_id)
        try:
            body: Any = response.json()
        except ValueError:
            body = response.text
        if response.status_code == 200:
            body = body["replies"]  # what the user sees (the stored ids are tested in tests/bot)
        attempt = Attempt(sender, message, started, time.monotonic(), response.status_code, body)
        with self.lock:
            self.attempts.append(attempt)
        return attempt

    def acknowledged(self, sender: str) -> list[Attempt]:
        return [a for a in self.attempts if a.sender == sender and a.status == 200]


def _gateway(make_client: Callable[..., TestClient], url: str) -> TestClient:
    # no rate limits: the test sends faster than a person
    return make_client(database_url=url, rate_limit_per_sender=0, rate_limit_per_ip=0)


def _stored_turns(url: str, sender: str) -> list[tuple[str, list[str | None]]]:
    """The web conversation of `sender` as stored, read straight from the database: (user text, the bot
    replies stored after it) per incoming message, in order."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT m.direction, m.text FROM messages m"
                    " JOIN conversations c ON c.id = m.conversation_id"
                    " WHERE c.channel = 'web' AND c.sender = :sender ORDER BY m.id"
                ),
                {"sender": sender},
            ).all()
    finally:
        engine.dispose()
    turns: list[tuple[str, list[str | None]]] = []
    for direction, message_text in rows:
        if direction == "in":
            turns.append((message_text, []))
        else:
            assert turns, f"a bot reply stored before any message of {sender}"
            turns[-1][1].append(message_text)
    return turns


def _assert_store_matches_acknowledged(url: str, traffic: Traffic, sender: str) -> None:
    """Every acknowledged turn is stored exactly once, with the reply the user got, in the order acknowledged.

    Besides them the database may hold only turns of attempts that were refused (503), each at most once: the
    user's message saved before the outage hit the reply's transaction, or, rarely, a whole turn whose COMMIT
    reached the server just before it went down but whose confirmation never came back (PostgreSQL ends the
    session right after such a commit: the gateway cannot know it succeeded, so it must not acknowledge it).
    """
    attempts = [a for a in traffic.attempts if a.sender == sender]
    acknowledged = [(a.message, [r["text"] for r in a.body]) for a in attempts if a.status == 200]
    refused = Counter(a.message for a in attempts if a.status != 200)
    extra: list[tuple[str, list[str | None]]] = []
    position = 0
    for turn in _stored_turns(url, traffic.key(sender)):
        if position < len(acknowledged) and turn == acknowledged[position]:
            position += 1
        else:
            extra.append(turn)
    missing = acknowledged[position:]
    assert not missing, f"acknowledged but not stored (in order): {missing}"
    extra_messages = Counter(message for message, _ in extra)
    assert extra_messages <= refused, f"stored but never acknowledged nor refused: {extra_messages - refused}"


def _fill_pool(client: TestClient, size: int = 4) -> None:
    """Leave `size` idle connections in the gateway's pool (a restart makes them stale)."""
    pool = client.app.state.services.store.engine.pool
    held = [pool.connect() for _ in range(size)]
    for connection in held:
        connection.close()
    assert pool.checkedin() >= size


def _assert_refusal_is_clear(attempt: Attempt) -> None:
    """A refused message: 503 with the Chinese "cannot save, try again" sentence, nothing else, at once."""
    assert attempt.status == 503, attempt
    assert attempt.body == {"error": DB_DOWN}
    assert attempt.ended - attempt.started < 5, "the user waited too long to learn the message was not kept"


# -- tests ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_a_restart_between_messages_refuses_clearly_then_the_conversation_goes_on(
    private_postgres: PrivatePostgres, make_client: Callable[..., TestClient], fake_rasa: FakeRasa, mode: str
) -> None:
    client = _gateway(make_client, private_postgres.url)
    traffic = Traffic()
    for number in range(1, 4):
        assert traffic.post(client, "restart1", f"第{number}則，請問盤查範疇怎麼分").status == 200
    _fill_pool(client)

    private_postgres.stop(mode)
    refused = traffic.post(client, "restart1", "第4則，電費單要怎麼換算")
    _assert_refusal_is_clear(refused)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["database"]["ok"] is False

    private_postgres.start()
    # the user sends the refused message again: the first request after the restart is served
    resent = traffic.post(client, "restart1", "第4則，電費單要怎麼換算")
    assert resent.status == 200, resent
    assert resent.body == [{"recipient_id": traffic.key("restart1"),
                            "text": "echo: " + normalize_text("第4則，電費單要怎麼換算")}]
    # a restart nobody noticed: the pool is full of connections to the server that went away
    _fill_pool(client)
    private_postgres.stop(mode)
    private_postgres.start()
    for number in range(5, 10):  # the first request after it, and then through every stale pooled connection
        assert traffic.post(client, "restart1", f"第{number}則，謝謝").status == 200
    assert client.get("/healthz").json()["database"]["ok"] is True

    _assert_store_matches_acknowledged(private_postgres.url, traffic, "restart1")
    assert [m for m, _ in _stored_turns(private_postgres.url, traffic.key("restart1"))] == [
        "第1則，請問盤查範疇怎麼分", "第2則，請問盤查範疇怎麼分", "第3則，請問盤查範疇怎麼分",
        "第4則，電費單要怎麼換算", *(f"第{number}則，謝謝" for number in range(5, 10)),
    ]  # the refused attempt was refused before anything was stored (the database was already down)
    visible = traffic.web.messages("restart1")
    assert [m["text"] for m in visible][-2:] == ["第9則，謝謝", "echo: 第9則,謝謝"]  # Rasa gets it normalised


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_conversations_running_through_a_restart_lose_no_acknowledged_message(
    private_postgres: PrivatePostgres, make_client: Callable[..., TestClient], fake_rasa: FakeRasa, mode: str
) -> None:
    client = _gateway(make_client, private_postgres.url)
    traffic = Traffic()
    senders = [f"busy{n}" for n in range(6)]
    stop = threading.Event()
    failures: list[BaseException] = []

    def user(sender: str) -> None:
        """Sends numbered messages; a refused one is sent again (same text) until it is acknowledged."""
        try:
            number = 1
            while not stop.is_set():
                attempt = traffic.post(client, sender, f"{sender} 第{number}則")
                if attempt.status == 200:
                    number += 1
                else:
                    time.sleep(0.05)
        except BaseException as exc:  # noqa: BLE001 (reported by the main thread)
            failures.append(exc)

    def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            assert not failures, failures
            time.sleep(0.02)

    threads = [threading.Thread(target=user, args=(sender,), daemon=True) for sender in senders]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: all(len(traffic.acknowledged(s)) >= 5 for s in senders), "traffic before the outage")
        went_down = time.monotonic()
        private_postgres.stop(mode)
        time.sleep(3)  # the outage: every user keeps trying
        restarting = time.monotonic()
        private_postgres.start()
        came_back = time.monotonic()
        acknowledged_before = {s: len(traffic.acknowledged(s)) for s in senders}
        wait_for(
            lambda: all(len(traffic.acknowledged(s)) >= acknowledged_before[s] + 5 for s in senders),
            "every conversation to go on after the restart",
        )
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not failures, failures

    statuses = Counter(a.status for a in traffic.attempts)
    assert set(statuses) <= {200, 503}, statuses
    for attempt in traffic.attempts:
        if attempt.status != 200:
            _assert_refusal_is_clear(attempt)
    during = [a for a in traffic.attempts if a.started > went_down + 0.5 and a.ended < restarting]
    assert during and all(a.status == 503 for a in during), "the outage was not seen by the gateway"
    after = [a for a in traffic.attempts if a.started > came_back]
    assert after and all(a.status == 200 for a in after), [a for a in after if a.status != 200][:3]

    for sender in senders:
        _assert_store_matches_acknowledged(private_postgres.url, traffic, sender)


def test_a_reply_whose_commit_confirmation_is_lost_is_refused_not_acknowledged(
    private_postgres: PrivatePostgres, make_client: Callable[..., TestClient], fake_rasa: FakeRasa
) -> None:
    """The restart's worst moment: the reply's COMMIT is durable, but the server goes away before confirming.

    Made deterministic with synchronous replication to a standby that does not exist: the transaction storing
    the bot's reply (and only it) waits after its local commit until the server is stopped. The gateway cannot
    know the turn was kept, so it must refuse it (503). The user's resend carries the same message id, so it is
    not stored a second time: it gets the answer that was kept.
    """
    admin = make_engine(private_postgres.url.rsplit("/", 1)[0] + "/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ALTER SYSTEM SET synchronous_standby_names = 'nobody'"))
        # no waiting by default; the trigger below makes only a reply's transaction wait
        connection.execute(text("ALTER DATABASE gateway SET synchronous_commit = local"))
        connection.execute(text("SELECT pg_reload_conf()"))
    admin.dispose()
    client = _gateway(make_client, private_postgres.url)
    traffic = Traffic()
    assert traffic.post(client, "lost1", "第1則，你好", "m-1").status == 200
    engine = make_engine(private_postgres.url)
    with engine.begin() as connection:
        connection.execute(text(
            "CREATE FUNCTION wait_for_standby() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN PERFORM set_config('synchronous_commit', 'on', true); RETURN NULL; END $$"
        ))
        connection.execute(text(
            "CREATE TRIGGER wait_for_standby AFTER INSERT ON messages FOR EACH ROW"
            " WHEN (NEW.direction = 'out') EXECUTE FUNCTION wait_for_standby()"
        ))

    result: list[Attempt] = []
    sending = threading.Thread(target=lambda: result.append(traffic.post(client, "lost1", "第2則，請問範疇一", "m-2")))
    sending.start()
    deadline = time.monotonic() + 10
    with engine.connect() as connection:
        waiting = text("SELECT 1 FROM pg_stat_activity WHERE wait_event = 'SyncRep'")
        while not connection.execute(waiting).first():
            assert time.monotonic() < deadline, "the reply's commit never waited for the standby"
            time.sleep(0.05)
    engine.dispose()
    private_postgres.stop("fast")
    sending.join(timeout=10)
    _assert_refusal_is_clear(result[0])

    private_postgres.start()
    engine = make_engine(private_postgres.url)
    with engine.begin() as connection:  # back to ordinary commits
        connection.execute(text("DROP TRIGGER wait_for_standby ON messages"))
    engine.dispose()
    kept = ("第2則，請問範疇一", ["echo: " + normalize_text("第2則，請問範疇一")])
    assert _stored_turns(private_postgres.url, traffic.key("lost1"))[1] == kept  # refused, yet the turn was kept
    resent = traffic.post(client, "lost1", "第2則，請問範疇一", "m-2")
    assert resent.status == 200, resent
    assert [r["text"] for r in resent.body] == kept[1]  # the answer that was kept, not a second turn
    _assert_store_matches_acknowledged(private_postgres.url, traffic, "lost1")
    assert [t[0] for t in _stored_turns(private_postgres.url, traffic.key("lost1"))] == [
        "第1則，你好", "第2則，請問範疇一"
    ]  # stored once: the resend was recognised by its message id
    assert len(fake_rasa.received) == 2

"""Retention: conversations idle for RETENTION_DAYS are deleted with their data; recent ones stay."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from gateway.channels.line_models import LineOutboxItem, LineUser, LineWebhookEvent
from gateway.db import make_engine
from gateway.models import Conversation, Message, utcnow
from gateway.privacy import erase_user, purge_inactive
from gateway.privacy.tracker_store import EVENTS, TrackerStore
from gateway.store import ConversationStore
from tests.fakes.gateway import Gateway

ROOT = Path(__file__).resolve().parents[3]


def seed(url: str, *, old: list[tuple[str, str]], recent: list[tuple[str, str]], age_days: int = 400) -> None:
    store = ConversationStore.from_url(url)
    store.create_schema()
    for channel, sender in old + recent:
        store.record_incoming(sender, channel, "我的用電量是 1200 度")
        store.record_outgoing(sender, channel, [{"text": "收到"}])
    with store.engine.begin() as connection:
        for channel, sender in old:
            connection.execute(
                update(Conversation)
                .where(Conversation.channel == channel, Conversation.sender == sender)
                .values(updated_at=utcnow() - timedelta(days=age_days))
            )
    store.dispose()


def senders(url: str) -> set[tuple[str, str]]:
    engine = make_engine(url)
    with Session(engine) as session:
        rows = {(c, s) for c, s in session.execute(select(Conversation.channel, Conversation.sender))}
        assert session.scalar(select(func.count(Message.id)).where(
            Message.conversation_id.not_in(select(Conversation.id)))) == 0
    engine.dispose()
    return rows


def test_purge_deletes_old_and_keeps_recent(db_url: str) -> None:
    seed(db_url, old=[("web", "web:old-1"), ("line", "line:Uold")],
         recent=[("web", "web:new-1"), ("line", "line:Unew")])
    engine = make_engine(db_url)
    erased = purge_inactive(engine, days=365)
    engine.dispose()
    assert erased.conversations == 2 and erased.messages == 4
    assert senders(db_url) == {("web", "web:new-1"), ("line", "line:Unew")}


def test_purge_reaches_rasas_tracker_store(db_url: str, tmp_path: Path) -> None:
    """Finding 5: the retention purge deletes Rasa's events too: those of the purged conversations, and any
    tracker idle that long (also ones the gateway has no row for, e.g. from before the ids had a channel)."""
    tracker_url = db_url if db_url.startswith("postgresql") else f"sqlite:///{tmp_path / 'tracker.db'}"
    tracker = TrackerStore.from_url(tracker_url)
    EVENTS.create(tracker.engine, checkfirst=True)
    old, recent = (utcnow() - timedelta(days=400)).timestamp(), utcnow().timestamp()
    with tracker.engine.begin() as connection:
        connection.execute(EVENTS.insert(), [
            {"sender_id": sender, "type_name": "user", "timestamp": at, "intent_name": None, "action_name": None,
             "data": '{"event": "user", "text": "我的用電量是 1200 度"}'}
            for sender, at in (("web:old-1", old), ("web:new-1", recent), ("pre-prefix-id", old),
                               ("web:old-1", old - 10))
        ])
    seed(db_url, old=[("web", "web:old-1")], recent=[("web", "web:new-1")])
    engine = make_engine(db_url)
    erased = purge_inactive(engine, days=365, tracker=tracker)
    engine.dispose()
    assert erased.conversations == 1 and erased.tracker_events == 3
    assert (tracker.count("web:old-1"), tracker.count("pre-prefix-id"), tracker.count("web:new-1")) == (0, 0, 1)
    tracker.dispose()


def test_purge_respects_the_number_of_days(db_url: str) -> None:
    seed(db_url, old=[("web", "web:month-old")], recent=[], age_days=40)
    engine = make_engine(db_url)
    assert purge_inactive(engine, days=365).conversations == 0
    assert purge_inactive(engine, days=30).conversations == 1
    engine.dispose()


def test_erasing_a_line_user_removes_the_line_rows(db_url: str) -> None:
    seed(db_url, old=[], recent=[("line", "line:U1"), ("line", "line:U2")])
    engine = make_engine(db_url)
    with Session(engine) as session, session.begin():
        for user in ("U1", "U2"):
            session.add(LineUser(user_id=user, following=True, followed_at=utcnow()))
            session.add(LineOutboxItem(user_id=user, messages=[{"type": "text", "text": "x"}],
                                       retry_key=f"00000000-0000-0000-0000-00000000000{user[-1]}"))
            session.add(LineWebhookEvent(webhook_event_id=f"ev-{user}", event_type="message", user_id=user))
    erased = erase_user(engine, "line", "line:U1")
    assert erased.line_rows == 3 and erased.conversations == 1
    with Session(engine) as session:
        for model in (LineUser, LineOutboxItem, LineWebhookEvent):
            assert session.scalars(select(model.user_id)).all() == ["U2"]
    engine.dispose()


def test_the_purge_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    seed(url, old=[("web", "web:cli-old")], recent=[("web", "web:cli-new")], age_days=100)
    env = {**os.environ, "DATABASE_URL": url}
    run = subprocess.run([sys.executable, "-m", "gateway.privacy", "purge", "--days", "90"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "conversations=1" in run.stdout
    assert senders(url) == {("web", "web:cli-new")}


def test_the_gateway_purges_at_start_and_stops_the_job_on_shutdown(make_gateway, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gateway.db'}"  # the file make_gateway's settings use
    seed(url, old=[("web", "web:idle-user")], recent=[("web", "web:active-user")])
    gateway: Gateway = make_gateway(retention_days=365)
    task = gateway.app.state.services.retention_task
    deadline = time.monotonic() + 5
    while ("web", "web:idle-user") in senders(url) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert senders(url) == {("web", "web:active-user")}
    assert not task.done()  # sleeping until tomorrow's run
    gateway.client.__exit__(None, None, None)
    assert task.cancelled()

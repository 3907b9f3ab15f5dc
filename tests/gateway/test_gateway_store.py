"""ConversationStore on SQLite and PostgreSQL (each test runs on both)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from gateway.models import Conversation, Message
from gateway.store import ConversationStore


@pytest.fixture
def store(db_url):
    store = ConversationStore.from_url(db_url)
    store.create_schema()
    yield store
    store.dispose()


def _count(store: ConversationStore, model) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def test_incoming_message_is_stored_as_typed_with_utc_time(store):
    raw = "這個月天然氣用了７４.４千立方公尺，还有柴油"
    before = datetime.now(timezone.utc)
    message = store.record_incoming("u1", "web", raw)

    assert message.id is not None
    (row,) = store.messages_after("u1", "web", 0)
    assert (row.id, row.direction, row.channel, row.sender, row.text) == (message.id, "in", "web", "u1", raw)
    assert row.payload is None
    assert row.created_at.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=5) <= row.created_at <= datetime.now(timezone.utc) + timedelta(seconds=5)


def test_one_conversation_per_channel_and_sender(store):
    store.record_incoming("u1", "web", "一")
    store.record_incoming("u1", "web", "二")
    store.record_incoming("u1", "line", "三")
    store.record_incoming("u2", "web", "四")

    assert _count(store, Conversation) == 3
    assert [m.text for m in store.messages_after("u1", "web", 0)] == ["一", "二"]
    assert [m.text for m in store.messages_after("u1", "line", 0)] == ["三"]
    conversation = store.get_conversation("u1", "web")
    assert conversation is not None and conversation.updated_at >= conversation.created_at


def test_outgoing_messages_keep_text_and_payload_in_order(store):
    store.record_incoming("u1", "web", "我要算排放量")
    replies = [
        {"recipient_id": "u1", "text": "請選擇燃料", "buttons": [{"title": "天然氣", "payload": "/natural_gas"}]},
        {"recipient_id": "u1", "custom": {"type": "result", "total_tco2e": "27,240"}},
        {"recipient_id": "u1", "text": "還有其他問題嗎？"},
    ]
    rows = store.record_outgoing("u1", "web", replies)

    assert [r.direction for r in rows] == ["out"] * 3
    stored = store.messages_after("u1", "web", 0)
    assert [m.direction for m in stored] == ["in", "out", "out", "out"]
    assert [m.text for m in stored[1:]] == ["請選擇燃料", None, "還有其他問題嗎？"]
    assert stored[1].payload == {"buttons": [{"title": "天然氣", "payload": "/natural_gas"}]}
    assert stored[2].payload == {"custom": {"type": "result", "total_tco2e": "27,240"}}
    assert stored[3].payload is None
    assert [m.id for m in stored] == sorted(m.id for m in stored)


def test_messages_after_filters_by_id_and_limit(store):
    ids = [store.record_incoming("u1", "web", str(i)).id for i in range(5)]
    store.record_incoming("u2", "web", "other")

    assert [m.id for m in store.messages_after("u1", "web", ids[1])] == ids[2:]
    assert [m.id for m in store.messages_after("u1", "web", 0, limit=2)] == ids[:2]
    assert store.messages_after("u1", "web", ids[-1]) == []
    assert store.messages_after("nobody", "web", 0) == []


def test_first_messages_racing_from_one_sender_make_one_conversation(store):
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def send(i: int) -> None:
        try:
            barrier.wait()
            store.record_incoming("racer", "web", f"訊息 {i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert _count(store, Conversation) == 1
    assert len(store.messages_after("racer", "web", 0)) == 8
    assert _count(store, Message) == 8


def test_create_schema_is_idempotent_and_keeps_data(store):
    store.record_incoming("u1", "web", "你好")
    store.create_schema()
    assert [m.text for m in store.messages_after("u1", "web", 0)] == ["你好"]

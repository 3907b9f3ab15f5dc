"""「刪除我的資料」 through /api/chat: a confirmation question, then everything about the user is gone — in the
gateway's tables and in Rasa's tracker store (finding 5 of issue 14)."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from gateway.db import make_engine
from gateway.handoff.models import HandoffNote, HandoffTicket
from gateway.inventory.models import Inventory, InventoryLine
from gateway.models import Conversation, Message
from gateway.privacy import CANCEL_PAYLOAD, CONFIRM_PAYLOAD, is_delete_request
from gateway.privacy.tracker_store import EVENTS
from gateway.texts import load_texts
from tests.fakes.gateway import Gateway
from tests.fakes.inventories import TEXTILE_PLANT, inventory_result
from tests.fakes.rasa import FakeRasa
from tests.fakes.replies import handoff_replies

TEXTS = load_texts()
USER = "privacy-user-1"
OTHER = "privacy-user-2"


def count(gateway: Gateway, statement) -> int:  # type: ignore[no-untyped-def]
    with Session(gateway.app.state.services.store.engine) as session:
        return session.scalar(statement) or 0


def user_texts(gateway: Gateway, who: str) -> list[str | None]:
    return [m.text for m in gateway.app.state.services.store.messages_after(gateway.key(who), "web")]


def give_data(gateway: Gateway, fake_rasa: FakeRasa, who: str, secret: str = "") -> None:
    """The user chats, computes an inventory and is handed to staff, who write a note."""
    fake_rasa.mode = "echo"
    gateway.chat(who, f"我們公司在彰化，聯絡電話 04-1234-5678 {secret}")
    fake_rasa.mode = "canned"
    fake_rasa.canned = [{"recipient_id": who, "custom": inventory_result({**TEXTILE_PLANT, "company": secret or
                                                                          TEXTILE_PLANT["company"]})}]
    gateway.chat(who, "算好了")
    fake_rasa.canned = handoff_replies(who)
    gateway.chat(who, "我要找真人")
    ticket_id = count(gateway, select(func.max(HandoffTicket.id)).where(HandoffTicket.sender == gateway.key(who)))
    console = gateway.login("amy")
    assert console.post(f"/api/staff/handoffs/{ticket_id}/notes", json={"text": "客戶要抵換專案資料"}).status_code == 201
    fake_rasa.mode = "echo"


def rows_containing(url: str, needle: str) -> list[str]:
    """Every row of every table of the database at `url` whose text holds `needle`, as is or as JSON writes it
    (Rasa's events escape non-ASCII), as "table: row"."""
    forms = {needle, json.dumps(needle)[1:-1]}
    engine = make_engine(url)
    found = []
    try:
        with engine.connect() as connection:
            for table in inspect(connection).get_table_names():
                for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                    if any(form in " ".join(str(value) for value in row) for form in forms):
                        found.append(f"{table}: {tuple(row)}"[:200])
    finally:
        engine.dispose()
    return found


def test_the_request_is_recognised_in_its_variants() -> None:
    for text_ in ("刪除我的資料", "請刪除我的個資！", " 刪除 我的 資料。", "删除我的资料", "我要刪除我的資料？"):
        assert is_delete_request(text_), text_
    for text_ in ("刪除", "我的資料在哪裡", "如何刪除盤查表的一列", "資料"):
        assert not is_delete_request(text_), text_


@pytest.fixture
def tracked(make_gateway, fake_rasa, db_url, tmp_path):
    """A gateway whose fake Rasa keeps a SQL tracker store as Rasa does, and which knows its URL: on PostgreSQL
    in the gateway's own database (as docker-compose.yml has it), on SQLite in a file of its own (make run)."""
    tracker_url = db_url if db_url.startswith("postgresql") else f"sqlite:///{tmp_path / 'rasa-tracker.db'}"
    fake_rasa.use_tracker_store(tracker_url)
    gateway = make_gateway(database_url=db_url, tracker_store_url=tracker_url)
    gateway.add_user("amy", "staff", "王小美")
    return gateway, db_url, tracker_url


def test_after_deletion_no_row_anywhere_holds_the_users_text(tracked, fake_rasa: FakeRasa) -> None:
    gateway, db_url, tracker_url = tracked
    secret, other_secret = f"示範紡織{uuid.uuid4().hex[:8]}", f"別家公司{uuid.uuid4().hex[:8]}"
    give_data(gateway, fake_rasa, USER, secret)
    give_data(gateway, fake_rasa, OTHER, other_secret)
    assert rows_containing(db_url, secret) and rows_containing(tracker_url, secret)  # Rasa has it too

    gateway.chat(USER, "請刪除我的資料")
    (done,) = gateway.chat(USER, CONFIRM_PAYLOAD)
    assert done["text"].endswith(TEXTS.get("privacy.tracker_deleted"))

    assert rows_containing(db_url, secret) == []
    assert rows_containing(tracker_url, secret) == []
    assert rows_containing(tracker_url, gateway.key(USER)) == []
    assert rows_containing(db_url, gateway.key(USER)) == []  # not the id either (the audit keeps no read of it)
    assert rows_containing(db_url, other_secret) and rows_containing(tracker_url, other_secret)  # others stay


def test_confirmed_deletion_removes_everything_of_that_user_only(gateway: Gateway, fake_rasa: FakeRasa) -> None:
    give_data(gateway, fake_rasa, USER)
    give_data(gateway, fake_rasa, OTHER)
    user, other = gateway.key(USER), gateway.key(OTHER)
    assert count(gateway, select(func.count(Inventory.id)).where(Inventory.sender == user)) == 1
    fake_rasa.received.clear()

    (question,) = gateway.chat(USER, "請刪除我的資料")
    assert "刪除" in question["text"]
    assert [b["payload"] for b in question["buttons"]] == [CONFIRM_PAYLOAD, CANCEL_PAYLOAD]
    assert [b["title"] for b in question["buttons"]] == ["確定刪除", "取消"]

    (done,) = gateway.chat(USER, CONFIRM_PAYLOAD)
    assert "已刪除" in done["text"] and "盤查結果 1 份" in done["text"] and "轉介專人紀錄 1 筆" in done["text"]
    assert "備註 1 則" in done["text"]

    # Rasa never saw the request or the payload; without a tracker store URL it was asked to start afresh
    assert [r["message"] for r in fake_rasa.received] == ["/restart"]
    assert fake_rasa.received[0]["sender"] == user
    # nothing is left of the user's conversation, not even the confirmation (it is shown, not stored)
    assert user_texts(gateway, USER) == []
    assert count(gateway, select(func.count(Conversation.id)).where(Conversation.sender == user)) == 0
    assert count(gateway, select(func.count(Inventory.id)).where(Inventory.sender == user)) == 0
    assert count(gateway, select(func.count(HandoffTicket.id)).where(HandoffTicket.sender == user)) == 0
    # the other user keeps everything
    assert len(user_texts(gateway, OTHER)) >= 6
    assert count(gateway, select(func.count(Inventory.id)).where(Inventory.sender == other)) == 1
    assert count(gateway, select(func.count(InventoryLine.id))) > 0
    assert count(gateway, select(func.count(HandoffTicket.id)).where(HandoffTicket.sender == other)) == 1
    assert count(gateway, select(func.count(HandoffNote.id))) == 1


def test_cancel_keeps_the_data(gateway: Gateway, fake_rasa: FakeRasa) -> None:
    give_data(gateway, fake_rasa, USER)
    user = gateway.key(USER)
    before = len(user_texts(gateway, USER))
    fake_rasa.received.clear()
    gateway.chat(USER, "刪除我的個資")
    (cancelled,) = gateway.chat(USER, CANCEL_PAYLOAD)
    assert "取消" in cancelled["text"]
    assert fake_rasa.received == []
    assert len(user_texts(gateway, USER)) == before + 4  # the request, the question, the cancel, the answer
    assert count(gateway, select(func.count(Inventory.id)).where(Inventory.sender == user)) == 1
    assert count(gateway, select(func.count(HandoffTicket.id)).where(HandoffTicket.sender == user)) == 1
    assert count(gateway, select(func.count(Conversation.id)).where(Conversation.sender == user)) == 1


def test_deletion_still_happens_when_rasa_is_down(make_gateway, dead_url: str) -> None:
    gateway = make_gateway(rasa_url=dead_url)
    gateway.chat(USER, "你好")
    (done,) = gateway.chat(USER, CONFIRM_PAYLOAD)
    assert "已刪除" in done["text"] and "暫時無法重設" in done["text"]
    assert count(gateway, select(func.count(Message.id)).where(Message.sender == gateway.key(USER),
                                                                Message.direction == "in")) == 0


def test_a_failed_tracker_deletion_is_told_and_can_be_asked_again(tracked, fake_rasa, monkeypatch) -> None:
    gateway, _db_url, tracker_url = tracked
    gateway.chat(USER, "我們用了 1,200 度電")
    tracker = gateway.app.state.services.tracker_store

    def broken(sender: str) -> int:
        raise RuntimeError("tracker database down")

    real = tracker.delete_conversation
    monkeypatch.setattr(tracker, "delete_conversation", broken)
    (done,) = gateway.chat(USER, CONFIRM_PAYLOAD)
    assert TEXTS.get("privacy.tracker_failed") in done["text"]
    assert rows_containing(tracker_url, "1,200 度電")
    monkeypatch.setattr(tracker, "delete_conversation", real)
    (again,) = gateway.chat(USER, CONFIRM_PAYLOAD)
    assert again["text"].endswith(TEXTS.get("privacy.tracker_deleted"))
    assert rows_containing(tracker_url, "1,200 度電") == []

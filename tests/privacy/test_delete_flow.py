"""「刪除我的資料」 through /api/chat: a confirmation question, then everything about the user is gone."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.handoff.models import HandoffNote, HandoffTicket
from bot.inventory.models import Inventory, InventoryLine
from bot.models import Conversation, Message
from bot.privacy import CANCEL_PAYLOAD, CONFIRM_PAYLOAD, is_delete_request
from tests.bot.conftest import FakeRasa
from tests.handoff.conftest import Gateway, handoff_replies
from tests.inventory.conftest import TEXTILE_PLANT, inventory_result

USER = "privacy-user-1"
OTHER = "privacy-user-2"


def count(gateway: Gateway, statement) -> int:  # type: ignore[no-untyped-def]
    with Session(gateway.app.state.store.engine) as session:
        return session.scalar(statement) or 0


def user_texts(gateway: Gateway, sender: str) -> list[str | None]:
    return [m.text for m in gateway.app.state.store.messages_after(sender, "web")]


def give_data(gateway: Gateway, fake_rasa: FakeRasa, sender: str) -> None:
    """The user chats, computes an inventory and is handed to staff, who write a note."""
    fake_rasa.mode = "echo"
    gateway.chat(sender, "我們公司在彰化，聯絡電話 04-1234-5678")
    fake_rasa.mode = "canned"
    fake_rasa.canned = [{"recipient_id": sender, "custom": inventory_result(TEXTILE_PLANT)}]
    gateway.chat(sender, "算好了")
    fake_rasa.canned = handoff_replies(sender)
    gateway.chat(sender, "我要找真人")
    ticket_id = count(gateway, select(func.max(HandoffTicket.id)).where(HandoffTicket.sender == sender))
    console = gateway.login("amy")
    assert console.post(f"/api/staff/handoffs/{ticket_id}/notes", json={"text": "客戶要抵換專案資料"}).status_code == 201
    fake_rasa.mode = "echo"


def test_the_request_is_recognised_in_its_variants() -> None:
    for text in ("刪除我的資料", "請刪除我的個資！", " 刪除 我的 資料。", "删除我的资料", "我要刪除我的資料？"):
        assert is_delete_request(text), text
    for text in ("刪除", "我的資料在哪裡", "如何刪除盤查表的一列", "資料"):
        assert not is_delete_request(text), text


def test_confirmed_deletion_removes_everything_of_that_user_only(gateway: Gateway, fake_rasa: FakeRasa) -> None:
    give_data(gateway, fake_rasa, USER)
    give_data(gateway, fake_rasa, OTHER)
    assert count(gateway, select(func.count(Inventory.id)).where(Inventory.sender == USER)) == 1
    fake_rasa.received.clear()

    (question,) = gateway.chat(USER, "請刪除我的資料")
    assert "刪除" in question["text"]
    assert [b["payload"] for b in question["buttons"]] == [CONFIRM_PAYLOAD, CANCEL_PAYLOAD]
    assert [b["title"] for b in question["buttons"]] == ["確定刪除", "取消"]

    (done,) = gateway.chat(USER, CONFIRM_PAYLOAD)
    assert "已刪除" in done["text"] and "盤查結果 1 份" in done["text"] and "轉介專人紀錄 1 筆" in done["text"]
    assert "備註 1 則" in done["text"]

    # Rasa never saw the request or the payload; it was asked to forget the tracker
    assert [r["message"] for r in fake_rasa.received] == ["/restart"]
    assert fake_rasa.received[0]["sender"] == USER
    # nothing is left of the user's conversation, not even the confirmation (it is shown, not stored)
    assert user_texts(gateway, USER) == []
    assert count(gateway, select(func.count(Conversation.id)).where(Conversation.sender == USER)) == 0
    assert count(gateway, select(func.count(Inventory.id)).where(Inventory.sender == USER)) == 0
    assert count(gateway, select(func.count(HandoffTicket.id)).where(HandoffTicket.sender == USER)) == 0
    # the other user keeps everything
    assert len(user_texts(gateway, OTHER)) >= 6
    assert count(gateway, select(func.count(Inventory.id)).where(Inventory.sender == OTHER)) == 1
    assert count(gateway, select(func.count(InventoryLine.id))) > 0
    assert count(gateway, select(func.count(HandoffTicket.id)).where(HandoffTicket.sender == OTHER)) == 1
    assert count(gateway, select(func.count(HandoffNote.id))) == 1


def test_cancel_keeps_the_data(gateway: Gateway, fake_rasa: FakeRasa) -> None:
    give_data(gateway, fake_rasa, USER)
    before = len(user_texts(gateway, USER))
    fake_rasa.received.clear()
    gateway.chat(USER, "刪除我的個資")
    (cancelled,) = gateway.chat(USER, CANCEL_PAYLOAD)
    assert "取消" in cancelled["text"]
    assert fake_rasa.received == []
    assert len(user_texts(gateway, USER)) == before + 4  # the request, the question, the cancel, the answer
    assert count(gateway, select(func.count(Inventory.id)).where(Inventory.sender == USER)) == 1
    assert count(gateway, select(func.count(HandoffTicket.id)).where(HandoffTicket.sender == USER)) == 1
    assert count(gateway, select(func.count(Conversation.id)).where(Conversation.sender == USER)) == 1


def test_deletion_still_happens_when_rasa_is_down(make_gateway, dead_url: str) -> None:
    gateway = make_gateway(rasa_url=dead_url)
    gateway.chat(USER, "你好")
    (done,) = gateway.chat(USER, CONFIRM_PAYLOAD)
    assert "已刪除" in done["text"] and "暫時無法重設" in done["text"]
    assert count(gateway, select(func.count(Message.id)).where(Message.sender == USER, Message.direction == "in")) == 0

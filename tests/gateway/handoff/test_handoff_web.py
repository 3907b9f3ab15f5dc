"""The whole handoff loop on the web channel (fake Rasa over HTTP, real store, real staff API):
trigger → ticket routed to the right contact → bot silent while held → staff reply in the widget's message
list → close → the bot answers again."""

from __future__ import annotations

from datetime import datetime, timezone

from gateway.texts import load_texts
from tests.fakes.clock import CLOSED_TIME
from tests.fakes.gateway import Gateway
from tests.fakes.replies import handoff_replies

TEXTS = load_texts()


def _open_ticket(gateway: Gateway, fake_rasa, sender: str, **payload) -> dict:
    fake_rasa.mode = "canned"
    fake_rasa.canned = handoff_replies(sender, **payload)
    replies = gateway.chat(sender, "我想問抵換專案，可以找專人嗎")
    fake_rasa.mode = "echo"
    handoff = next(r for r in replies if (r.get("custom") or {}).get("type") == "handoff")
    return {"replies": replies, "ticket_id": handoff["custom"]["ticket_id"]}


def test_a_handoff_opens_a_ticket_with_the_transcript_and_the_routed_contact(gateway, fake_rasa):
    gateway.chat("web-h1", "你好")  # echo: something before the handoff, for the transcript
    opened = _open_ticket(gateway, fake_rasa, "web-h1")

    texts = [r.get("text") for r in opened["replies"]]
    assert texts[-1] == TEXTS.get("handoff.within_hours")  # Monday 10:00 in Taipei
    console = gateway.login("amy")
    queue = console.get("/api/staff/handoffs").json()
    assert len(queue) == 1
    ticket = queue[0]
    assert ticket["id"] == opened["ticket_id"]
    assert (ticket["conversation_id"], ticket["channel"], ticket["status"]) == (
        gateway.conversation_id("web-h1"), "web", "new")
    assert "sender" not in ticket  # staff see the internal number, never the sender id
    assert gateway.web.sender("web-h1") not in str(console.get(f"/api/staff/handoffs/{ticket['id']}").json())
    assert ticket["topic"] == "offset" and ticket["reason"] == "user_request"
    assert ticket["contact"]["name"] == "楊智傑" and ticket["contact"]["email"] == "jackyang@ftis.org.tw"
    assert ticket["contact"]["phone"] == "(02)2784-4188 ext.5248"
    assert ticket["question"] == "我想問抵換專案，可以找專人嗎"
    detail = console.get(f"/api/staff/handoffs/{ticket['id']}").json()
    assert [m["text"] for m in detail["transcript"]] == ["你好", "echo: 你好", "我想問抵換專案，可以找專人嗎"]
    # the bot's handoff replies are the first messages of the live part
    assert any("楊智傑" in (m["text"] or "") for m in detail["messages"])


def test_while_no_one_has_joined_the_bot_keeps_answering_and_says_a_person_will_join(gateway, fake_rasa):
    ticket_id = _open_ticket(gateway, fake_rasa, "web-h2")["ticket_id"]
    calls_before = len(fake_rasa.received)

    first = gateway.chat("web-h2", "繼續")
    second = gateway.chat("web-h2", "碳費怎麼算")

    for replies, text in ((first, "echo: 繼續"), (second, "echo: 碳費怎麼算")):
        assert replies[0]["text"] == text  # the bot answered
        assert replies[-1]["text"] == TEXTS.get("handoff.waiting")
        assert replies[-1]["custom"] == {"type": "handoff_pending", "ticket_id": ticket_id}
    assert len(fake_rasa.received) == calls_before + 2
    console = gateway.login("amy")
    (ticket,) = console.get("/api/staff/handoffs").json()
    assert ticket["status"] == "new"
    live = console.get(f"/api/staff/handoffs/{ticket['id']}/messages").json()
    assert [m["text"] for m in live if m["direction"] == "in"] == ["繼續", "碳費怎麼算"]  # staff see it all


def test_cancel_before_anyone_joined_withdraws_the_request(gateway, fake_rasa):
    ticket_id = _open_ticket(gateway, fake_rasa, "web-c1")["ticket_id"]
    calls_before = len(fake_rasa.received)

    cancelled = gateway.chat("web-c1", "不用了")

    assert [m["text"] for m in cancelled] == [TEXTS.get("handoff.cancelled")]
    assert len(fake_rasa.received) == calls_before  # a gateway command, not a question
    console = gateway.login("amy")
    ticket = console.get(f"/api/staff/handoffs/{ticket_id}").json()
    assert (ticket["status"], ticket["closed_by"]) == ("closed", "user")  # the console shows 使用者已取消
    after = gateway.chat("web-c1", "取消")  # no ticket any more: an ordinary message for the bot
    assert after == [{"recipient_id": gateway.key("web-c1"), "text": "echo: 取消"}]


def test_a_claim_tells_the_user_who_joined_and_then_the_bot_is_silent(gateway, fake_rasa):
    ticket_id = _open_ticket(gateway, fake_rasa, "web-j1")["ticket_id"]
    last_seen = gateway.web.messages("web-j1")[-1]["id"]
    console = gateway.login("amy")

    assert console.post(f"/api/staff/handoffs/{ticket_id}/claim").status_code == 200

    joined = gateway.web.messages("web-j1", after=last_seen)
    assert [m["text"] for m in joined] == [TEXTS.get("handoff.joined", name="王小美")]
    assert "amy" not in joined[0]["text"]  # the display name, never the login name
    calls_before = len(fake_rasa.received)
    first = gateway.chat("web-j1", "我等一下")
    second = gateway.chat("web-j1", "取消")  # once a person has joined, the user talks to that person
    assert [m["text"] for m in first] == [TEXTS.get("handoff.held_ack")]  # once per ticket
    assert second == []
    assert len(fake_rasa.received) == calls_before  # nothing went to Rasa
    assert console.get(f"/api/staff/handoffs/{ticket_id}").json()["status"] == "claimed"


def test_a_staff_reply_reaches_the_web_user_and_close_gives_the_user_back_to_the_bot(gateway, fake_rasa):
    ticket_id = _open_ticket(gateway, fake_rasa, "web-h3")["ticket_id"]
    seen = gateway.web.messages("web-h3")
    last_seen = seen[-1]["id"]
    console = gateway.login("amy")

    claimed = console.post(f"/api/staff/handoffs/{ticket_id}/claim")
    assert claimed.status_code == 200 and claimed.json()["status"] == "claimed"
    assert claimed.json()["claimed_by_name"] == "王小美"
    sent = console.post(f"/api/staff/handoffs/{ticket_id}/messages", json={"text": "您好，我是承辦人員，請問專案類型？"})
    assert sent.status_code == 201, sent.text

    new = gateway.web.messages("web-h3", after=last_seen)
    assert [(m["direction"], m["text"]) for m in new] == [
        ("out", TEXTS.get("handoff.joined", name="王小美")), ("out", "您好，我是承辦人員，請問專案類型？")]
    assert new[1]["custom"] == {"from": "staff", "name": "王小美"}

    closed = console.post(f"/api/staff/handoffs/{ticket_id}/close")
    assert closed.status_code == 200, closed.text
    assert closed.json()["ticket"]["status"] == "closed" and closed.json()["notice_delivered"] is True
    after_close = gateway.web.messages("web-h3", after=new[-1]['id'])
    assert [m["text"] for m in after_close] == [TEXTS.get("handoff.closed")]

    calls_before = len(fake_rasa.received)
    assert gateway.chat("web-h3", "碳費怎麼算") == [{"recipient_id": gateway.key("web-h3"), "text": "echo: 碳費怎麼算"}]
    assert len(fake_rasa.received) == calls_before + 1  # the bot answers again


def test_outside_office_hours_the_user_is_told_when_staff_are_back_and_the_message_is_kept(gateway, fake_rasa):
    gateway.clock.now = CLOSED_TIME  # Saturday 10:00 in Taipei
    replies = _open_ticket(gateway, fake_rasa, "web-h4")["replies"]
    text = replies[-1]["text"]
    assert "3月9日（週一）09:00" in text
    assert "週一至週五 9:00–17:30" in text and "保留" in text
    answered = gateway.chat("web-h4", "我們的專案是造林")  # the bot keeps answering, and says when staff are back
    assert answered[0]["text"] == "echo: 我們的專案是造林"
    assert answered[-1]["text"] == TEXTS.get("handoff.waiting_closed", when="3月9日（週一）09:00")
    console = gateway.login("amy")
    (ticket,) = console.get("/api/staff/handoffs?status=new").json()
    live = console.get(f"/api/staff/handoffs/{ticket['id']}/messages").json()
    assert "我們的專案是造林" in [m["text"] for m in live]


def test_a_national_holiday_is_closed(gateway, fake_rasa):
    gateway.clock.now = datetime(2026, 2, 27, 3, 0, tzinfo=timezone.utc)  # Friday 11:00, 和平紀念日補假
    text = _open_ticket(gateway, fake_rasa, "web-h5")["replies"][-1]["text"]
    assert "3月2日（週一）09:00" in text


def test_the_ticket_keeps_the_collected_inventory_and_its_result(gateway, fake_rasa):
    inventory = {"summary": ["使用者的盤查資料（2025 年）：", "・固定燃燒｜天然氣：一年 1,000 度"]}
    result = {"total_tco2e": 1.879, "unit": "公噸CO2e"}
    ticket_id = _open_ticket(gateway, fake_rasa, "web-h6", topic="inventory", contact_id="ftis_inventory",
                             inventory=inventory, inventory_result=result)["ticket_id"]
    detail = gateway.login("amy").get(f"/api/staff/handoffs/{ticket_id}").json()
    assert detail["inventory"] == inventory and detail["inventory_result"] == result
    assert detail["contact"]["name"] == "范御羣" and detail["topic_label"] == "溫室氣體盤查輔導"


def test_the_queue_is_newest_first_and_filters_by_status_topic_and_channel(gateway, fake_rasa):
    first = _open_ticket(gateway, fake_rasa, "web-q1")["ticket_id"]
    gateway.clock.now = gateway.clock.now.replace(minute=5)
    second = _open_ticket(gateway, fake_rasa, "web-q2", topic="footprint", contact_id="itri_footprint")["ticket_id"]
    console = gateway.login("amy")
    assert [t["id"] for t in console.get("/api/staff/handoffs").json()] == [second, first]
    assert [t["id"] for t in console.get("/api/staff/handoffs?topic=footprint").json()] == [second]
    assert console.get("/api/staff/handoffs?channel=line").json() == []
    console.post(f"/api/staff/handoffs/{first}/claim")
    assert [t["id"] for t in console.get("/api/staff/handoffs?status=claimed").json()] == [first]
    assert [t["id"] for t in console.get("/api/staff/handoffs?status=new").json()] == [second]
    assert console.get("/api/staff/handoffs?status=bogus").status_code == 422


def test_claims_notes_and_closed_tickets_are_guarded(gateway, fake_rasa):
    ticket_id = _open_ticket(gateway, fake_rasa, "web-g1")["ticket_id"]
    amy, boss = gateway.login("amy"), gateway.login("boss")
    assert amy.post(f"/api/staff/handoffs/{ticket_id}/claim").status_code == 200
    assert amy.post(f"/api/staff/handoffs/{ticket_id}/claim").status_code == 200  # idempotent for the holder

    taken = boss.post(f"/api/staff/handoffs/{ticket_id}/claim")
    assert taken.status_code == 409 and "王小美" in taken.json()["error"]
    assert boss.post(f"/api/staff/handoffs/{ticket_id}/messages", json={"text": "插話"}).status_code == 409

    note = amy.post(f"/api/staff/handoffs/{ticket_id}/notes", json={"text": "已請對方寄申請表"})
    assert note.status_code == 201 and note.json()["author_name"] == "王小美"
    detail = amy.get(f"/api/staff/handoffs/{ticket_id}").json()
    assert [n["text"] for n in detail["notes"]] == ["已請對方寄申請表"]
    user_view = gateway.web.messages("web-g1")
    assert all("申請表" not in (m["text"] or "") for m in user_view)  # notes are internal

    assert amy.post(f"/api/staff/handoffs/{ticket_id}/close").status_code == 200
    for path, body in (("claim", None), ("messages", {"text": "還在嗎"}), ("close", None)):
        again = amy.post(f"/api/staff/handoffs/{ticket_id}/{path}", json=body)
        assert again.status_code == 409 and again.json()["error"] == TEXTS.get("staff.ticket_closed")
    missing = amy.post("/api/staff/handoffs/999/claim")
    assert missing.status_code == 404 and missing.json()["error"] == TEXTS.get("staff.ticket_not_found")


def test_an_empty_reply_is_refused_with_a_chinese_message(gateway, fake_rasa):
    ticket_id = _open_ticket(gateway, fake_rasa, "web-e1")["ticket_id"]
    response = gateway.login("amy").post(f"/api/staff/handoffs/{ticket_id}/messages", json={"text": "   "})
    assert response.status_code == 422 and "text" in response.json()["error"]
    assert gateway.login("amy").get(f"/api/staff/handoffs/{ticket_id}").json()["status"] == "new"


def test_the_loop_on_sqlite_and_postgresql(make_gateway, db_url, fake_rasa):
    gateway = make_gateway(database_url=db_url)
    gateway.add_user("amy", "staff", "王小美")
    ticket_id = _open_ticket(gateway, fake_rasa, "web-db")["ticket_id"]
    assert gateway.chat("web-db", "在嗎")[-1]["text"] == TEXTS.get("handoff.waiting")
    console = gateway.login("amy")
    assert console.post(f"/api/staff/handoffs/{ticket_id}/claim").status_code == 200
    assert [m["text"] for m in gateway.chat("web-db", "在嗎")] == [TEXTS.get("handoff.held_ack")]
    assert console.post(f"/api/staff/handoffs/{ticket_id}/messages", json={"text": "在的"}).status_code == 201
    assert console.post(f"/api/staff/handoffs/{ticket_id}/close").status_code == 200
    assert gateway.chat("web-db", "你好")[0]["text"] == "echo: 你好"

"""The handoff loop on LINE through the fake LINE Messaging API: the handoff is replied, the bot is silent
while held, the staff reply and the closing notice are pushed, then the bot answers again."""

from __future__ import annotations

import pytest

from gateway.texts import load_texts
from tests.fakes.clock import Clock, set_clock
from tests.fakes.gateway import PASSWORD
from tests.fakes.line_events import USER, text_event
from tests.fakes.line_gateway import LineGateway
from tests.fakes.replies import handoff_replies

TEXTS = load_texts()


@pytest.fixture
def gateway(line_gateway: LineGateway) -> LineGateway:
    """Here the gateway is the one with LINE on (on the fake LINE API)."""
    return line_gateway


def test_the_whole_loop_on_line(gateway, fake_rasa, line_api):
    app = gateway.client.app
    set_clock(app, Clock())  # within office hours, whatever the day CI runs on
    app.state.services.staff_accounts.create_user("amy", PASSWORD, "staff", "王小美")
    fake_rasa.mode = "canned"
    fake_rasa.canned = handoff_replies(f"line:{USER}")
    gateway.send(text_event("碳權的問題想找專人"))
    replied = [t for call in line_api.replies for t in call.texts]
    assert any("楊智傑" in t for t in replied)
    assert TEXTS.get("handoff.within_hours") in replied

    fake_rasa.mode = "echo"
    calls = len(fake_rasa.received)
    gateway.send(text_event("我等你們"))  # no one has joined yet: the bot answers, and says a person will join
    assert len(fake_rasa.received) == calls + 1
    assert TEXTS.get("handoff.waiting") in [t for call in line_api.replies for t in call.texts][-1]

    token = gateway.client.post("/api/staff/login", json={"username": "amy", "password": PASSWORD}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    (ticket,) = gateway.client.get("/api/staff/handoffs", headers=headers).json()
    assert gateway.client.post(f"/api/staff/handoffs/{ticket['id']}/claim", headers=headers).status_code == 200
    gateway.wait()
    assert any(TEXTS.get("handoff.joined", name="王小美") in t for call in line_api.pushes for t in call.texts)
    calls = len(fake_rasa.received)
    gateway.send(text_event("還在嗎"))
    assert len(fake_rasa.received) == calls  # silent once a person holds it: nothing to Rasa
    assert [t for call in line_api.replies for t in call.texts].count(TEXTS.get("handoff.held_ack")) == 1
    conversation = gateway.client.app.state.services.store.get_conversation(f"line:{USER}", "line")
    assert (ticket["channel"], ticket["conversation_id"], ticket["topic"]) == ("line", conversation.id, "offset")
    assert USER not in str(ticket)  # staff see the conversation's number, never the LINE user id
    live = gateway.client.get(f"/api/staff/handoffs/{ticket['id']}/messages", headers=headers).json()
    assert {"我等你們", "還在嗎"} <= {m["text"] for m in live if m["direction"] == "in"}

    sent = gateway.client.post(f"/api/staff/handoffs/{ticket['id']}/messages", headers=headers,
                               json={"text": "您好，我是王小美"})
    assert sent.status_code == 201, sent.text
    gateway.wait()
    pushed = [(call.body.get("to"), t) for call in line_api.pushes for t in call.texts]
    assert any(to == USER and "您好，我是王小美" in t for to, t in pushed), pushed

    closed = gateway.client.post(f"/api/staff/handoffs/{ticket['id']}/close", headers=headers)
    assert closed.status_code == 200 and closed.json()["notice_delivered"] is True
    gateway.wait()
    assert any(TEXTS.get("handoff.closed") in t for call in line_api.pushes for t in call.texts)

    gateway.send(text_event("碳費怎麼算"))
    assert len(fake_rasa.received) == calls + 1  # the bot answers again

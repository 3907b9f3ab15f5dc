"""Staff reads of a conversation leave an audit row: who, when, which conversation."""

from __future__ import annotations

from datetime import timedelta

from gateway.models import utcnow
from gateway.privacy import staff_reads
from tests.fakes.gateway import Gateway
from tests.fakes.rasa import FakeRasa
from tests.fakes.replies import handoff_replies


def open_ticket(gateway: Gateway, fake_rasa: FakeRasa, sender: str) -> int:
    fake_rasa.mode = "canned"
    fake_rasa.canned = handoff_replies(sender)
    gateway.chat(sender, "我要找真人")
    (ticket,) = [t for t in gateway.login("boss").get("/api/staff/handoffs").json()
                 if t["conversation_id"] == gateway.conversation_id(sender)]
    return ticket["id"]


def test_reading_a_ticket_writes_an_audit_row(gateway: Gateway, fake_rasa: FakeRasa) -> None:
    ticket_id = open_ticket(gateway, fake_rasa, "audited-user")
    engine = gateway.app.state.services.store.engine
    assert staff_reads(engine, "web", gateway.key("audited-user")) == []  # listing the queue is not reading a conversation

    before = utcnow()
    amy, boss = gateway.login("amy"), gateway.login("boss")
    assert amy.get(f"/api/staff/handoffs/{ticket_id}").status_code == 200
    assert boss.get(f"/api/staff/handoffs/{ticket_id}").status_code == 200

    reads = staff_reads(engine, "web", gateway.key("audited-user"))
    assert [(r.staff_username, r.ticket_id) for r in reads] == [("amy", ticket_id), ("boss", ticket_id)]
    assert all(before - timedelta(seconds=1) <= r.read_at <= utcnow() for r in reads)


def test_a_refused_read_is_not_recorded(gateway: Gateway, fake_rasa: FakeRasa) -> None:
    ticket_id = open_ticket(gateway, fake_rasa, "audited-user-2")
    assert gateway.client.get(f"/api/staff/handoffs/{ticket_id}").status_code == 401
    assert gateway.login("amy").get("/api/staff/handoffs/9999").status_code == 404
    assert staff_reads(gateway.app.state.services.store.engine, "web", gateway.key("audited-user-2")) == []

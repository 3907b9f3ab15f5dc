"""Staff replies go out through the user's channel (`OutboundChannel.push`); a channel that fails loses
nothing: the staff member is told, nothing half-sent is stored, and the reply can be sent again."""

from __future__ import annotations

from typing import Any

from gateway.handoff.requests import HandoffRequest
from gateway.texts import load_texts

TEXTS = load_texts()


class RecordingChannel:
    def __init__(self, name: str) -> None:
        self.name = name
        self.pushed: list[tuple[str, list[dict[str, Any]]]] = []
        self.failing = False

    async def push(self, sender: str, messages: list[dict[str, Any]]) -> None:
        if self.failing:
            raise ConnectionError("LINE is down")
        self.pushed.append((sender, messages))


def _ticket(gateway, channel: str, sender: str) -> int:
    ticket = gateway.app.state.services.handoffs.open_ticket(channel, sender, "找專人", HandoffRequest("inventory", None, "user_request"))
    return ticket.id


def test_a_staff_reply_is_pushed_through_the_users_channel(gateway):
    channel = RecordingChannel("line")
    gateway.app.state.services.channels.register(channel)
    ticket_id = _ticket(gateway, "line", "U-push-1")
    console = gateway.login("amy")
    assert console.post(f"/api/staff/handoffs/{ticket_id}/messages", json={"text": "您好"}).status_code == 201
    joined = {"text": TEXTS.get("handoff.joined", name="王小美"),
              "custom": {"type": "handoff_joined", "ticket_id": ticket_id, "name": "王小美"}}
    assert channel.pushed == [("U-push-1", [joined]),  # the first reply claims the ticket: who joined, then it
                              ("U-push-1", [{"text": "您好", "custom": {"from": "staff", "name": "王小美"}}])]
    assert console.post(f"/api/staff/handoffs/{ticket_id}/close").json()["notice_delivered"] is True
    assert channel.pushed[-1][1][0]["text"] == TEXTS.get("handoff.closed")


def test_a_failing_channel_loses_nothing(gateway):
    channel = RecordingChannel("line")
    channel.failing = True
    gateway.app.state.services.channels.register(channel)
    ticket_id = _ticket(gateway, "line", "U-push-2")
    console = gateway.login("amy")

    failed = console.post(f"/api/staff/handoffs/{ticket_id}/messages", json={"text": "您好，請問還需要協助嗎"})
    assert failed.status_code == 502
    assert failed.json()["error"] == TEXTS.get("staff.delivery_failed", channel="line")
    live = console.get(f"/api/staff/handoffs/{ticket_id}/messages").json()
    assert all(m["text"] != "您好，請問還需要協助嗎" for m in live)  # not recorded as sent

    channel.failing = False
    assert console.post(f"/api/staff/handoffs/{ticket_id}/messages", json={"text": "您好，請問還需要協助嗎"}).status_code == 201
    assert [m["text"] for m in console.get(f"/api/staff/handoffs/{ticket_id}/messages").json()].count(
        "您好，請問還需要協助嗎") == 1

    channel.failing = True
    closed = console.post(f"/api/staff/handoffs/{ticket_id}/close")
    assert closed.status_code == 200 and closed.json()["notice_delivered"] is False  # closed all the same
    assert gateway.app.state.services.handoffs.open_ticket_for("line", "U-push-2") is None


def test_a_channel_that_is_not_configured_is_a_delivery_failure(gateway):
    ticket_id = _ticket(gateway, "line", "U-nochannel")  # LINE is off in this gateway
    response = gateway.login("amy").post(f"/api/staff/handoffs/{ticket_id}/messages", json={"text": "您好"})
    assert response.status_code == 502

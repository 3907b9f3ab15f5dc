"""A LINE event answered with 200 is handled even if the process dies before handling it (issue 14, "Also
fix"): it is recorded with its payload before the 200, and unhandled records are taken up again, in order per
user, at start and periodically. Once handled, its payload (what the user wrote) is dropped."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from gateway.channels.line_models import LineWebhookEvent
from gateway.models import utcnow
from tests.fakes.line_events import USER, text_event


def _die_before_handling(gateway, monkeypatch) -> None:
    """The process takes the events on (records them, answers 200), then dies before its task runs."""
    async def dead(events, received) -> None:
        return None

    monkeypatch.setattr(gateway.channel, "_process_all", dead)


def _expire_leases(gateway) -> None:
    with gateway.client.app.state.services.store.engine.begin() as connection:
        connection.execute(update(LineWebhookEvent).values(leased_until=utcnow() - timedelta(seconds=1)))


def test_an_event_acknowledged_before_the_process_died_is_handled_after_the_restart(
    make_gateway, fake_rasa, line_api, monkeypatch
):
    first = make_gateway()
    _die_before_handling(first, monkeypatch)
    later, earlier = text_event("第二句電費一個月12萬"), text_event("第一句我們是紡織廠")
    earlier["timestamp"] = later["timestamp"] - 1000  # LINE's order, whatever order they were sent in
    assert first.post(later).status_code == 200
    assert first.post(earlier).status_code == 200
    store = first.channel.store
    assert store.get_event(later["webhookEventId"]).payload is not None  # on disk before LINE got its 200
    first.stop()
    assert fake_rasa.received == []

    second = make_gateway()  # the restart: the dead process's lease must run out first
    second.client.portal.call(second.channel.recover)
    assert fake_rasa.received == []
    _expire_leases(second)
    assert second.client.portal.call(second.channel.recover) == 2
    assert [r["message"] for r in fake_rasa.received] == ["第一句我們是紡織廠", "第二句電費一個月12萬"]
    assert fake_rasa.received[0]["sender"] == f"line:{USER}"
    answered = [t for call in line_api.calls for t in call.texts]
    assert "echo: 第一句我們是紡織廠" in answered and "echo: 第二句電費一個月12萬" in answered
    for event in (earlier, later):
        row = second.channel.store.get_event(event["webhookEventId"])
        assert row.processed_at is not None and row.payload is None  # the user's text is not kept
    assert second.client.portal.call(second.channel.recover) == 0  # handled once


def test_a_handled_event_keeps_no_payload_and_a_redelivery_is_not_handled_again(gateway, fake_rasa):
    event = text_event("你好")
    gateway.send(event)
    row = gateway.channel.store.get_event(event["webhookEventId"])
    assert row.processed_at is not None and row.payload is None
    redelivered = {**event, "deliveryContext": {"isRedelivery": True}}
    gateway.send(redelivered)
    _expire_leases(gateway)
    gateway.client.portal.call(gateway.channel.recover)
    assert [r["message"] for r in fake_rasa.received] == ["你好"]


def test_an_event_that_keeps_failing_is_given_up(make_gateway, fake_rasa, monkeypatch):
    gateway = make_gateway()
    _die_before_handling(gateway, monkeypatch)
    event = text_event("會讓程序當掉的訊息")
    gateway.post(event)
    monkeypatch.undo()
    with gateway.client.app.state.services.store.engine.begin() as connection:
        connection.execute(update(LineWebhookEvent).values(attempts=3))
    _expire_leases(gateway)
    assert gateway.client.portal.call(gateway.channel.recover) == 0
    assert fake_rasa.received == []
    row = gateway.channel.store.get_event(event["webhookEventId"])
    assert row.processed_at is not None and row.payload is None

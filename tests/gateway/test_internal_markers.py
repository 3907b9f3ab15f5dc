"""Marker payloads that actions send for the gateway (faq/fallback) are stored, never shown to users."""

from __future__ import annotations

from gateway.conversation import is_internal


def test_marker_only_replies_are_internal():
    assert is_internal({"custom": {"type": "faq", "entry_id": "sme_definition"}})
    assert is_internal({"custom": {"type": "fallback"}})
    assert not is_internal({"text": "您好", "custom": {"type": "faq"}})
    assert not is_internal({"custom": {"type": "inventory_result", "result": {}}})
    assert not is_internal({"text": "您好"})


def test_chat_and_polling_hide_markers(web, fake_rasa):
    fake_rasa.mode = "canned"
    fake_rasa.canned = [{"text": "答案"}, {"custom": {"type": "faq", "entry_id": "x", "topic": "method"}}]
    answer = web.send("marker-1", "問題")
    assert [m.get("text") for m in answer] == ["答案"]
    listed = web.messages("marker-1")
    assert all((m.get("custom") or {}).get("type") != "faq" for m in listed)
    assert [m["direction"] for m in listed] == ["in", "out"]

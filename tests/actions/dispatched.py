"""What a test reads of the messages an action sent (a CollectingDispatcher's) and of the events it returned."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages if m.get("text")]


def customs(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """The json_message payloads (what the gateway reads: faq, handoff, clarify, fallback, inventory_result)."""
    return [m["custom"] for m in dispatcher.messages if m.get("custom")]


def payloads(dispatcher: CollectingDispatcher) -> list[str]:
    return [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]


def slots(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots the events set, by name."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}

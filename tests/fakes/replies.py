"""Replies as Rasa sends them for the fake Rasa to answer with (the hand-off action's), and what a test reads of
the replies it got (their texts, their buttons' payloads)."""

from __future__ import annotations

from typing import Any


def handoff_replies(sender: str, topic: str = "offset", contact_id: str = "ftis_offset",
                    reason: str = "user_request", **extra: Any) -> list[dict[str, Any]]:
    """What Rasa answers when action_handoff runs (text, then the custom payload)."""
    return [
        {"recipient_id": sender, "text": "好的，為您轉介專人。\n抵換專案輔導窗口：楊智傑 研究員"},
        {"recipient_id": sender, "custom": {"type": "handoff", "topic": topic, "contact_id": contact_id,
                                            "reason": reason, **extra}},
    ]


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def payloads(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]

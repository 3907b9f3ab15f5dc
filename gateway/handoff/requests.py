"""What the hand-off service is asked with: the staff member acting on a ticket (Actor) and what an action's
``custom: {"type": "handoff", ...}`` payload asks for (HandoffRequest)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contracts import payloads


@dataclass(frozen=True)
class Actor:
    """The staff member acting on a ticket."""

    username: str
    display_name: str
    is_admin: bool = False


@dataclass(frozen=True)
class HandoffRequest:
    """What an action's ``custom: {"type": "handoff", ...}`` payload asks for."""

    topic: str
    contact_id: str | None
    reason: str
    inventory: Any = None
    inventory_result: Any = None

    @classmethod
    def from_payload(cls, payload: dict[str, Any], default_topic: str) -> HandoffRequest:
        topic = payload.get("topic")
        return cls(
            topic=topic if isinstance(topic, str) and topic else default_topic,
            contact_id=payload.get("contact_id") if isinstance(payload.get("contact_id"), str) else None,
            reason=str(payload.get("reason") or payloads.REASON_USER_REQUEST),
            inventory=payload.get("inventory"),
            inventory_result=payload.get("inventory_result"),
        )

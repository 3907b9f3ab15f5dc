"""What the LINE channel reads off a webhook event before handling it: the user it comes from, whether its ids
can be stored at all, and until when its reply token is worth trying."""

from __future__ import annotations

from collections.abc import Sequence

from linebot.v3.webhooks import Event, UserSource

#: the width of the id columns of line_webhook_events and line_users (LINE's ids are 26–33 characters)
MAX_ID_CHARS = 64


def user_id_of(event: Event) -> str | None:
    """The LINE user id of a one-to-one chat's event; None for groups and rooms."""
    source = getattr(event, "source", None)
    return source.user_id if isinstance(source, UserSource) and source.user_id else None


def refuse_impossible_ids(events: Sequence[Event]) -> None:
    """ValueError for an event whose id, type or user the store cannot keep (NUL, longer than the columns)."""
    for event in events:
        stored = (getattr(event, "webhook_event_id", None), getattr(event, "type", None), user_id_of(event))
        for value in stored:
            if isinstance(value, str) and (len(value) > MAX_ID_CHARS or "\x00" in value):
                raise ValueError(f"webhook event with an impossible id or type: {value[:80]!r}")


def reply_deadline(event: Event, received: float, budget_seconds: float) -> float:
    """Until when the reply token is worth trying: the budget counted from the event (or its arrival)."""
    timestamp = getattr(event, "timestamp", None)
    # compared as ms, not divided first: a huge int (signed, but not LINE's) cannot become a float
    if isinstance(timestamp, int) and 0 < timestamp < received * 1000:
        return timestamp / 1000 + budget_seconds
    return received + budget_seconds

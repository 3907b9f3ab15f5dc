"""What the user is told about when a person will join: after a hand-off (staff answer here soon, or when the
office opens) and under each bot answer while the ticket waits."""

from __future__ import annotations

from datetime import datetime

from gateway.handoff.office_hours import OfficeHours
from gateway.texts import Texts


def availability_text(texts: Texts, hours: OfficeHours, at: datetime) -> str:
    """What the user is told after a handoff: staff answer here soon, or when the office opens."""
    if hours.is_open(at):
        return texts.get("handoff.within_hours")
    opening = hours.next_opening(at)
    if opening is None:
        return texts.get("handoff.outside_hours_unknown", hours=hours.description)
    return texts.get("handoff.outside_hours", hours=hours.description, when=opens_at(texts, opening))


def waiting_text(texts: Texts, hours: OfficeHours, at: datetime) -> str:
    """Said under each bot answer while the ticket waits for staff: a person will join (and when)."""
    if hours.is_open(at):
        return texts.get("handoff.waiting")
    opening = hours.next_opening(at)
    if opening is None:
        return texts.get("handoff.waiting")
    return texts.get("handoff.waiting_closed", when=opens_at(texts, opening))


def opens_at(texts: Texts, opening: datetime) -> str:
    """The office's next opening as the user reads it: month, day, weekday and time (handoff.opens_at)."""
    weekday = texts.get("handoff.weekday_names").split(",")[opening.weekday()].strip()
    return texts.get("handoff.opens_at", month=opening.month, day=opening.day, weekday=weekday,
                     time=opening.strftime("%H:%M"))

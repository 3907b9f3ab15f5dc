"""A fixed clock for the gateway's services that tell the time (office hours, staff sessions, insights)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

#: Monday 2026-03-02 10:00 in Taipei (office open) and Saturday 2026-03-07 10:00 (closed).
OPEN_TIME = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
CLOSED_TIME = datetime(2026, 3, 7, 2, 0, tzinfo=timezone.utc)


@dataclass
class Clock:
    """Returns ``now``; a test moves time by setting it."""

    now: datetime = OPEN_TIME

    def __call__(self) -> datetime:
        return self.now


def set_clock(app: Any, clock: Clock) -> None:
    """Every clock of the app's services reads ``clock``."""
    app.state.services.handoffs.clock = clock
    app.state.services.staff_accounts.clock = clock
    app.state.services.staff_insights.clock = clock
    app.state.services.faq_editor.clock = clock

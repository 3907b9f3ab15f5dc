"""What the staff learn from the stored conversations: the questions the bot could not answer, and the
dashboard's figures.

Both read the conversation store. Actions mark their replies with a `custom` payload the gateway stores:
``{"type": "fallback"}`` (action_not_sure), ``{"type": "faq", "entry_id", "topic"}`` (action_answer_faq),
``{"type": "inventory_result"}`` (an inventory computed); handoffs are the tickets. Days are Taiwan days.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import aliased

from gateway.db import make_sessionmaker
from gateway.handoff.models import HandoffTicket
from gateway.models import Message, utcnow
from contracts import payloads

DASHBOARD_TIMEZONE = ZoneInfo("Asia/Taipei")
FALLBACK_TYPE = payloads.FALLBACK
FAQ_TYPE = payloads.FAQ
#: custom types that mean "an inventory was computed" (actions/inventory.py)
INVENTORY_RESULT_TYPES = (payloads.INVENTORY_RESULT,)
TOP_TOPICS = 10


def _custom(key: str) -> Any:
    return Message.payload[("custom", key)].as_string()


@dataclass(frozen=True)
class FallbackQuestion:
    message_id: int
    conversation_id: int
    channel: str
    question: str | None
    intent: str | None
    created_at: datetime


class Insights:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self._sessions = make_sessionmaker(engine)
        self.clock = clock

    def fallback_questions(self, limit: int = 100, before_id: int | None = None) -> list[FallbackQuestion]:
        """The user messages the bot answered with "not sure", newest first."""
        asked = aliased(Message)
        question = (
            select(asked.text)
            .where(asked.conversation_id == Message.conversation_id, asked.direction == "in",
                   asked.id < Message.id)
            .order_by(asked.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        statement = (
            select(Message.id, Message.conversation_id, Message.channel, question, _custom("intent"),
                   Message.created_at)
            .where(Message.direction == "out", _custom("type") == FALLBACK_TYPE)
            .order_by(Message.id.desc())
            .limit(limit)
        )
        if before_id is not None:
            statement = statement.where(Message.id < before_id)
        with self._sessions() as session:
            return [FallbackQuestion(*row) for row in session.execute(statement)]

    def dashboard(self, days: int = 30) -> dict[str, Any]:
        today = self.clock().astimezone(DASHBOARD_TIMEZONE).date()
        first_day = today - timedelta(days=days - 1)
        since = datetime.combine(first_day, time(0), tzinfo=DASHBOARD_TIMEZONE)
        day_list = [first_day + timedelta(days=i) for i in range(days)]
        with self._sessions() as session:
            incoming = session.execute(
                select(Message.conversation_id, Message.channel, Message.created_at)
                .where(Message.direction == "in", Message.created_at >= since)
            ).all()
            fallbacks = session.scalars(
                select(Message.created_at).where(Message.direction == "out", _custom("type") == FALLBACK_TYPE,
                                                 Message.created_at >= since)
            ).all()
            inventories = session.scalars(
                select(Message.created_at).where(Message.direction == "out",
                                                 _custom("type").in_(INVENTORY_RESULT_TYPES),
                                                 Message.created_at >= since)
            ).all()
            entry = _custom("entry_id")
            faq_counts = session.execute(
                select(entry, func.count())
                .where(Message.direction == "out", _custom("type") == FAQ_TYPE, Message.created_at >= since)
                .group_by(entry)
            ).all()
            tickets = session.scalars(select(HandoffTicket).where(HandoffTicket.created_at >= since)).all()

        conversations: dict[str, dict[date, set[int]]] = defaultdict(lambda: defaultdict(set))
        for conversation_id, channel, created_at in incoming:
            conversations[channel][self._day(created_at)].add(conversation_id)
        waits = [(t.claimed_at - t.created_at).total_seconds() for t in tickets if t.claimed_at is not None]
        faq_top = sorted(((str(e), n) for e, n in faq_counts if e), key=lambda item: (-item[1], item[0]))
        return {
            "days": [d.isoformat() for d in day_list],
            "conversations_per_day": {
                channel: [len(per_day.get(d, ())) for d in day_list] for channel, per_day in sorted(conversations.items())
            },
            "messages_in": len(incoming),
            "fallbacks": len(fallbacks),
            "fallback_rate": round(len(fallbacks) / len(incoming), 4) if incoming else 0.0,
            "fallbacks_per_day": self._per_day(fallbacks, day_list),
            "top_faq": [{"entry_id": e, "count": n} for e, n in faq_top[:TOP_TOPICS]],
            "handoffs": {
                "total": len(tickets),
                "by_topic": dict(Counter(t.topic for t in tickets).most_common()),
                "by_status": dict(Counter(t.status for t in tickets)),
                "per_day": self._per_day([t.created_at for t in tickets], day_list),
                "waiting_seconds": {
                    "claimed": len(waits),
                    "mean": round(statistics.fmean(waits)) if waits else None,
                    "median": round(statistics.median(waits)) if waits else None,
                    "max": round(max(waits)) if waits else None,
                },
            },
            "inventories": {"total": len(inventories), "per_day": self._per_day(inventories, day_list)},
        }

    @staticmethod
    def _day(at: datetime) -> date:
        return at.astimezone(DASHBOARD_TIMEZONE).date()

    def _per_day(self, stamps: list[datetime] | Any, day_list: list[date]) -> list[int]:
        counts = Counter(self._day(at) for at in stamps)
        return [counts.get(d, 0) for d in day_list]

"""The handoff's TurnHook: open a ticket when Rasa hands over; keep the bot silent while a person holds it."""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool

from bot.conversation import Turn
from bot.handoff.service import HandoffRequest, HandoffService
from bot.ratelimit import Limit, Throttle

log = logging.getLogger(__name__)

HANDOFF_TYPE = "handoff"
#: Used when an action's payload names no topic (the inventory counselling contact).
DEFAULT_TOPIC = "inventory"


def _handoff_payload(reply: dict[str, Any]) -> dict[str, Any] | None:
    custom = reply.get("custom")
    if isinstance(custom, dict) and custom.get("type") == HANDOFF_TYPE:
        return custom
    return None


class HandoffHook:
    """`tickets_per_ip` bounds the tickets one client address can open (web turns carry the address; a flood of
    new chat sessions must not flood the staff queue): past it the user is told to phone instead."""

    def __init__(self, service: HandoffService, throttle: Throttle | None = None,
                 tickets_per_ip: Limit | None = None) -> None:
        self.service = service
        self.throttle = throttle
        self.tickets_per_ip = tickets_per_ip

    async def before_rasa(self, turn: Turn) -> list[dict[str, Any]] | None:
        """While a ticket is open the user's message only goes to the console (it is already stored).

        The first such message of a ticket gets one acknowledgement; after that the bot says nothing.
        """
        ticket = await run_in_threadpool(self.service.open_ticket_for, turn.channel, turn.sender)
        if ticket is None:
            return None
        if await run_in_threadpool(self.service.acknowledge_once, ticket.id):
            text = self.service.texts.get("handoff.held_ack")
            return [{"text": text, "custom": {"type": "handoff_waiting", "ticket_id": ticket.id}}]
        return []

    async def after_rasa(self, turn: Turn, replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A reply carrying the handoff payload opens a ticket; the user is told when staff will answer."""
        payload = next((p for p in map(_handoff_payload, replies) if p is not None), None)
        if payload is None:
            return replies
        if await self._over_limit(turn):
            kept = [reply for reply in replies if _handoff_payload(reply) is None]
            return [*kept, {"text": self.service.texts.get("handoff.rate_limited")}]
        request = HandoffRequest.from_payload(payload, DEFAULT_TOPIC)
        # The bot's own replies of this turn are not stored yet: the transcript ends with the user's message.
        ticket = await run_in_threadpool(self.service.open_ticket, turn.channel, turn.sender, turn.text, request)
        now = self.service.clock()
        payload["ticket_id"] = ticket.id
        payload["office_open"] = self.service.office_hours.is_open(now)
        return [*replies, {"text": self.service.availability_text(now)}]

    async def _over_limit(self, turn: Turn) -> bool:
        if self.throttle is None or self.tickets_per_ip is None or not turn.client_ip:
            return False
        if await self.throttle.exceeded(self.tickets_per_ip, turn.client_ip):
            log.warning("handoff ticket refused: too many from one client address this hour")
            return True
        return False

"""The handoff's TurnHook: open a ticket when Rasa hands over, and never strand the user.

- While a ticket waits for staff (new, unclaimed) the bot keeps answering; each answer says that a person
  will join (and, outside office hours, when). 「取消」/「不用了」 withdraws the request (the ticket is closed by
  the user, and the staff queue shows so).
- Once a staff member has claimed the ticket the bot stays silent (the user was told who joined); the user's
  messages go to the console until the ticket is closed.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool

from gateway.conversation import Turn
from gateway.handoff.models import STATUS_CLAIMED
from gateway.handoff.requests import HandoffRequest
from gateway.handoff.service import HandoffService
from gateway.phrases import load_phrase_set, phrase_key
from gateway.ratelimit import Limit, Throttle
from contracts import payloads
from contracts.routing import DEFAULT_TOPIC

log = logging.getLogger(__name__)

HANDOFF_TYPE = payloads.HANDOFF
PHRASES_FILE = Path(__file__).with_name("phrases.yml")


def _handoff_payload(reply: dict[str, Any]) -> dict[str, Any] | None:
    custom = reply.get("custom")
    if isinstance(custom, dict) and custom.get("type") == HANDOFF_TYPE:
        return custom
    return None


@lru_cache
def cancel_phrases(path: Path = PHRASES_FILE) -> frozenset[str]:
    return load_phrase_set(path, "cancel_request")


def is_cancel_request(text: str) -> bool:
    return phrase_key(text) in cancel_phrases()


class HandoffHook:
    """`tickets_per_ip` bounds the tickets one client address can open (web turns carry the address; a flood of
    new chat sessions must not flood the staff queue): past it the user is told to phone instead."""

    def __init__(self, service: HandoffService, throttle: Throttle | None = None,
                 tickets_per_ip: Limit | None = None) -> None:
        self.service = service
        self.throttle = throttle
        self.tickets_per_ip = tickets_per_ip

    async def before_rasa(self, turn: Turn) -> list[dict[str, Any]] | None:
        """A claimed ticket holds the conversation (one acknowledgement, then silence); a waiting one does not,
        except that 取消 / 不用了 withdraws it."""
        ticket = await run_in_threadpool(self.service.open_ticket_for, turn.channel, turn.sender)
        if ticket is None:
            return None
        if ticket.status == STATUS_CLAIMED:
            if await run_in_threadpool(self.service.acknowledge_once, ticket.id):
                text = self.service.texts.get("handoff.held_ack")
                return [{"text": text, "custom": {"type": "handoff_waiting", "ticket_id": ticket.id}}]
            return []
        if is_cancel_request(turn.text) and await run_in_threadpool(self.service.cancel_by_user, ticket.id):
            return [{"text": self.service.texts.get("handoff.cancelled"),
                     "custom": {"type": "handoff_cancelled", "ticket_id": ticket.id}}]
        return None

    async def after_rasa(self, turn: Turn, replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A reply carrying the handoff payload opens a ticket (the user is told when staff will answer); while
        a ticket waits, the bot's answer says a person will join."""
        payload = next((p for p in map(_handoff_payload, replies) if p is not None), None)
        now = self.service.clock()
        if payload is None:
            waiting = await run_in_threadpool(self.service.open_ticket_for, turn.channel, turn.sender)
            if waiting is None or not replies:
                return replies
            return [*replies, {"text": self.service.waiting_text(now),
                               "custom": {"type": "handoff_pending", "ticket_id": waiting.id}}]
        if await self._over_limit(turn):
            kept = [reply for reply in replies if _handoff_payload(reply) is None]
            return [*kept, {"text": self.service.texts.get("handoff.rate_limited")}]
        request = HandoffRequest.from_payload(payload, DEFAULT_TOPIC)
        # The bot's own replies of this turn are not stored yet: the transcript ends with the user's message.
        ticket = await run_in_threadpool(self.service.open_ticket, turn.channel, turn.sender, turn.text, request)
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

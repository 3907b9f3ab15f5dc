"""The time budget of a Rasa turn: one whole turn may take at most `RASA_TIMEOUT_SECONDS`.

httpx's and aiohttp's timeouts are per connect/read/write step, so a server that trickles could take longer;
past the budget the turn is answered at once. The request to Rasa is not cut there: Rasa has the message and
will act on it (record an inventory line, move its form on) whatever the gateway does, so cutting it would only
lose the answer and invite the user to send the same message twice. For `RASA_LATE_REPLY_SECONDS` more, the turn
keeps waiting in the background (`RasaLate.answer`); the conversation service then delivers its answer late
(gateway.conversation). Past that, or with late replies off, the user hears "unavailable" and the hotline
(gateway/hotline_contact.py). Request-rate limits are in gateway/ratelimit.py.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from gateway.rasa_client import RasaClient, RasaUnavailable

log = logging.getLogger(__name__)


class RasaLate(RasaUnavailable):
    """Rasa has not answered within the budget but may still: ``answer`` is the turn still waiting (it raises
    RasaUnavailable when Rasa fails or the late-reply time runs out too). A caller that cannot deliver late
    treats this as RasaUnavailable (and should ``answer.cancel()``)."""

    def __init__(self, reason: str, answer: asyncio.Task[list[dict[str, Any]]]) -> None:
        super().__init__(reason)
        self.answer = answer


class BudgetedRasaClient(RasaClient):
    """A RasaClient whose `send` as a whole (not each network step) answers within `timeout_seconds`: with
    Rasa's replies, or by raising RasaLate (``late_seconds`` > 0) or RasaUnavailable."""

    def __init__(self, *args: Any, late_seconds: float = 0.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.late_seconds = late_seconds
        self.set_request_timeout(self.timeout_seconds + late_seconds)

    async def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        answer = asyncio.ensure_future(self._send_within(sender, text, metadata))
        answer.add_done_callback(_retrieved)
        try:
            return await asyncio.wait_for(asyncio.shield(answer), self.timeout_seconds)
        except TimeoutError:
            reason = f"no answer within the {self.timeout_seconds}s budget"
            if self.late_seconds <= 0:
                answer.cancel()
                raise RasaUnavailable(reason) from None
            raise RasaLate(reason, answer) from None  # type: ignore[arg-type]

    async def _send_within(self, sender: str, text: str, metadata: dict[str, Any] | None) -> list[dict[str, Any]]:
        limit = self.timeout_seconds + self.late_seconds
        try:
            async with asyncio.timeout(limit):
                return await super().send(sender, text, metadata)
        except TimeoutError as exc:
            raise RasaUnavailable(f"no answer within {limit}s") from exc


def _retrieved(answer: asyncio.Future[Any]) -> None:
    """Marks a failed turn's exception as seen: a late answer nobody waits for must not log "never retrieved"."""
    if not answer.cancelled() and answer.exception() is not None:
        log.debug("a Rasa turn failed: %s", answer.exception())

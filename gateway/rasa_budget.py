"""The time budget of a Rasa turn: one whole turn may take at most `RASA_TIMEOUT_SECONDS`.

httpx's and aiohttp's timeouts are per connect/read/write step, so a server that trickles could take longer;
past the budget the turn is answered with the "unavailable" text (and the hotline: gateway/hotline_contact.py).
Request-rate limits are in gateway/ratelimit.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

from gateway.rasa_client import RasaClient, RasaUnavailable


class BudgetedRasaClient(RasaClient):
    """A RasaClient whose `send` as a whole (not each network step) ends within `timeout_seconds`."""

    async def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            async with asyncio.timeout(self.timeout_seconds):
                return await super().send(sender, text, metadata)
        except TimeoutError as exc:
            raise RasaUnavailable(f"no answer within the {self.timeout_seconds}s budget") from exc

"""Why a ticket action cannot be done: each error names its Chinese message (gateway/messages.yml) and the HTTP
status the staff API answers with."""

from __future__ import annotations

from typing import Any


class HandoffError(Exception):
    """A ticket action that cannot be done; ``text_key`` names the Chinese message in gateway/messages.yml."""

    status_code = 409

    def __init__(self, text_key: str, **values: Any) -> None:
        super().__init__(text_key)
        self.text_key = text_key
        self.values = values


class TicketNotFound(HandoffError):
    status_code = 404

    def __init__(self) -> None:
        super().__init__("staff.ticket_not_found")


class DeliveryFailed(HandoffError):
    """The user's channel did not take the message (nothing was stored)."""

    status_code = 502

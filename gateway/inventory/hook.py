"""The turn hook that stores an inventory result and gives the user its chart and workbook.

When one of Rasa's replies carries `custom: {"type": "inventory_result", "inventory": …, "result": …}` (sent by
the inventory action), the inventory is stored as the conversation's next version and, right after that reply,
come an image message (the chart) and a link message (the workbook). The result message itself stays (the LINE
channel turns it into a summary card) and gains `inventory_token`, `version`, `chart_url` and `export_url`.
If storing fails, the user still has the result and is told that the files could not be made this time.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from gateway.conversation import Turn
from gateway.inventory.chart import CJKFontMissing, alt_text, cjk_font_file
from gateway.inventory.payload import InventoryPayload, find_payload
from gateway.inventory.links import inventory_urls
from gateway.inventory.store import InventoryStore
from gateway.texts import Texts
from contracts import payloads

log = logging.getLogger(__name__)

LINK_TYPE = payloads.LINK


class InventoryHook:
    """A `gateway.conversation.TurnHook`: acts after Rasa only."""

    def __init__(self, store: InventoryStore, texts: Texts, public_base_url: str | None = None) -> None:
        self.store = store
        self.texts = texts
        self.base = (public_base_url or "").rstrip("/")
        self.charts = charts_available()

    async def before_rasa(self, turn: Turn) -> list[dict[str, Any]] | None:
        return None

    async def after_rasa(self, turn: Turn, replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for reply in replies:
            out.append(reply)
            custom = find_payload(reply)
            if custom is not None:
                out.extend(await self._store(turn, custom))
        return out

    async def _store(self, turn: Turn, custom: dict[str, Any]) -> list[dict[str, Any]]:
        """Store one result; return the messages that follow it."""
        try:
            payload = InventoryPayload.parse(custom)
        except ValidationError as exc:
            log.error("inventory_result from %s:%s is not calc's shape: %s", turn.channel, turn.sender, exc)
            return [{"text": self.texts.get("inventory.files_unavailable")}]
        try:
            inventory = await run_in_threadpool(self.store.save, turn.channel, turn.sender, payload)
        except SQLAlchemyError:
            log.exception("could not store the inventory of %s:%s", turn.channel, turn.sender)
            return [{"text": self.texts.get("inventory.files_unavailable")}]
        urls = inventory_urls(self.base, inventory.public_token)
        custom.update(inventory_token=inventory.public_token, version=inventory.version, **urls)
        messages: list[dict[str, Any]] = []
        if self.charts:
            messages.append({"image": urls["chart_url"], "alt": alt_text(payload.result)})
        title = self.texts.get("inventory.export_title")
        # the address is in the link (a button in the widget and on LINE), never in the text
        messages.append(
            {
                "text": self.texts.get("inventory.export_text"),
                "custom": payloads.LinkPayload(type=LINK_TYPE, url=urls["export_url"], title=title),
            }
        )
        return messages


def charts_available() -> bool:
    """Whether the chart can be drawn (a CJK font is installed); logs why not, once, at start-up."""
    try:
        log.debug("inventory charts use %s", cjk_font_file())
    except CJKFontMissing as exc:
        log.error("inventory charts are off: %s", exc)
        return False
    return True

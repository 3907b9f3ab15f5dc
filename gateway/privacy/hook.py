"""The user's right to deletion in the conversation: 「刪除我的資料」 → a confirmation question → deletion.

A TurnHook placed first, so it works in every state of the conversation (also while a human holds it). Its
two button payloads are answered here; Rasa never sees them. Rasa's events of the conversation are deleted in
its tracker store (TRACKER_STORE_URL, gateway/privacy/tracker_store.py); a gateway that does not know the tracker
store can only reset the dialogue with ``/restart`` and says so (README "Security").
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from gateway.conversation import UNSTORED_TYPE, Turn
from gateway.phrases import load_phrase_set, phrase_key
from gateway.privacy.erase import Erased, erase_user
from gateway.privacy.tracker_store import TrackerStore
from gateway.rasa_client import RasaClient, RasaUnavailable
from gateway.texts import Texts

log = logging.getLogger(__name__)

PHRASES_FILE = Path(__file__).with_name("phrases.yml")
CONFIRM_PAYLOAD = "/privacy_confirm_delete"
CANCEL_PAYLOAD = "/privacy_cancel"
RASA_RESTART = "/restart"


@lru_cache
def load_phrases(path: Path = PHRASES_FILE) -> frozenset[str]:
    return load_phrase_set(path, "delete_request")


def is_delete_request(text: str, phrases: frozenset[str] | None = None) -> bool:
    return phrase_key(text) in (phrases if phrases is not None else load_phrases())


class PrivacyHook:
    """Answers deletion requests, their confirmation and their cancellation."""

    def __init__(self, engine: Engine, rasa: RasaClient, texts: Texts, tracker: TrackerStore | None = None) -> None:
        self.engine = engine
        self.rasa = rasa
        self.texts = texts
        self.tracker = tracker
        self.phrases = load_phrases()

    async def before_rasa(self, turn: Turn) -> list[dict[str, Any]] | None:
        command = turn.text.strip()
        if command == CONFIRM_PAYLOAD:
            return await self._delete(turn)
        if command == CANCEL_PAYLOAD:
            return [{"text": self.texts.get("privacy.cancelled")}]
        if is_delete_request(turn.text, self.phrases):
            return [{
                "text": self.texts.get("privacy.confirm_question"),
                "buttons": [
                    {"title": self.texts.get("privacy.confirm_button"), "payload": CONFIRM_PAYLOAD},
                    {"title": self.texts.get("privacy.cancel_button"), "payload": CANCEL_PAYLOAD},
                ],
            }]
        return None

    async def after_rasa(self, turn: Turn, replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return replies

    async def _delete(self, turn: Turn) -> list[dict[str, Any]]:
        try:
            erased = await run_in_threadpool(erase_user, self.engine, turn.channel, turn.sender)
        except Exception:
            log.exception("deleting the data of a %s user failed", turn.channel)
            return [{"text": self.texts.get("privacy.delete_failed")}]
        text = self._summary(erased)
        if self.tracker is not None:
            try:
                erased.tracker_events = await run_in_threadpool(self.tracker.delete_conversation, turn.sender)
                text += self.texts.get("privacy.tracker_deleted")
            except Exception:
                log.exception("deleting a %s conversation from Rasa's tracker store failed", turn.channel)
                text += "\n" + self.texts.get("privacy.tracker_failed")
        else:
            text += await self._restart(turn)
        log.info("user data deleted on request: %s", erased)
        return [{"text": text, "custom": {"type": UNSTORED_TYPE}}]

    async def _restart(self, turn: Turn) -> str:
        """Without the tracker store, the dialogue can only start afresh (its events stay in Rasa)."""
        try:
            await self.rasa.send(turn.sender, RASA_RESTART, {"channel": turn.channel})
        except RasaUnavailable as exc:
            log.warning("Rasa tracker not reset after a deletion: %s", exc.reason)
            return "\n" + self.texts.get("privacy.restart_failed")
        return self.texts.get("privacy.restarted")

    def _summary(self, erased: Erased) -> str:
        return self.texts.get(
            "privacy.deleted",
            messages=erased.messages,
            inventories=erased.inventories,
            tickets=erased.handoff_tickets,
            notes=erased.handoff_notes,
        )

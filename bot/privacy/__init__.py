"""Privacy (個人資料保護法): deletion on request, the staff read audit, and the retention purge.

`bot.app.create_app`'s lifespan calls :func:`start` (hook first in line, daily retention task) and
:func:`stop` on shutdown. Importing this package registers the audit table on `bot.models.Base`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from fastapi import FastAPI

from bot.privacy.audit import record_staff_read, staff_reads
from bot.privacy.erase import Erased, erase_user, purge_inactive
from bot.privacy.hook import CANCEL_PAYLOAD, CONFIRM_PAYLOAD, PrivacyHook, is_delete_request
from bot.privacy.models import StaffReadAudit
from bot.privacy.retention import run_retention
from bot.privacy.tracker_store import TrackerStore

log = logging.getLogger(__name__)

__all__ = [
    "CANCEL_PAYLOAD", "CONFIRM_PAYLOAD", "Erased", "PrivacyHook", "StaffReadAudit", "erase_user",
    "TrackerStore", "is_delete_request", "purge_inactive", "record_staff_read", "staff_reads", "start", "stop",
]


def start(app: FastAPI) -> None:
    """Put the privacy hook first (it must answer even in a conversation a human holds); start retention.

    Both reach Rasa's tracker store when TRACKER_STORE_URL is set (``app.state.tracker_store``)."""
    settings = app.state.settings
    tracker = TrackerStore.from_url(settings.tracker_store_url) if settings.tracker_store_url else None
    if tracker is None:
        log.warning("TRACKER_STORE_URL is not set: deletion and retention cannot remove Rasa's copy of a "
                    "conversation (README \"Security\")")
    app.state.tracker_store = tracker
    app.state.conversations.hooks.insert(
        0, PrivacyHook(app.state.store.engine, app.state.rasa, app.state.texts, tracker)
    )
    app.state.retention_task = asyncio.create_task(
        run_retention(app.state.store.engine, settings.retention_days, tracker=tracker), name="retention"
    )


async def stop(app: FastAPI) -> None:
    task = getattr(app.state, "retention_task", None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    tracker = getattr(app.state, "tracker_store", None)
    if tracker is not None:
        tracker.dispose()

"""Privacy (個人資料保護法): deletion on request, the staff read audit, and the retention purge.

`bot.app.create_app`'s lifespan calls :func:`start` (hook first in line, daily retention task) and
:func:`stop` on shutdown. Importing this package registers the audit table on `bot.models.Base`.
"""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import FastAPI

from bot.privacy.audit import record_staff_read, staff_reads
from bot.privacy.erase import Erased, erase_user, purge_inactive
from bot.privacy.hook import CANCEL_PAYLOAD, CONFIRM_PAYLOAD, PrivacyHook, is_delete_request
from bot.privacy.models import StaffReadAudit
from bot.privacy.retention import run_retention

__all__ = [
    "CANCEL_PAYLOAD", "CONFIRM_PAYLOAD", "Erased", "PrivacyHook", "StaffReadAudit", "erase_user",
    "is_delete_request", "purge_inactive", "record_staff_read", "staff_reads", "start", "stop",
]


def start(app: FastAPI) -> None:
    """Put the privacy hook first (it must answer even in a conversation a human holds); start retention."""
    app.state.conversations.hooks.insert(0, PrivacyHook(app.state.store.engine, app.state.rasa, app.state.texts))
    app.state.retention_task = asyncio.create_task(
        run_retention(app.state.store.engine, app.state.settings.retention_days), name="retention"
    )


async def stop(app: FastAPI) -> None:
    task = getattr(app.state, "retention_task", None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

"""The daily retention job inside the gateway: purge conversations idle for RETENTION_DAYS."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from gateway.privacy.erase import purge_inactive
from gateway.privacy.tracker_store import TrackerStore

log = logging.getLogger(__name__)

DAY_SECONDS = 24 * 60 * 60


async def run_retention(
    engine: Engine, days: int, interval_seconds: float = DAY_SECONDS, tracker: TrackerStore | None = None
) -> None:
    """Purge now, then every `interval_seconds`, until cancelled; a failed run is logged and retried next time."""
    while True:
        try:
            erased = await run_in_threadpool(purge_inactive, engine, days, None, tracker)
            if erased.conversations or erased.tracker_events:
                log.info("retention: purged conversations idle for %d days: %s", days, erased)
        except Exception:
            log.exception("retention purge failed; next attempt in %.0fs", interval_seconds)
        await asyncio.sleep(interval_seconds)

"""`python -m gateway.privacy purge [--days N]`: delete conversations (and their data) idle for N days."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from gateway.privacy.erase import purge_inactive
from gateway.privacy.tracker_store import TrackerStore
from gateway.settings import get_settings
from gateway.store import ConversationStore


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m gateway.privacy")
    commands = parser.add_subparsers(dest="command", required=True)
    purge = commands.add_parser("purge", help="delete conversations not updated for N days")
    purge.add_argument("--days", type=int, default=settings.retention_days,
                       help=f"default: RETENTION_DAYS ({settings.retention_days})")
    args = parser.parse_args(argv)
    if args.days < 1:
        parser.error("--days must be at least 1")
    store = ConversationStore.from_url(settings.database_url)
    tracker = TrackerStore.from_url(settings.tracker_store_url) if settings.tracker_store_url else None
    try:
        store.create_schema()  # a database the gateway never started on: the same (empty) schema
        erased = purge_inactive(store.engine, args.days, tracker=tracker)
    finally:
        store.dispose()
        if tracker is not None:
            tracker.dispose()
    print(" ".join(f"{name}={count}" for name, count in asdict(erased).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

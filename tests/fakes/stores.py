"""The databases the tests use: the local PostgreSQL (a schema per test session) and Redis, and an empty
conversation store on either SQLite or PostgreSQL. The fixtures over them are tests/fakes/fixtures.py's."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from gateway.db import make_engine
from gateway.models import Base
from gateway.privacy.tracker_store import EVENTS

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@contextmanager
def session_schema() -> Iterator[str]:
    """A URL whose connections see only a schema made for it (dropped at the end).

    PostgreSQL unreachable fails the test, unless TEST_ALLOW_NO_POSTGRES=1 (then it is skipped)."""
    schema = f"test_bot_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        reason = f"PostgreSQL is unreachable at {POSTGRES_URL}: {exc.orig}"
        if os.environ.get("TEST_ALLOW_NO_POSTGRES") == "1":
            pytest.skip(reason)
        pytest.fail(f"{reason}\n(start it, set TEST_POSTGRES_URL, or set TEST_ALLOW_NO_POSTGRES=1 to skip)")
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def emptied(url: str) -> str:
    """``url`` with the gateway's tables, and Rasa's tracker store a test put beside them, dropped."""
    engine = make_engine(url)
    Base.metadata.drop_all(engine)
    EVENTS.drop(engine, checkfirst=True)
    engine.dispose()
    return url

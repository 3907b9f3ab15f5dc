"""Fixtures for the production tests: a Redis key prefix of one test (the fakes' fixtures are tests/fakes/fixtures.py's)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.fakes.stores import REDIS_URL


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A Redis key prefix of this test only; its keys are deleted afterwards."""
    import redis

    prefix = f"test:ratelimit:{uuid.uuid4().hex}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        client.close()
        pytest.fail(f"Redis is unreachable at {REDIS_URL}: {exc} (start it or set TEST_REDIS_URL)")
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()

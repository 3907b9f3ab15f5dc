"""Alembic: `upgrade head` builds exactly the models' schema on SQLite and PostgreSQL, `downgrade base` removes
it, and the gateway starts on (and keeps) a migrated database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from gateway.app import create_app  # noqa: F401 (imports every model module onto Base)
from gateway.db import make_engine
from gateway.models import Base
from gateway.store import ConversationStore, alembic_config
from scripts.chat_client import ChatClient
from tests.fakes.stores import POSTGRES_URL

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose connections see only a new, empty schema (dropped afterwards)."""
    schema = f"test_mig_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'fresh.db'}" if request.param == "sqlite" else request.getfixturevalue("fresh_pg_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def _differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_upgrade_head_gives_exactly_the_models_schema(engine: Engine) -> None:
    _upgrade(engine)

    assert _differences(engine) == []
    assert _tables(engine) == set(Base.metadata.tables) | {"alembic_version"}
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == HEAD


def test_downgrade_base_removes_every_table(engine: Engine) -> None:
    _upgrade(engine)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")

    assert _tables(engine) <= {"alembic_version"}
    _upgrade(engine)  # and back up again
    assert _differences(engine) == []


def test_the_gateway_starts_on_a_migrated_database_and_keeps_its_data(engine: Engine, make_client, tmp_path) -> None:
    _upgrade(engine)
    url = engine.url.render_as_string(hide_password=False)

    web = ChatClient(make_client(database_url=url))
    web.send("m1", "你好")

    ConversationStore(engine).create_schema()  # a restart: nothing to do, nothing lost
    assert [m["text"] for m in web.messages("m1")][0] == "你好"
    assert _differences(engine) == []


def test_the_gateway_migrates_an_empty_database_itself(engine: Engine, fake_rasa, tmp_path) -> None:
    url = engine.url.render_as_string(hide_password=False)
    ConversationStore.from_url(url).create_schema()

    assert _differences(engine) == []
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == HEAD


def test_a_database_made_by_create_all_is_adopted_without_losing_data(tmp_path) -> None:
    """Databases from before the migrations (tables made by create_all) are stamped, not re-created."""
    engine = make_engine(f"sqlite:///{tmp_path / 'legacy.db'}")
    Base.metadata.create_all(engine)
    store = ConversationStore(engine)
    store.record_incoming("old", "web", "舊的訊息")

    store.create_schema()

    assert [m.text for m in store.messages_after("old", "web")] == ["舊的訊息"]
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == HEAD
    engine.dispose()


def _as_create_all_made_it_then(engine: Engine) -> None:
    """A database as `create_all` made it before the migrations existed (the first revision's tables, no
    alembic_version), holding one web message of the sender "old" (ids without their channel, as then)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(text("INSERT INTO conversations (id, sender, channel, created_at, updated_at) "
                                "VALUES (1, 'old', 'web', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
        connection.execute(text("INSERT INTO messages (conversation_id, direction, channel, sender, text, created_at) "
                                "VALUES (1, 'in', 'web', 'old', '舊的訊息', '2026-01-01 00:00:00')"))


def test_a_database_from_before_later_tables_is_upgraded_from_the_first_revision(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    _as_create_all_made_it_then(engine)
    store = ConversationStore(engine)

    store.create_schema()

    assert _differences(engine) == []
    # the sender became its conversation key (0003)
    assert [m.text for m in store.messages_after("web:old", "web")] == ["舊的訊息"]
    engine.dispose()


def test_alembic_upgrade_from_the_command_line_adopts_an_old_database(tmp_path) -> None:
    """`make migrate` on a database the gateway made with create_all before the migrations."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    _as_create_all_made_it_then(engine)

    alembic = Path(sys.executable).with_name("alembic")
    result = subprocess.run(
        [str(alembic), "upgrade", "head"], cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert _differences(engine) == []
    assert [m.text for m in ConversationStore(engine).messages_after("web:old", "web")] == ["舊的訊息"]
    engine.dispose()

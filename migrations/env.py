"""Alembic environment for the gateway's database.

The database is, in this order: a connection handed over by the gateway (``config.attributes["connection"]``,
see ``ConversationStore.create_schema``), ``sqlalchemy.url`` set on the config, or
DATABASE_URL from ``gateway.settings`` (normalised by ``gateway.db`` like the gateway does).
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy import Connection, text

# Every module that declares tables on Base must be imported, or autogenerate would drop its tables.
import gateway.channels.line_models  # noqa: F401
import gateway.handoff.models  # noqa: F401
import gateway.inventory.models  # noqa: F401
import gateway.privacy.models  # noqa: F401
import gateway.staff.models  # noqa: F401
from gateway.db import make_engine, normalize_database_url
from gateway.models import Base, UTCDateTime
from gateway.settings import get_settings
from gateway.store import adopt_unversioned

config = context.config
target_metadata = Base.metadata

#: Two gateway processes starting at once on PostgreSQL: the second waits for the first's upgrade.
_PG_MIGRATION_LOCK = 0x74616E70  # "tanp"

if config.config_file_name is not None and "connection" not in config.attributes:
    # From the command line only: the gateway keeps its own logging.
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    return normalize_database_url(url).render_as_string(hide_password=False)


def _render_item(type_: str, obj: object, autogen_context: Any) -> str | bool:
    """Autogenerate writes the gateway's UTCDateTime as a plain timezone-aware DateTime (no gateway import)."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection | None = None, **kwargs: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite: ALTER TABLE through table copies
        compare_type=True,
        render_item=_render_item,
        **kwargs,
    )


def run_migrations_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL instead of running it."""
    _configure(url=_database_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        adopt_unversioned(connection, config)  # a database from before the migrations
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_database_url())
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

"""The LINE channel as the settings describe it (LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE,
the retry and outbox timings), or none when LINE is not configured. Called by the composition root."""

from __future__ import annotations

from sqlalchemy import Engine

from gateway.channels.line import LineChannel
from gateway.channels.line_api import LineApi, RetryPolicy
from gateway.channels.line_store import LineStore
from gateway.conversation import ConversationService
from gateway.settings import Settings
from gateway.texts import Texts


def line_channel_from_settings(
    settings: Settings, engine: Engine, conversations: ConversationService, texts: Texts
) -> LineChannel | None:
    """The channel, or None when LINE_CHANNEL_SECRET is not set. Call inside the running event loop."""
    if settings.line_channel_secret is None or settings.line_channel_access_token is None:
        return None
    api = LineApi(
        settings.line_api_base,
        settings.line_channel_access_token.get_secret_value(),
        RetryPolicy(max_retries=settings.line_max_retries, base_seconds=settings.line_retry_base_seconds),
    )
    return LineChannel(
        channel_secret=settings.line_channel_secret.get_secret_value(),
        api=api,
        store=LineStore(engine),
        conversations=conversations,
        texts=texts,
        public_base_url=settings.public_base_url,
        reply_budget_seconds=settings.line_reply_budget_seconds,
        retry_base_seconds=settings.line_retry_base_seconds,
        outbox_interval_seconds=settings.line_outbox_interval_seconds,
    )

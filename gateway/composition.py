"""The composition root: every long-lived object of the gateway, built once, in one place.

`gateway.app.create_app`'s lifespan calls :func:`build_services` and keeps the result as ``app.state.services``
(a typed `Services`); the routes take what they need of it through the aliases of `gateway.deps`. (The only other
attribute of ``app.state`` is the live streams' optional stop event, `gateway.routes.live.STOPPING_STATE`.)

The order of the turn hooks is decided here and nowhere else (`turn_hooks`):

1. `PrivacyHook` — a deletion request is answered even in a conversation a human holds, and stores nothing;
2. `InventoryHook` — an inventory result from the actions is stored, its chart and workbook links added;
3. `HandoffHook` — a conversation a human holds is not forwarded to Rasa; a hand-off payload opens a ticket;
4. `HotlineContactHook` — the "Rasa unavailable" reply names the hotline;
5. `MetricsHook` — last, so that it counts the replies the user gets.

`TurnTimer` (turn latency, the log context of the turn's ids) is an observer: it wraps the whole turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any
from dataclasses import dataclass

from pydantic import SecretStr
from starlette.concurrency import run_in_threadpool

from gateway.channels.base import ChannelRegistry, WebChannel
from gateway.channels.line import LineChannel
from gateway.channels.line_setup import line_channel_from_settings
from gateway.chat_sessions import ChatSessions
from gateway.conversation import ConversationService, TurnHook
from gateway.handoff.hook import HandoffHook
from gateway.handoff.office_hours import load_office_hours
from gateway.handoff.service import HandoffService
from gateway.hotline_contact import HotlineContactHook
from gateway.inventory import InventoryHook, InventoryStore
from gateway.observability import Metrics, MetricsHook, TurnTimer
from gateway.privacy.hook import PrivacyHook
from gateway.privacy.retention import run_retention
from gateway.privacy.tracker_store import TrackerStore
from gateway.rasa_budget import BudgetedRasaClient
from gateway.rasa_client import RasaClient
from gateway.ratelimit import GatewayLimits, Throttle, make_rate_limiter
from gateway.settings import Settings
from gateway.staff import login_backoff
from gateway.staff.accounts import AccountError, AccountService
from gateway.staff.faq_edit import FaqEditor
from gateway.staff.insights import Insights
from gateway.store import ConversationStore
from gateway.texts import Texts

log = logging.getLogger("gateway")


@dataclass(frozen=True)
class Services:
    """What the running gateway is made of (``app.state.services``)."""

    settings: Settings
    texts: Texts
    metrics: Metrics
    #: web chat sessions: issues and checks the tokens of POST /api/chat and the stream
    chat_sessions: ChatSessions
    #: the request-rate limits (429) and the limiter that counts them (Redis when REDIS_URL is set)
    limits: GatewayLimits
    throttle: Throttle
    store: ConversationStore
    rasa: RasaClient
    conversations: ConversationService
    inventories: InventoryStore
    #: outbound delivery per channel name (web, and line when LINE is on)
    channels: ChannelRegistry
    #: the LINE channel, None unless LINE_CHANNEL_SECRET is set
    line: LineChannel | None
    handoffs: HandoffService
    staff_accounts: AccountService
    faq_editor: FaqEditor
    staff_insights: Insights
    #: Rasa's tracker store, for deletion and retention; None unless TRACKER_STORE_URL is set
    tracker_store: TrackerStore | None
    #: the daily retention purge
    retention_task: asyncio.Task[None]


def turn_hooks(
    settings: Settings, texts: Texts, metrics: Metrics, *, privacy: PrivacyHook, inventories: InventoryStore,
    handoffs: HandoffService, throttle: Throttle, limits: GatewayLimits,
) -> tuple[TurnHook, ...]:
    """The conversation hooks, in the order they run (the module's docstring says why)."""
    return (
        privacy,
        InventoryHook(inventories, texts, settings.public_base_url),
        HandoffHook(handoffs, throttle, limits.tickets_per_ip),
        HotlineContactHook(texts),
        MetricsHook(metrics),
    )


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value().strip() if value is not None else None


def _warm_up_question() -> str:
    """A real FAQ question (the knowledge base's first), so the warm-up runs NLU, policies and the action server."""
    from knowledge import get_knowledge
    from knowledge.textnorm import normalize_text

    return normalize_text(get_knowledge().entries[0].questions[0])


#: At shutdown, how long answers still coming late are waited for (the rest are lost with the process).
SHUTDOWN_LATE_SECONDS = 10.0


async def build_services(settings: Settings, texts: Texts, metrics: Metrics) -> Services:
    """Open the store, reach Rasa, build every service and start the background tasks (in the running loop)."""
    chat_sessions = ChatSessions.from_settings(
        _secret(settings.chat_token_secret), _secret(settings.chat_token_secret_previous) or ""
    )
    limits = GatewayLimits.from_settings(settings)
    throttle = Throttle(make_rate_limiter(settings.redis_url, settings.rate_limit_key_prefix))
    store = ConversationStore.from_url(settings.database_url)
    await run_in_threadpool(store.create_schema)
    # a whole Rasa turn gets rasa_timeout_seconds (3 s): past it the user hears that the answer is coming, and
    # it is delivered when it comes (rasa_late_reply_seconds more), else "unavailable" + the hotline
    rasa = BudgetedRasaClient(
        settings.rasa_url,
        settings.action_server_url,
        settings.rasa_timeout_seconds,
        max_in_flight=settings.rasa_max_in_flight,
        late_seconds=settings.rasa_late_reply_seconds,
    )
    if settings.rasa_warm_up:  # before serving: the first user's turn is then as fast as the rest
        timings = await rasa.warm_up(_warm_up_question())
        log.info("Rasa warm-up (seconds per server): %s", json.dumps(timings))

    tracker = TrackerStore.from_url(settings.tracker_store_url) if settings.tracker_store_url else None
    if tracker is None:
        log.warning("TRACKER_STORE_URL is not set: deletion and retention cannot remove Rasa's copy of a "
                    "conversation (README \"Security\")")
    channels = ChannelRegistry()  # LINE registers below, once the conversation service exists
    channels.register(WebChannel())
    handoffs = HandoffService(
        store, texts, channels, load_office_hours(settings.office_hours_file), knowledge_dir=settings.knowledge_dir,
    )
    inventories = InventoryStore(store.engine)  # its tables are on Base, so create_schema made them
    hooks = turn_hooks(
        settings, texts, metrics, privacy=PrivacyHook(store.engine, rasa, texts, tracker),
        inventories=inventories, handoffs=handoffs, throttle=throttle, limits=limits,
    )

    async def deliver_late(channel: str, sender: str, replies: list[dict[str, Any]]) -> None:
        await channels.get(channel).push(sender, replies)

    conversations = ConversationService(store, rasa, texts, hooks=hooks, observers=(TurnTimer(metrics),),
                                        late_delivery=deliver_late)
    line = line_channel_from_settings(settings, store.engine, conversations, texts)
    if line is not None:
        channels.register(line)
        line.start()

    accounts = AccountService(store.engine, session_hours=settings.staff_session_hours,
                              backoff=login_backoff(settings))
    await _bootstrap_admin(settings, texts, accounts)
    retention_task = asyncio.create_task(
        run_retention(store.engine, settings.retention_days, tracker=tracker), name="retention"
    )
    log.info("gateway ready: Rasa %s, store %s", ", ".join(rasa.rasa_urls), store.engine.url.render_as_string())
    return Services(
        settings=settings, texts=texts, metrics=metrics, chat_sessions=chat_sessions, limits=limits,
        throttle=throttle, store=store, rasa=rasa, conversations=conversations, inventories=inventories,
        channels=channels, line=line, handoffs=handoffs, staff_accounts=accounts,
        faq_editor=FaqEditor(store.engine, settings.knowledge_dir), staff_insights=Insights(store.engine),
        tracker_store=tracker, retention_task=retention_task,
    )


async def _bootstrap_admin(settings: Settings, texts: Texts, accounts: AccountService) -> None:
    """The first staff admin from STAFF_BOOTSTRAP_USER / STAFF_BOOTSTRAP_PASSWORD, when both are set."""
    if not (settings.staff_bootstrap_user and settings.staff_bootstrap_password):
        return
    try:
        created = await run_in_threadpool(
            accounts.bootstrap, settings.staff_bootstrap_user, settings.staff_bootstrap_password.get_secret_value(),
        )
    except AccountError as exc:
        reason = texts.get(exc.text_key, **exc.values)
        raise RuntimeError(f"STAFF_BOOTSTRAP_USER / STAFF_BOOTSTRAP_PASSWORD refused: {reason}") from exc
    if created is not None:
        log.info("created the first staff admin %r from STAFF_BOOTSTRAP_USER", created.username)


async def close_services(services: Services) -> None:
    """Stop the background tasks and close every connection (lifespan shutdown)."""
    await services.conversations.drain_late(timeout=SHUTDOWN_LATE_SECONDS)
    services.retention_task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await services.retention_task
    if services.tracker_store is not None:
        services.tracker_store.dispose()
    if services.line is not None:
        await services.line.aclose()
    await services.rasa.aclose()
    await services.throttle.aclose()
    services.store.dispose()

"""What the routes take from the running app: typed dependency aliases, all in this one module.

As in fastapi/full-stack-fastapi-template's ``app/api/deps.py`` (`SessionDep`, `CurrentUser`), a route names
what it needs by type — ``store: StoreDep``, ``user: CurrentUser`` — and FastAPI provides it. Everything comes
from the `Services` that the composition root (gateway.composition) built when the app started, kept as
``app.state.services``; a test may replace one with ``app.dependency_overrides[get_store] = …``.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials
from starlette.concurrency import run_in_threadpool

from gateway.channels.line import LineChannel
from gateway.chat_sessions import ChatSessions
from gateway.composition import Services
from gateway.conversation import ConversationService
from gateway.handoff.service import HandoffService
from gateway.inventory.store import InventoryStore
from gateway.rasa_client import RasaClient
from gateway.ratelimit import GatewayLimits, Throttle, client_ip
from gateway.staff.accounts import AccountService
from gateway.staff.auth import StaffAuthError
from gateway.staff.auth import bearer as staff_bearer
from gateway.staff.faq_edit import FaqEditor
from gateway.staff.insights import Insights
from gateway.staff.models import StaffUser
from gateway.store import ConversationStore
from gateway.texts import Texts
from gateway.web_auth import MAX_TOKEN_CHARS, PathSender, bearer_token, require_session
from gateway.web_auth import bearer as chat_bearer
from knowledge import ContentError, KnowledgeBase, get_knowledge

log = logging.getLogger(__name__)

# -- the services ----------------------------------------------------------------------------------------------


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_store(services: ServicesDep) -> ConversationStore:
    return services.store


def get_rasa(services: ServicesDep) -> RasaClient:
    return services.rasa


def get_texts(services: ServicesDep) -> Texts:
    return services.texts


def get_conversations(services: ServicesDep) -> ConversationService:
    return services.conversations


def get_throttle(services: ServicesDep) -> Throttle:
    return services.throttle


def get_limits(services: ServicesDep) -> GatewayLimits:
    return services.limits


def get_chat_sessions(services: ServicesDep) -> ChatSessions:
    return services.chat_sessions


def get_line(services: ServicesDep) -> LineChannel | None:
    """The LINE channel; None unless LINE_CHANNEL_SECRET is set."""
    return services.line


def get_inventories(services: ServicesDep) -> InventoryStore:
    return services.inventories


def get_handoffs(services: ServicesDep) -> HandoffService:
    return services.handoffs


def get_accounts(services: ServicesDep) -> AccountService:
    return services.staff_accounts


def get_insights(services: ServicesDep) -> Insights:
    return services.staff_insights


def get_faq_editor(services: ServicesDep) -> FaqEditor:
    return services.faq_editor


def get_knowledge_base(services: ServicesDep) -> KnowledgeBase | None:
    """The knowledge base the gateway serves (KNOWLEDGE_DIR), or None if it cannot be loaded."""
    try:
        return get_knowledge(services.settings.knowledge_dir)
    except ContentError:
        log.exception("knowledge content cannot be loaded")
        return None


StoreDep = Annotated[ConversationStore, Depends(get_store)]
RasaDep = Annotated[RasaClient, Depends(get_rasa)]
TextsDep = Annotated[Texts, Depends(get_texts)]
ConversationsDep = Annotated[ConversationService, Depends(get_conversations)]
ThrottleDep = Annotated[Throttle, Depends(get_throttle)]
LimitsDep = Annotated[GatewayLimits, Depends(get_limits)]
ChatSessionsDep = Annotated[ChatSessions, Depends(get_chat_sessions)]
LineDep = Annotated[LineChannel | None, Depends(get_line)]
InventoriesDep = Annotated[InventoryStore, Depends(get_inventories)]
HandoffsDep = Annotated[HandoffService, Depends(get_handoffs)]
AccountsDep = Annotated[AccountService, Depends(get_accounts)]
InsightsDep = Annotated[Insights, Depends(get_insights)]
FaqEditorDep = Annotated[FaqEditor, Depends(get_faq_editor)]
KnowledgeDep = Annotated[KnowledgeBase | None, Depends(get_knowledge_base)]


def per_ip(name: str) -> Any:
    """A route dependency: count the request against the limit `name` of `GatewayLimits` for the client IP."""

    async def dependency(request: Request, throttle: ThrottleDep, limits: LimitsDep) -> None:
        await throttle.check(getattr(limits, name), client_ip(request))

    return Depends(dependency)


# -- who is calling --------------------------------------------------------------------------------------------

#: the web chat session's Bearer token, if any (checked against a sender by `require_session`)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(chat_bearer)]


async def path_session(sessions: ChatSessionsDep, sender: PathSender, credentials: Credentials) -> str:
    """The `{sender}` of the path, once its Bearer token is checked."""
    return require_session(sessions, sender, bearer_token(credentials))


async def stream_session(
    sessions: ChatSessionsDep,
    sender: PathSender,
    credentials: Credentials,
    token: Annotated[str | None, Query(max_length=MAX_TOKEN_CHARS, description="the session token, for "
                                       "EventSource, which cannot send an Authorization header")] = None,
) -> str:
    """The `{sender}` of the stream's path, with the token from the header or from ``?token=``."""
    return require_session(sessions, sender, bearer_token(credentials) or token)


#: the web conversation of the path, its token checked (401 otherwise)
SessionSender = Annotated[str, Depends(path_session)]
#: the same for the live stream, whose token may also come as ``?token=``
StreamSender = Annotated[str, Depends(stream_session)]

#: the staff session's Bearer token, if any
StaffCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(staff_bearer)]


async def current_user(accounts: AccountsDep, credentials: StaffCredentials) -> StaffUser:
    """The staff user of the session token (401 without a valid one)."""
    if credentials is None or not credentials.credentials:
        raise StaffAuthError(401, "staff.unauthorized")
    user = await run_in_threadpool(accounts.user_for_token, credentials.credentials)
    if user is None:
        raise StaffAuthError(401, "staff.unauthorized")
    return user


CurrentUser = Annotated[StaffUser, Depends(current_user)]


async def require_admin(user: CurrentUser) -> StaffUser:
    if not user.is_admin:
        raise StaffAuthError(403, "staff.forbidden")
    return user


AdminUser = Annotated[StaffUser, Depends(require_admin)]

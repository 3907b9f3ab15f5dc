"""`GET /healthz`: Rasa, the action server and the database."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from bot.deps import get_rasa, get_store
from bot.rasa_client import RasaClient
from bot.store import ConversationStore

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(
    rasa: Annotated[RasaClient, Depends(get_rasa)],
    store: Annotated[ConversationStore, Depends(get_store)],
) -> JSONResponse:
    """200 when Rasa and the database answer (status "ok", or "degraded" if only the action server is down);
    503 otherwise."""
    state: dict[str, Any] = await rasa.status()
    try:
        await run_in_threadpool(store.ping)
        state["database"] = {"ok": True}
    except SQLAlchemyError as exc:
        state["database"] = {"ok": False, "detail": type(exc).__name__}
    serving = state["rasa"]["ok"] and state["database"]["ok"]
    if not serving:
        overall = "unavailable"
    elif not state["action_server"]["ok"]:
        overall = "degraded"
    else:
        overall = "ok"
    return JSONResponse({"status": overall, **state}, status_code=200 if serving else 503)

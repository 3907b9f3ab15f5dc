"""`GET /healthz`: Rasa, the action server and the database."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from gateway.deps import RasaDep, StoreDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(
    rasa: RasaDep,
    store: StoreDep,
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

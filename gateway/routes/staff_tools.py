"""What hotline staff use beside the queue: the assist panel (knowledge search, calculator), the questions
the bot could not answer, and the dashboard's figures."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from gateway.calc_answer import calc_answer
from gateway.deps import InsightsDep, KnowledgeDep, TextsDep, current_user
from gateway.store import MAX_ROW_ID
from gateway.staff.schemas import ContactOut, FallbackOut, SearchHit

router = APIRouter(prefix="/api/staff", tags=["staff: tools"], dependencies=[Depends(current_user)])

@router.get("/assist/search", response_model=list[SearchHit])
def assist_search(
    kb: KnowledgeDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=10)] = 5,
) -> list[SearchHit]:
    """Knowledge entries best matching `q`, with the full answer, source and date to read out or copy."""
    if kb is None:
        return []
    hits = []
    for entry, score in kb.search(q, limit=limit, min_score=0.05):
        contact = kb.contact(entry.contact) if entry.contact else None
        hits.append(SearchHit(
            id=entry.id, title=entry.title, topic=entry.topic, score=round(score, 3), answer=entry.answer,
            source=entry.source, as_of=entry.as_of, notice=entry.notice,
            contact=ContactOut.of(contact) if contact else None,
        ))
    return hits


@router.post("/assist/calc")
def assist_calc(
    payload: Annotated[dict[str, Any], Body()],
    texts: TextsDep,
) -> JSONResponse:
    """The calculator for a caller on the phone: same input, output and errors as `POST /api/calc`."""
    return calc_answer(payload, texts)


@router.get("/fallbacks", response_model=list[FallbackOut])
async def fallbacks(
    insights: InsightsDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    before: Annotated[int | None, Query(ge=1, le=MAX_ROW_ID, description="only messages with a smaller id (paging)")] = None,
) -> list[FallbackOut]:
    """The user messages the bot could not answer (it said "not sure" or "out of scope"), newest first."""
    rows = await run_in_threadpool(insights.fallback_questions, limit, before)
    return [FallbackOut(**row.__dict__) for row in rows]


@router.get("/dashboard")
async def dashboard(
    insights: InsightsDep,
    kb: KnowledgeDep,
    days: Annotated[int, Query(ge=1, le=366)] = 30,
) -> dict[str, Any]:
    """Figures of the last `days` Taiwan days: conversations per day and channel, the FAQ most answered,
    fallback rate, handoffs (per topic, status, waiting time until claimed) and inventories computed."""
    figures = await run_in_threadpool(insights.dashboard, days)
    for item in figures["top_faq"]:
        entry = kb.entry(item["entry_id"]) if kb is not None else None
        item["title"] = entry.title if entry else item["entry_id"]
    labels = {}
    for topic in figures["handoffs"]["by_topic"]:
        try:
            labels[topic] = kb.contact_for(topic).role if kb is not None else topic
        except KeyError:
            labels[topic] = topic
    figures["handoffs"]["topic_labels"] = labels
    return figures

"""`POST /api/calc`: the emissions calculator (calc.compute_json) over HTTP."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from gateway.calc_answer import calc_answer
from gateway.deps import TextsDep, per_ip

router = APIRouter(tags=["calc"])


@router.post("/api/calc", dependencies=[per_ip("calc_per_ip")])
def calculate(payload: Annotated[dict[str, Any], Body()], texts: TextsDep) -> JSONResponse:
    """`{"year", "gwp", "activities": [{"source", "amount", "unit"}]}` → calc's result; bad input → 422."""
    return calc_answer(payload, texts)

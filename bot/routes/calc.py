"""`POST /api/calc`: the emissions calculator (calc.compute_json) over HTTP."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from bot.deps import get_texts
from bot.errors import error_response
from bot.ratelimit import per_ip
from bot.texts import Texts
from calc import CalcInputError, compute_json

log = logging.getLogger(__name__)

router = APIRouter(tags=["calc"])


@router.post("/api/calc", dependencies=[per_ip("calc_per_ip")])
def calculate(
    payload: Annotated[dict[str, Any], Body()],
    texts: Annotated[Texts, Depends(get_texts)],
) -> JSONResponse:
    """`{"year", "gwp", "activities": [{"source", "amount", "unit"}]}` → calc's result; bad input → 422."""
    try:
        result = compute_json(payload)
    except CalcInputError as exc:
        return error_response(422, exc.message, activity=exc.activity)
    except (TypeError, ValueError, KeyError, AttributeError):
        # calc should raise CalcInputError for any bad input; if it did not, still answer 4xx, and log it.
        log.exception("calc raised a non-CalcInputError for a request payload")
        return error_response(422, texts.get("errors.calc_invalid"), activity=None)
    return JSONResponse(jsonable_encoder(result))

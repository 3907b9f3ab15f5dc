"""The calculator's HTTP answer, shared by `POST /api/calc` and the staff console's `POST /api/staff/assist/calc`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from gateway.errors import error_response
from gateway.texts import Texts
from calc import CalcInputError, compute_json

log = logging.getLogger(__name__)


def calc_answer(payload: dict[str, Any], texts: Texts) -> JSONResponse:
    """calc's result for `payload` (200), or its Chinese message for bad input (422)."""
    try:
        result = compute_json(payload)
    except CalcInputError as exc:
        return error_response(422, exc.message, activity=exc.activity)
    except (TypeError, ValueError, KeyError, AttributeError):
        # calc should raise CalcInputError for any bad input; if it did not, still answer 4xx, and log it.
        log.exception("calc raised a non-CalcInputError for a request payload")
        return error_response(422, texts.get("errors.calc_invalid"), activity=None)
    return JSONResponse(jsonable_encoder(result))

"""`POST /line/webhook`: LINE Messaging API webhook (set it as the channel's Webhook URL).

Order matters: the signature is checked over the raw body before anything is parsed or stored; a missing or
wrong X-Line-Signature gets 401 and nothing happens. Signed events are recorded (de-duplicated) and processed
in the background, so LINE gets 200 at once. Without LINE_CHANNEL_SECRET the route answers 404.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from linebot.v3.exceptions import InvalidSignatureError

from gateway.deps import LineDep, TextsDep
from gateway.errors import error_response

log = logging.getLogger(__name__)

router = APIRouter(tags=["line"])

#: The body size limit of this route (the gateway's MAX_BODY_BYTES, 64 KiB, is for our own API): one event may
#: hold 5,000 characters of text (60 kB as escaped emoji) and LINE may send several events in one request.
LINE_WEBHOOK_MAX_BYTES = 1024 * 1024


@router.post("/line/webhook")
async def line_webhook(
    request: Request,
    channel: LineDep,
    texts: TextsDep,
    x_line_signature: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Verify, record and queue LINE webhook events; 200 `{}` once they are safely taken on."""
    if channel is None:
        return error_response(404, texts.get("line.disabled"))
    if not x_line_signature:
        return error_response(401, texts.get("line.signature_missing"))
    raw = await request.body()
    try:
        body = raw.decode("utf-8")
        events = channel.parse(body, x_line_signature)
    except (InvalidSignatureError, UnicodeDecodeError):
        log.warning(
            "LINE webhook with a wrong signature from %s", request.client.host if request.client else "?"
        )
        return error_response(401, texts.get("line.signature_invalid"))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):  # (JSON nested too deep)
        log.warning("signed LINE webhook body is not a webhook payload", exc_info=True)
        return error_response(400, texts.get("line.bad_payload"))
    await channel.accept(events, _event_payloads(body))
    return JSONResponse({})


def _event_payloads(body: str) -> list[object] | None:
    """The webhook body's event objects as LINE sent them (recorded with each event), in order."""
    try:
        payloads = json.loads(body).get("events")
    except (ValueError, AttributeError, RecursionError):
        return None
    return payloads if isinstance(payloads, list) else None

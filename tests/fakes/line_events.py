"""Webhook events shaped as LINE sends them (message, postback, follow, unfollow, sticker), and their signature
with the test channel's secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from typing import Any

SECRET = "test-channel-secret"
USER = "U0123456789abcdef0123456789abcdef"


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


# -- events, shaped as LINE sends them -----------------------------------------------------------------------


def _event(
    kind: str, user: str, *, event_id: str | None, redelivery: bool, reply_token: bool, **extra: Any
) -> dict:
    event: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user},
        "webhookEventId": event_id or uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": redelivery},
        **extra,
    }
    if reply_token:
        event["replyToken"] = uuid.uuid4().hex
    return event


def text_event(text: str, user: str = USER, event_id: str | None = None, redelivery: bool = False) -> dict:
    message = {
        "id": uuid.uuid4().hex[:18],
        "type": "text",
        "text": text,
        "quoteToken": "q-" + uuid.uuid4().hex,
    }
    return _event(
        "message", user, event_id=event_id, redelivery=redelivery, reply_token=True, message=message
    )


def postback_event(data: str, user: str = USER) -> dict:
    return _event(
        "postback", user, event_id=None, redelivery=False, reply_token=True, postback={"data": data}
    )


def follow_event(user: str = USER) -> dict:
    return _event(
        "follow", user, event_id=None, redelivery=False, reply_token=True, follow={"isUnblocked": False}
    )


def unfollow_event(user: str = USER) -> dict:
    return _event("unfollow", user, event_id=None, redelivery=False, reply_token=False)


def sticker_event(user: str = USER) -> dict:
    message = {
        "id": "1",
        "type": "sticker",
        "packageId": "446",
        "stickerId": "1988",
        "stickerResourceType": "STATIC",
        "quoteToken": "q-sticker",
    }
    return _event("message", user, event_id=None, redelivery=False, reply_token=True, message=message)

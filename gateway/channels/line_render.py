"""Rasa's bot messages (REST channel shape) → LINE messages (line-bot-sdk v3 models).

- ``text`` → TextMessage, split at LINE's 5,000 characters (at a line break when there is one);
- ``buttons`` (of every message of the turn) → quick-reply postback buttons on the last message: at most 13,
  label ≤ 20 characters, data = the Rasa payload, displayText = the title; a ``tel:`` / ``mailto:`` payload
  becomes a URI action (tapping it dials or writes);
- ``image`` → ImageMessage when its address is https (a relative one is joined to PUBLIC_BASE_URL), else the
  address as text, since LINE only shows https images;
- ``custom`` with ``type: inventory_result`` → a Flex bubble (gateway.channels.line_flex);
- more than 5 messages (the most one reply call takes) → adjacent texts are merged until ≤ 5 remain.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias
from urllib.parse import urljoin, urlsplit

from linebot.v3.messaging import (
    ImageMessage,
    Message,
    MessageAction,
    PostbackAction,
    QuickReply,
    URIAction,
    QuickReplyItem,
    TextMessage,
)

from gateway.channels.line_flex import inventory_flex, link_flex
from gateway.texts import Texts
from contracts import payloads

log = logging.getLogger(__name__)

MAX_MESSAGES_PER_CALL = 5
MAX_TEXT_CHARS = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL_CHARS = 20
MAX_POSTBACK_DATA_CHARS = 300
MAX_DISPLAY_TEXT_CHARS = 300
MAX_IMAGE_URL_CHARS = 2000
INVENTORY_RESULT = payloads.INVENTORY_RESULT
LINK = payloads.LINK
#: Button payloads that are links to call or write, not messages to the bot
CONTACT_URI = re.compile(r"tel:\+?[\d,]+|mailto:[^\s@]+@[^\s@]+")
TEXT_JOINER = "\n\n"

Part: TypeAlias = str | Message  # a text not yet made a message (it may still be merged), or a finished message


class LineRenderer:
    def __init__(self, texts: Texts, public_base_url: str | None = None) -> None:
        self.texts = texts
        self.public_base_url = public_base_url

    def render(self, replies: Sequence[Mapping[str, Any]]) -> list[Message]:
        """The LINE messages for one turn's replies (≤ 5 unless more than 5 non-text messages came)."""
        parts: list[Part] = []
        buttons: list[Mapping[str, Any]] = []
        for reply in replies:
            text = reply.get("text")
            if isinstance(text, str) and text.strip():
                parts.extend(split_text(text.strip()))
            if "image" in reply:
                parts.append(self._image(reply.get("image")))
            attachment = reply.get("attachment")
            if isinstance(attachment, str) and attachment.strip():
                parts.append(attachment.strip())
            custom = reply.get("custom")
            if isinstance(custom, Mapping) and custom.get("type") == LINK:
                parts.append(self._link(custom))
            if isinstance(custom, Mapping) and custom.get("type") == INVENTORY_RESULT:
                result = custom.get("result")
                if isinstance(result, Mapping):
                    parts.append(inventory_flex(result, self.texts))
            buttons.extend(b for b in reply.get("buttons") or () if isinstance(b, Mapping))
        if buttons and not parts:
            parts.append(self.texts.get("line.choose"))
        parts = merge_texts(parts, MAX_MESSAGES_PER_CALL)
        messages = [TextMessage(text=part) if isinstance(part, str) else part for part in parts]
        quick_reply = quick_reply_for(buttons)
        if messages and quick_reply is not None:
            messages[-1].quick_reply = quick_reply
        return messages

    def _link(self, custom: Mapping[str, Any]) -> Part:
        """A download link as a button (LINE opens it in its browser); without an https address, the text."""
        url = str(custom.get("url") or "").strip()
        title = str(custom.get("title") or self.texts.get("line.download_button"))
        if url and not urlsplit(url).scheme and self.public_base_url:
            url = urljoin(self.public_base_url.rstrip("/") + "/", url.lstrip("/"))
        if url.startswith("https://") and len(url) <= MAX_IMAGE_URL_CHARS:
            return link_flex(title, url, self.texts)
        return self.texts.get("line.link_alt", title=title, url=url)

    def _image(self, value: Any) -> Part:
        url = value.strip() if isinstance(value, str) else ""
        if url and not urlsplit(url).scheme and self.public_base_url:
            url = urljoin(self.public_base_url.rstrip("/") + "/", url.lstrip("/"))
        if url.startswith("https://") and len(url) <= MAX_IMAGE_URL_CHARS:
            return ImageMessage(original_content_url=url, preview_image_url=url)
        if url.startswith(("http://", "https://")):
            return self.texts.get("line.image_link", url=url)
        log.warning(
            "image %r cannot be shown on LINE (set PUBLIC_BASE_URL to the gateway's https address)", value
        )
        return self.texts.get("line.image_unavailable")


def split_text(text: str, limit: int = MAX_TEXT_CHARS) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at the last line break before the limit if any."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = limit
        head, text = text[:cut].rstrip(), text[cut:].lstrip("\n")
        if head:
            pieces.append(head)
    if text:
        pieces.append(text)
    return pieces


def merge_texts(parts: list[Part], limit: int) -> list[Part]:
    """Join adjacent texts (shortest pair first, never past 5,000 characters) until ≤ ``limit`` parts."""
    parts = list(parts)
    while len(parts) > limit:
        best: tuple[int, int] | None = None
        for i in range(len(parts) - 1):
            a, b = parts[i], parts[i + 1]
            if isinstance(a, str) and isinstance(b, str):
                size = len(a) + len(TEXT_JOINER) + len(b)
                if size <= MAX_TEXT_CHARS and (best is None or size < best[1]):
                    best = (i, size)
        if best is None:
            break
        i = best[0]
        parts[i : i + 2] = [f"{parts[i]}{TEXT_JOINER}{parts[i + 1]}"]
    return parts


def quick_reply_for(buttons: Sequence[Mapping[str, Any]]) -> QuickReply | None:
    """Quick-reply buttons for Rasa buttons: postbacks carrying the payload, at most 13, no repeats."""
    items: list[QuickReplyItem] = []
    seen: set[tuple[str, str]] = set()
    for button in buttons:
        title = str(button.get("title") or button.get("payload") or "").strip()
        payload = str(button.get("payload") or "").strip()
        if not title or (title, payload) in seen:
            continue
        seen.add((title, payload))
        if len(items) == MAX_QUICK_REPLIES:
            log.warning(
                "more than %d buttons: %r and later ones are not shown on LINE", MAX_QUICK_REPLIES, title
            )
            break
        label = clip(title, MAX_LABEL_CHARS)
        if CONTACT_URI.fullmatch(payload):  # 撥打 / 寫信給: LINE opens the dialler or the mail app
            action: Any = URIAction(label=label, uri=payload)
        elif payload and len(payload) <= MAX_POSTBACK_DATA_CHARS:
            action = PostbackAction(
                label=label, data=payload, display_text=clip(title, MAX_DISPLAY_TEXT_CHARS)
            )
        else:  # no payload (or too long for a postback): the title is sent as if typed
            action = MessageAction(label=label, text=clip(title, MAX_DISPLAY_TEXT_CHARS))
        items.append(QuickReplyItem(action=action))
    return QuickReply(items=items) if items else None


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

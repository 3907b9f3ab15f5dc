"""User-facing gateway texts, loaded once from gateway/messages.yml (zh-TW)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from textdata import Catalogue, load_catalogue

MESSAGES_FILE = Path(__file__).with_name("messages.yml")

#: Every key the gateway uses; loading fails fast if one is missing from the file.
REQUIRED_KEYS: tuple[str, ...] = (
    "rasa_unavailable",
    "rasa_unavailable_contact",
    "rasa_late",
    "chat.unauthorized",
    "chat.answer_lost",
    "errors.invalid_json",
    "errors.body_missing",
    "errors.body_not_object",
    "errors.unsupported_media_type",
    "errors.body_too_large",
    "errors.field_missing",
    "errors.field_not_string",
    "errors.field_not_integer",
    "errors.field_not_object",
    "errors.field_blank",
    "errors.field_too_long",
    "errors.field_too_small",
    "errors.field_too_large",
    "errors.field_bad_chars",
    "errors.sender_pattern",
    "errors.field_invalid",
    "errors.calc_invalid",
    "errors.not_found",
    "errors.method_not_allowed",
    "errors.bad_request",
    "errors.database_unavailable",
    "errors.internal",
    "errors.rate_limited_chat",
    "errors.rate_limited",
    # LINE channel
    "line.disabled",
    "line.signature_missing",
    "line.signature_invalid",
    "line.bad_payload",
    "line.unsupported_message",
    "line.choose",
    "line.image_link",
    "line.image_unavailable",
    "line.flex.alt",
    "line.flex.title",
    "line.flex.year",
    "line.flex.gwp",
    "line.flex.total",
    "line.flex.unit",
    "line.flex.by_category",
    "line.flex.top_sources",
    "line.flex.amount_share",
    # human handoff and the staff console (gateway/handoff/, gateway/staff/)
    "handoff.within_hours",
    "handoff.outside_hours",
    "handoff.outside_hours_unknown",
    "handoff.opens_at",
    "handoff.weekday_names",
    "handoff.held_ack",
    "handoff.waiting",
    "handoff.waiting_closed",
    "handoff.cancelled",
    "handoff.joined",
    "handoff.closed",
    "handoff.rate_limited",
    "staff.unauthorized",
    "staff.forbidden",
    "staff.login_failed",
    "staff.login_throttled",
    "staff.login_rate_limited",
    "staff.username_invalid",
    "staff.username_taken",
    "staff.role_invalid",
    "staff.password_length",
    "staff.password_common",
    "staff.password_is_username",
    "staff.user_not_found",
    "staff.cannot_deactivate_self",
    "staff.last_admin",
    "staff.password_wrong",
    "staff.ticket_not_found",
    "staff.ticket_closed",
    "staff.ticket_claimed_by_other",
    "staff.delivery_failed",
    "staff.faq_not_found",
    "staff.faq_invalid",
    "staff.faq_write_failed",
    "staff.cli.password_prompt",
    "staff.cli.password_again",
    "staff.cli.password_mismatch",
    "staff.cli.created",
    "staff.cli.failed",
    "staff.cli.deactivated",
    "staff.cli.activated",
    "staff.cli.password_reset",
    "staff.cli.sessions_revoked",
    "staff.cli.not_done",
    # inventory results: chart and workbook links (gateway/inventory/)
    "inventory.export_title",
    "inventory.export_text",
    "inventory.not_found",
    "inventory.chart_unavailable",
    "inventory.files_unavailable",
    # privacy: deletion on request (gateway/privacy/)
    "privacy.confirm_question",
    "privacy.confirm_button",
    "privacy.cancel_button",
    "privacy.cancelled",
    "privacy.deleted",
    "privacy.tracker_deleted",
    "privacy.tracker_failed",
    "privacy.delete_failed",
    "privacy.restart_failed",
    "privacy.restarted",
)


class Texts:
    """Dotted-key access to the texts: ``texts.get("errors.field_missing", field="sender")``."""

    def __init__(self, data: Mapping[str, Any] | Catalogue) -> None:
        self._catalogue = data if isinstance(data, Catalogue) else Catalogue(data, MESSAGES_FILE.name)
        self._keys = list(self._catalogue.require_texts(REQUIRED_KEYS))  # fails fast on a missing or non-text

    def get(self, key: str, **values: Any) -> str:
        """The text with its placeholders filled in; without values, as written (a template to fill later)."""
        return self._catalogue.text(key, **values) if values else self._catalogue.template(key)

    def keys(self) -> list[str]:
        return list(self._keys)


@lru_cache
def load_texts(path: Path = MESSAGES_FILE) -> Texts:
    return Texts(load_catalogue(path))

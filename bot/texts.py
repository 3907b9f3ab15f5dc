"""User-facing gateway texts, loaded once from bot/messages.yml (zh-TW)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

MESSAGES_FILE = Path(__file__).with_name("messages.yml")

#: Every key the gateway uses; loading fails fast if one is missing from the file.
REQUIRED_KEYS: tuple[str, ...] = (
    "rasa_unavailable",
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
)


class Texts:
    """Dotted-key access to the texts: ``texts.get("errors.field_missing", field="sender")``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._flat: dict[str, str] = {}
        self._flatten("", data)
        missing = [key for key in REQUIRED_KEYS if key not in self._flat]
        if missing:
            raise KeyError(f"{MESSAGES_FILE.name} lacks: {', '.join(missing)}")

    def _flatten(self, prefix: str, data: dict[str, Any]) -> None:
        for key, value in data.items():
            dotted = f"{prefix}{key}"
            if isinstance(value, dict):
                self._flatten(dotted + ".", value)
            elif isinstance(value, str):
                self._flat[dotted] = value.strip()
            else:
                raise TypeError(f"{MESSAGES_FILE.name}: {dotted} must be text")

    def get(self, key: str, **values: Any) -> str:
        template = self._flat[key]
        return template.format(**values) if values else template

    def keys(self) -> list[str]:
        return list(self._flat)


@lru_cache
def load_texts(path: Path = MESSAGES_FILE) -> Texts:
    with path.open(encoding="utf-8") as handle:
        return Texts(yaml.safe_load(handle) or {})

"""User-facing texts (zh-TW) from calc/data/messages.yaml: content is data, not code."""

from __future__ import annotations

from typing import Any

from calc._data import catalogue
from calc.errors import CalcInputError


def message(key: str, **values: Any) -> str:
    """The text for ``key`` with its {placeholders} filled in."""
    return catalogue("messages.yaml").text(key, **values)


def input_error(
    key: str, activity: int | None = None, *, field: str | None = None, **values: Any
) -> CalcInputError:
    """A CalcInputError whose code is the message key and whose message is its text."""
    return CalcInputError(message(key, **values), activity, code=key, field=field)

"""A problem found in the content, and the checks of single fields every content file shares (required and
unknown keys, non-empty text, ``as_of`` dates, public sources, ids)."""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from knowledge.sources import source_problems

ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.severity.upper()} {self.where}: {self.message}"


def errors(problems: Collection[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def as_date(value: Any) -> date | None:
    """A YAML date (unquoted 2023-01-31) or an ISO string; None when it is neither."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def key_problems(raw: Mapping[str, Any], required: tuple[str, ...], optional: tuple[str, ...], where: str) -> list[Problem]:
    out = [Problem(where, f"missing field '{k}'") for k in required if k not in raw]
    out += [Problem(where, f"unknown field '{k}'") for k in raw if k not in required + optional]
    return out


def as_of_problems(value: Any, where: str, today: date) -> list[Problem]:
    day = as_date(value)
    if day is None:
        return [Problem(where, f"as_of must be an ISO date (YYYY-MM-DD), got {value!r}")]
    if day > today:
        return [Problem(where, f"as_of {day} is in the future")]
    return []


def source_field_problems(raw: Mapping[str, Any], where: str) -> list[Problem]:
    """A public source: a law and article, a notice and date, the deck's section or a web address."""
    if not is_text(raw.get("source")):
        return []  # reported as missing or empty by the field checks
    return [Problem(where, f"source {raw['source']!r} {why}") for why in source_problems(raw["source"])]

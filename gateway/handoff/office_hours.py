"""Office hours of the programme staff, from a YAML file (gateway/handoff/office_hours.yml, OFFICE_HOURS_FILE).

A weekly schedule of opening periods in a time zone, closed holidays and extra working days. Times are
compared in that zone, so a UTC clock anywhere gives the right answer for Taipei.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from textdata import CatalogueError, read_yaml

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: How far ahead `next_opening` looks (a long holiday plus a few weekends).
SEARCH_DAYS = 60

Period = tuple[time, time]


class OfficeHoursError(ValueError):
    """The office-hours file is missing or malformed (raised at start-up)."""


@dataclass(frozen=True)
class OfficeHours:
    timezone: ZoneInfo
    description: str
    weekly: Mapping[int, tuple[Period, ...]]  # 0 = Monday
    holidays: Mapping[date, str] = field(default_factory=dict)
    extra_days: Mapping[date, tuple[Period, ...]] = field(default_factory=dict)

    def periods_on(self, day: date) -> tuple[Period, ...]:
        if day in self.extra_days:
            return self.extra_days[day]
        if day in self.holidays:
            return ()
        return self.weekly.get(day.weekday(), ())

    def local(self, at: datetime) -> datetime:
        if at.tzinfo is None:
            raise ValueError("office hours need a timezone-aware datetime")
        return at.astimezone(self.timezone)

    def is_open(self, at: datetime) -> bool:
        now = self.local(at)
        return any(start <= now.time() < end for start, end in self.periods_on(now.date()))

    def next_opening(self, at: datetime) -> datetime | None:
        """The start of the next opening period after ``at`` (local time), None if none within SEARCH_DAYS."""
        now = self.local(at)
        for offset in range(SEARCH_DAYS + 1):
            day = now.date() + timedelta(days=offset)
            for start, _end in self.periods_on(day):
                opening = datetime.combine(day, start, tzinfo=self.timezone)
                if opening > now:
                    return opening
        return None


def _time(value: Any, where: str) -> time:
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise OfficeHoursError(f"{where}: {value!r} is not a time like 09:00") from None


def _periods(raw: Any, where: str) -> tuple[Period, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise OfficeHoursError(f"{where}: expected a list of [open, close] periods")
    periods = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 2):
            raise OfficeHoursError(f"{where}: each period is [open, close], got {item!r}")
        start, end = _time(item[0], where), _time(item[1], where)
        if start >= end:
            raise OfficeHoursError(f"{where}: {item[0]} is not before {item[1]}")
        periods.append((start, end))
    return tuple(sorted(periods))


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise OfficeHoursError(f"{where}: {value!r} is not a date like 2026-01-01") from None


def parse_office_hours(data: Any) -> OfficeHours:
    if not isinstance(data, Mapping):
        raise OfficeHoursError("office hours: expected a mapping")
    try:
        zone = ZoneInfo(str(data.get("timezone", "")))
    except (ZoneInfoNotFoundError, ValueError):
        raise OfficeHoursError(f"office hours: unknown timezone {data.get('timezone')!r}") from None
    weekly_raw = data.get("weekly") or {}
    unknown = set(weekly_raw) - set(WEEKDAYS)
    if unknown:
        raise OfficeHoursError(f"office hours: unknown weekdays {sorted(unknown)}; use {', '.join(WEEKDAYS)}")
    weekly = {WEEKDAYS.index(day): _periods(periods, f"weekly.{day}") for day, periods in weekly_raw.items()}
    holidays = {}
    for i, item in enumerate(data.get("holidays") or []):
        if not isinstance(item, Mapping) or "date" not in item:
            raise OfficeHoursError(f"holidays[{i}]: expected {{date, name}}")
        holidays[_date(item["date"], f"holidays[{i}]")] = str(item.get("name") or "")
    extra = {}
    for i, item in enumerate(data.get("extra_days") or []):
        if not isinstance(item, Mapping) or "date" not in item:
            raise OfficeHoursError(f"extra_days[{i}]: expected {{date, periods}}")
        extra[_date(item["date"], f"extra_days[{i}]")] = _periods(item.get("periods"), f"extra_days[{i}]")
    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise OfficeHoursError("office hours: `description` (shown to users) is missing")
    if not any(weekly.values()) and not any(extra.values()):
        raise OfficeHoursError("office hours: no opening period at all")
    return OfficeHours(zone, description.strip(), weekly, holidays, extra)


def load_office_hours(path: Path) -> OfficeHours:
    try:
        data = read_yaml(path)
    except CatalogueError as exc:
        raise OfficeHoursError(f"cannot read office hours from {path}: {exc.__cause__}") from exc
    return parse_office_hours(data)

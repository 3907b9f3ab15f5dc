"""Office hours from the YAML file: open or closed at a moment (in Taipei whatever the clock's zone), and
when the office opens next across nights, weekends, holidays and make-up working days."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from gateway.handoff.office_hours import OfficeHoursError, load_office_hours, parse_office_hours
from gateway.settings import Settings

TAIPEI = ZoneInfo("Asia/Taipei")
HOURS = load_office_hours(Settings(_env_file=None).office_hours_file)


def taipei(*args: int) -> datetime:
    return datetime(*args, tzinfo=TAIPEI)


@pytest.mark.parametrize("moment, is_open", [
    (taipei(2026, 3, 2, 9, 0), True),     # Monday, opening minute
    (taipei(2026, 3, 2, 17, 29), True),
    (taipei(2026, 3, 2, 17, 30), False),  # closing time is closed
    (taipei(2026, 3, 2, 8, 59), False),
    (taipei(2026, 3, 7, 10, 0), False),   # Saturday
    (taipei(2026, 2, 17, 10, 0), False),  # 春節
    (datetime(2026, 3, 2, 1, 30, tzinfo=timezone.utc), True),  # 09:30 in Taipei
    (datetime(2026, 3, 2, 0, 30, tzinfo=timezone.utc), False),  # 08:30 in Taipei
])
def test_open_or_closed(moment, is_open):
    assert HOURS.is_open(moment) is is_open


@pytest.mark.parametrize("moment, opens", [
    (taipei(2026, 3, 2, 18, 0), taipei(2026, 3, 3, 9, 0)),   # evening → next morning
    (taipei(2026, 3, 6, 17, 45), taipei(2026, 3, 9, 9, 0)),  # Friday evening → Monday
    (taipei(2026, 2, 13, 18, 0), taipei(2026, 2, 23, 9, 0)),  # before the Lunar New Year holidays
    (taipei(2026, 3, 3, 7, 0), taipei(2026, 3, 3, 9, 0)),
])
def test_next_opening(moment, opens):
    assert HOURS.next_opening(moment) == opens


def test_extra_working_days_and_split_periods():
    hours = parse_office_hours({
        "timezone": "Asia/Taipei", "description": "x",
        "weekly": {"mon": [["09:00", "12:00"], ["13:30", "17:30"]]},
        "extra_days": [{"date": "2026-03-07", "periods": [["09:00", "12:00"]]}],
    })
    assert not hours.is_open(taipei(2026, 3, 2, 12, 30))  # lunch
    assert hours.next_opening(taipei(2026, 3, 2, 12, 30)) == taipei(2026, 3, 2, 13, 30)
    assert hours.is_open(taipei(2026, 3, 7, 10, 0))  # a make-up Saturday
    assert hours.next_opening(taipei(2026, 3, 6, 8, 0)) == taipei(2026, 3, 7, 9, 0)


@pytest.mark.parametrize("data, complaint", [
    ({"timezone": "Mars/Base", "description": "x", "weekly": {"mon": [["09:00", "17:00"]]}}, "timezone"),
    ({"timezone": "Asia/Taipei", "description": "x", "weekly": {"monday": [["09:00", "17:00"]]}}, "weekdays"),
    ({"timezone": "Asia/Taipei", "description": "x", "weekly": {"mon": [["17:00", "09:00"]]}}, "not before"),
    ({"timezone": "Asia/Taipei", "description": "x", "weekly": {"mon": [["9 點", "17:00"]]}}, "not a time"),
    ({"timezone": "Asia/Taipei", "weekly": {"mon": [["09:00", "17:00"]]}}, "description"),
    ({"timezone": "Asia/Taipei", "description": "x", "weekly": {}}, "no opening"),
    ({"timezone": "Asia/Taipei", "description": "x", "weekly": {"mon": [["09:00", "17:00"]]},
      "holidays": [{"date": "明天"}]}, "not a date"),
])
def test_a_broken_file_is_refused_with_the_reason(data, complaint):
    with pytest.raises(OfficeHoursError, match=complaint):
        parse_office_hours(data)


def test_a_missing_file_fails_at_start_up(tmp_path, make_gateway):
    with pytest.raises(OfficeHoursError, match="cannot read"):
        make_gateway(office_hours_file=tmp_path / "none.yml")

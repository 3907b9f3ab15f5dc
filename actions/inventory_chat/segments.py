"""The arithmetic of an amount said by month segments (nlu/month_segments.py), as the bot shows it:

    7–9 月 3 個月 × 每月 55,000 度 + 其他 9 個月 × 每月 42,000 度 = 543,000 度
    1 月 82,000 度 + 2 月 69,000 度 + 3 月 91,000 度 + 其他 9 個月 × 每月 95,000 度 = 1,097,000 度

A segment whose amount was said without 每月 or 加起來 is asked about ("7–9 月的 55,000 度是每個月，還是這 3 個
月加起來？"; the answer is ``answers["segment_per"]``); nothing is guessed."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from actions.inventory_chat.catalogue import text
from actions.inventory_chat.state import Draft, Note
from contracts.numbers import number
from nlu.month_segments import YEAR, year_amount


def year_value(draft: Draft, unit: str, derivation: list[Note]) -> Decimal | None:
    """The segments' amount (their months' sum), with its step added to ``derivation``; None: asked first."""
    claim = draft.claim
    per = draft.answers.get("segment_per")
    total = year_amount(claim, per)
    if total is None:
        return None
    parts = [_part(segment, per, unit) for segment in claim.segments]
    derivation.append(Note("step_segments", {"values": text("segment_plus").join(parts), "total": number(total),
                                             "unit": unit}))
    return total


def bounded(draft: Draft, year: int | None) -> None:
    """Months bounded by a start or an end ("8月才開工，每個月4萬5", "9月以前每個月3萬"): the months outside had
    none, which is said (not asked as missing, never extrapolated). A start in an earlier year ("2019年3月設廠"
    in a 2024 inventory) bounds nothing this year: every month counts, one monthly amount again (× 12)."""
    claim = draft.claim
    if year is None and any(s.get("since_year") for s in claim.segments):
        return  # which year the start was in matters: decided once the inventory's year is known
    for segment in claim.segments:
        since = segment.pop("since_year", None)
        if since is not None and year is not None and int(since) < year and segment.get("bound") == "start":
            segment.pop("bound")
            segment.update(months=str(YEAR), set=",".join(str(m) for m in range(1, YEAR + 1)))
    whole = claim.segments[0] if len(claim.segments) == 1 else {}
    if whole.get("months") == str(YEAR) and whole.get("per") == "month":
        claim.segments, claim.period, claim.part_year_months = [], "month", None
        claim.readings = claim.readings[:1]
        return
    bounds = [s.pop("bound") for s in claim.segments if s.get("bound")]
    named = sorted(int(m) for s in claim.segments for m in s.get("set", "").split(",") if m)
    if not bounds or not named or any(s.get("other") for s in claim.segments) or "extrapolate" in draft.answers:
        return
    for bound, (start, end) in (("start", (named[0], YEAR)), ("end", (1, named[-1]))):
        if bound in bounds and named == list(range(start, end + 1)):  # from the start on (up to the end), no gap
            draft.answers["extrapolate"] = False
            months = {"months": str(len(named)), "set": ",".join(map(str, named))}
            draft.answers.setdefault("assumption_notes", []).append(
                {"key": f"assume_bounded_{bound}", "values": {"months": where(months)}})
            return


def unit_of(draft: Draft) -> str:
    """The unit the segments' amounts are said in: 元 for money (元, 塊 or a bare number after 電費)."""
    if draft.claim.money:
        return text("money_unit")
    return draft.answers.get("unit") or draft.claim.unit or ""


def open_segments(draft: Draft) -> list[dict[str, str]]:
    """The segments whose amount is per month or their total, not said (and not answered yet)."""
    if draft.answers.get("segment_per"):
        return []
    return [s for s in draft.claim.segments if not s.get("per")]


def subject_value(draft: Draft, unit: str) -> str | None:
    """How a segmented amount is named in a question: its total when known, else its segments as said."""
    claim = draft.claim
    if not claim.segments:
        return None
    total = year_amount(claim, draft.answers.get("segment_per"))
    if total is not None:
        return f"{number(total)} {unit}".strip()
    return text("segment_joiner").join(said(s, unit) for s in claim.segments)


def said(segment: dict[str, str], unit: str) -> str:
    """"7–9 月的 55,000 度", "其他 9 個月的 42,000 度"."""
    return text("segment_said", where=where(segment), value=number(Decimal(segment["amount"])), unit=unit).strip()


def where(segment: dict[str, str]) -> str:
    """"7–9 月", "7、9 月", "3–5、10–12 月", "其他 9 個月", "3 個月" (months not named)."""
    months = [int(m) for m in segment.get("set", "").split(",") if m]
    if segment.get("other"):
        return text("segment_other", months=segment["months"])
    if segment.get("except"):  # "除了7、8月以外": "7、8 月以外 10 個月", as said
        return text("segment_except", left_out=where({"months": "", "set": segment["except"]}))
    if not months:
        return text("segment_months", months=segment["months"])
    if len(months) > 1 and all(_next(a) == b for a, b in pairwise(months)):  # 7–9 月, 11–2 月
        return text("segment_range", first=months[0], last=months[-1])
    return text("segment_list", months=text("segment_joiner").join(_runs(months)))


def _next(month: int) -> int:
    """The month after ``month`` (December → January: a range said across the new year, 11到2月)."""
    return month % YEAR + 1


def _runs(months: list[int]) -> list[str]:
    """"3、4、5、10、11、12" → 3–5, 10–12; runs of fewer than three months stay as they are (7、8)."""
    out: list[str] = []
    run: list[int] = []
    for month in [*months, 0]:
        if run and month == _next(run[-1]):
            run.append(month)
            continue
        if len(run) >= 3:
            out.append(text("segment_run", first=run[0], last=run[-1]))
        else:
            out += [str(m) for m in run]
        run = [month]
    return out


def label(segment: dict[str, str]) -> str:
    """"7–9 月 3 個月" (named months with their count), "其他 9 個月", "3 個月"."""
    if not segment.get("other") and segment.get("set"):
        return text("segment_named_months", where=where(segment), months=segment["months"])
    return where(segment)


def _part(segment: dict[str, str], per: str | None, unit: str) -> str:
    how = segment.get("per") or per
    if segment["months"] == "1" and segment.get("set"):  # "2 月 200,000 度": one month's amount
        return text("segment_one_month", where=where(segment), value=number(Decimal(segment["amount"])),
                    unit=unit).strip()
    key = "segment_per_month" if how == "month" else "segment_total"
    return text(key, where=label(segment), value=number(Decimal(segment["amount"])), unit=unit).strip()

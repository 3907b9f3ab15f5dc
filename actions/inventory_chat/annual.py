"""From an amount as given to the year's amount, with the arithmetic the bot shows — or the question it needs.

    每月 35,000 度 × 12 個月 = 一年 420,000 度
    每期 18,400 度（兩個月一期）× 6 期 = 一年 110,400 度
    六期合計 8,200 + 9,100 + … = 58,200 度
    2 台分別 180 + 150 = 330 公斤（units of different sizes）
    1.25 million kWh = 1,250,000 kWh（English magnitudes are shown converted）
    每次 40 公升 × 每月 4 次 × 12 個月 = 一年 1,920 公升
    全廠 800,000 度 − 綠電 100,000 度 = 外購電力 700,000 度
    40 人 × 8 小時 × 300 天 = 96,000 小時

Nothing here guesses: a bill whose length is unknown, a part of the year, a per-item amount without a count,
an amount without a period for a source that is usually billed — each returns a Question. Answers already
given are in the draft's ``answers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from actions.inventory_chat import item_sizes, segments, work_time
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.state import Draft, Note
from contracts.numbers import number
from nlu.claim import Claim

#: sources billed monthly or bimonthly: an amount without a period is asked about, not assumed annual
BILLED_SOURCES = ("electricity", "natural_gas", "green_electricity")
#: sources whose amount is not a flow over time (a nameplate charge, a refill): no "以一年計" note
NO_PERIOD_SOURCES = ("refrigerant", "fire_extinguisher_co2")
PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "week": 52, "fortnight": 26, "year": 1}


@dataclass
class Annual:
    amount: Decimal
    derivation: list[Note] = field(default_factory=list)
    assumptions: list[Note] = field(default_factory=list)
    estimate: bool = False
    #: (months, extrapolate) the user decided for this part of the year: the same months later get the same
    part_year_choice: tuple[int, bool] | None = None


@dataclass(frozen=True)
class Question:
    kind: str  # period | bill_months | extrapolate | count | septic_hours | days | segment_per


def annualize(draft: Draft, unit: str, *, answering_step: bool, bill_months: int | None,
              default_period: str | None = None,
              part_year_choices: dict[str, bool] | None = None) -> Annual | Question:
    """The year's amount of a draft in its unit (as written), or the question it still needs.

    ``answering_step``: the amount answers the category question just asked (which asks for a year's amount);
    ``bill_months``: how long this user's bills are, if said earlier in the conversation."""
    claim, answers = draft.claim, draft.answers
    out = Annual(Decimal(0))
    value = _base(draft, unit, out)
    if isinstance(value, Question):
        return value
    period = answers.get("period") or claim.period or default_period
    months = answers.get("bill_months") or claim.bill_months or bill_months
    part = answers.get("part_year_months", claim.part_year_months)
    if period is not None and period not in ("year", "bill"):
        part = None  # "1–6月每個月3萬度" is a monthly figure
    if claim.total and period in (None, "year"):
        period = "year"
    if period is None:
        if part:
            period = "part"
        elif answering_step or claim.source not in BILLED_SOURCES or claim.people is not None:
            period = "year"
            if not answering_step and claim.source not in (None, *NO_PERIOD_SOURCES) and claim.people is None:
                out.assumptions.append(Note("assume_annual", {}))
        elif len(claim.readings) > 1:
            period = "bill"
        else:
            return Question("period")
    if period == "bill":
        result = _bills(draft, value, unit, months, out)
        if isinstance(result, Question):
            return result
        value = result
    elif period == "day":
        days = answers.get("operating_days")
        if days is None and claim.days_per_month is not None:  # "一個月跑 22 天"
            days = str(claim.days_per_month * 12)
            out.derivation.append(Note("step_days_a_month", {"days": number(claim.days_per_month),
                                                             "total": number(Decimal(days))}))
        if days is None:
            return Question("days")
        out.derivation.append(Note("step_per_day", {"value": number(value), "unit": unit, "days": number(days),
                                                    "total": number(value * Decimal(days))}))
        value = value * Decimal(days)
    elif period in PERIODS_PER_YEAR and period != "year":
        factor = PERIODS_PER_YEAR[period]
        total = value * factor
        last = out.derivation[-1] if out.derivation else None
        if last is not None and last.key == "step_fleet":  # one line: 2 台 × 每月 1 次 × 12 個月 × 80 公升
            out.derivation[-1] = Note(f"step_fleet_{period}", {**last.values, "total": number(total)})
        else:
            out.derivation.append(Note(f"step_{period}", {"value": number(value), "unit": unit,
                                                          "factor": str(factor), "total": number(total)}))
        value = total
    part = answers.get("part_year_months", part)
    if part and period in ("part", "year", "bill"):
        result = _part_year(draft, value, unit, int(part), out, part_year_choices or {})
        if isinstance(result, Question):
            return result
        value = result
    if claim.green_part is not None and claim.source == "electricity":
        green = claim.green_part
        grid = value - green
        out.derivation.append(Note("step_green", {"total": number(value), "green": number(green),
                                                  "grid": number(grid), "unit": unit}))
        value = grid
    if claim.corrected_from is not None:
        out.derivation.append(Note("step_corrected", {"old": number(claim.corrected_from), "new": number(
            claim.amount), "unit": unit}))
    out.amount = value
    return out


def _base(draft: Draft, unit: str, out: Annual) -> Decimal | Question:
    """The amount of one period: readings summed, × the count of items, or people × hours × days."""
    claim, answers = draft.claim, draft.answers
    if claim.people is not None:
        total = work_time.septic_hours(draft, out.derivation, out.assumptions)
        return Question("septic_hours") if total is None else total
    if claim.segments:  # "7到9月每月五萬五度 其他9個月每月四萬二度": each segment's months
        summed = segments.year_value(draft, unit, out.derivation)
        return Question("segment_per") if summed is None else summed
    value = claim.amount
    for said, read, said_unit, how in claim.approximate:  # "1.25 million kWh = 1,250,000 kWh"
        if how == "magnitude":
            out.derivation.append(Note("step_magnitude", {"said": said, "value": number(Decimal(read)),
                                                          "unit": said_unit or unit}))
    if claim.item_sizes:  # "一台180公斤，另一台150公斤": 2 台分別 180 + 150 = 330 公斤
        if item_sizes.open_count(draft):
            return Question("item_sizes")
        out.derivation.append(item_sizes.step(claim, unit))
        return value
    if len(claim.readings) > 1:
        out.derivation.append(Note("step_readings", {
            "count": str(len(claim.readings)), "values": " + ".join(number(r) for r in claim.readings),
            "total": number(value), "unit": unit}))
    if claim.per_item:
        if claim.seasons and "count" not in answers:
            out.derivation.append(seasons_note(claim))
        count = answers.get("count", claim.count)
        if count is None:
            return Question("count")
        count = Decimal(str(count))
        total = value * count
        if claim.units_each is not None:  # "兩台，每台一個月加 4 次，每次 35 公升": so many refuels of each
            units = claim.units_each
            out.derivation.append(Note("step_fleet", {
                "units": number(units), "units_word": _units_word(claim), "count": number(count),
                "value": number(value), "unit": unit, "total": number(total * units)}))
            return total * units
        key = "step_per_event" if claim.counter == "event" else "step_per_item"
        out.derivation.append(Note(key, {"value": number(value), "unit": unit, "count": number(count),
                                         "counter": claim.counter or "", "counter_word": _counter_word(claim),
                                         "total": number(total)}))
        value = total
    return value


def seasons_note(claim: Claim) -> Note:
    """"每月的量分段：3–5、10–12 月 6 個月 × 15 桶 + 其他 6 個月 × 4 桶 = 一年 114 桶"."""
    values = text("segment_plus").join(_season(claim, i) for i in range(len(claim.seasons)))
    key = "step_seasons_part" if claim.part_year_months else "step_seasons"  # not a year yet: no 一年
    return Note(key, {"values": values, "total": number(claim.count or 0),
                      "counter_word": _counter_word(claim)})


def _season(claim: Claim, i: int) -> str:
    """"3–5、10–12 月 6 個月 × 15 桶", "其他 6 個月 × 4 桶", "3 個月 × 40 桶" (its months as said)."""
    months, count = claim.seasons[i]
    said = claim.season_months[i] if i < len(claim.season_months) else {"months": str(months), "set": ""}
    if said["months"] == "1" and said.get("set"):  # "12 月 8 桶"
        return text("season_one_month", where=segments.where(said), count=number(count),
                    counter_word=_counter_word(claim))
    return text("season_part", months=segments.label(said), count=number(count),
                counter_word=_counter_word(claim))


def _units_word(claim: Claim) -> str:
    word = claim.units_word or ""
    return word if word and not word.isascii() else text("units_word_default")


def _counter_word(claim: Claim) -> str:
    """The user's own counter (間, 桶) when it is a plain word; else the counter group's name (shown later)."""
    word = claim.counter_word or ""
    return word if word and not word.isascii() else ""


def _bills(draft: Draft, value: Decimal, unit: str, months: int | None, out: Annual) -> Decimal | Question:
    claim = draft.claim
    readings = int(claim.bill_count or len(claim.readings))
    if readings > 1:
        if months is None and draft.answers.get("part_year_months", claim.part_year_months):
            return value  # "上半年的三張加起來": the bills are those months, whatever their length
        if months is None and readings in (6, 12):
            months = 12 // readings  # six bills are a year of two-month bills, twelve a year of monthly ones
            out.assumptions.append(Note("assume_bills_cover_year", {"count": str(readings),
                                                                    "months": str(months)}))
        if months is None:
            return Question("bill_months")
        covered = readings * int(months)
        if covered >= 12:
            return value
        draft.answers.setdefault("part_year_months", covered)
        return value
    if months is None:
        return Question("bill_months")
    per_year = Decimal(12) / Decimal(int(months))
    total = value * per_year
    out.derivation.append(Note("step_bill", {"value": number(value), "unit": unit, "months": str(months),
                                             "factor": number(per_year), "total": number(total)}))
    return total


def _part_year(draft: Draft, value: Decimal, unit: str, months: int, out: Annual,
               choices: dict[str, bool]) -> Decimal | Question:
    """Only some months: extrapolated with the user's consent (marked 估算), or kept as given with a note; the
    user's answer for the same months earlier in the conversation applies again, and says so."""
    if months >= 12:
        return value
    consent = draft.answers.get("extrapolate", draft.claim.extrapolate)
    if consent is not None:  # said with the amount ("照實際算就好") or answered: remembered for the same months
        out.part_year_choice = (months, bool(consent))
    if consent is None and str(months) in choices:
        consent = choices[str(months)]
        out.assumptions.append(Note("assume_part_year_same", {"months": str(months), "choice": text(
            "part_year_as_before_extrapolated" if consent else "part_year_as_before_kept")}))
    if consent is None:
        return Question("extrapolate")
    if consent:
        total = value * Decimal(12) / Decimal(months)
        out.derivation.append(Note("step_extrapolate", {"value": number(value), "unit": unit,
                                                        "months": str(months), "total": number(total, 2)}))
        out.assumptions.append(Note("assume_extrapolated", {"months": str(months)}))
        out.estimate = True
        return total
    notes = draft.answers.get("assumption_notes", [])
    bounded = any(str(n.get("key", "")).startswith("assume_bounded_") for n in notes)
    if not bounded and not any(n.key == "assume_part_year_same" for n in out.assumptions):
        out.assumptions.append(Note("assume_part_year", {"months": str(months)}))
    return value

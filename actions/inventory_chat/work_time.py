"""Work time: the septic tank's people × hours a day × days a year (nlu.claim.person_hours, the one
computation the interpreter, a corrected line and the annual figure share), and corrections of hours or days
("不對，是一年 280 天") for it or for the working days of a per-day amount. Which parts came from the defaults
is kept, so the note says exactly what was assumed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from actions.inventory_chat.catalogue import text
from actions.inventory_chat.state import Draft, InventoryState, Line, Note
from contracts.numbers import number
from nlu.claim import Claim, Statement, person_hours

#: the parts of the work time the defaults may fill (actions/inventory.yml septic_defaults)
PARTS = ("hours_per_day", "days_per_year")


def septic_hours(draft: Draft, derivation: list[Note], assumptions: list[Note]) -> Decimal | None:
    """The year's employee hours of a septic-tank draft, with its arithmetic; None until hours and days are
    known (asked)."""
    claim, answers = draft.claim, draft.answers
    hours = answers.get("hours_per_day", claim.hours_per_day)
    days = answers.get("days_per_year", claim.days_per_year)
    if claim.people is None or hours is None or days is None:
        return None
    hours, days = Decimal(str(hours)), Decimal(str(days))
    total = person_hours(claim.people, hours, days)
    claim.readings = [total]  # what the line was given as: the same product, after an answer or a correction
    if claim.hours_parts and "hours_per_day" not in answers:
        derivation.append(Note("step_hours_sum", {
            "values": " + ".join(number(h) for h in claim.hours_parts), "total": number(hours)}))
    if claim.people_parts:
        derivation.append(Note("step_people_sum", {
            "values": " + ".join(text("people_part", people=number(p)) for p in claim.people_parts),
            "total": number(claim.people)}))
    derivation.append(Note("step_people", {"people": number(claim.people), "hours": number(hours),
                                           "days": number(days), "total": number(total)}))
    parts = defaulted(answers)
    if len(parts) == len(PARTS):
        assumptions.append(Note("assume_work_hours", {"hours": number(hours), "days": number(days)}))
    elif parts:
        assumptions.append(Note(f"assume_work_{parts[0]}", {"hours": number(hours), "days": number(days)}))
    return total


def defaulted(answers: dict[str, Any]) -> list[str]:
    """The parts of the work time taken from the defaults (a state saved before they were told apart: both)."""
    parts = answers.get("septic_defaults")
    if parts is True:
        return list(PARTS)
    return [p for p in PARTS if p in (parts or [])]


def keep_uncorrected(claim: Claim, origin: dict[str, Any], given: dict[str, Any]) -> None:
    """"啊員工我講錯，是 50 人": the hours (with the overtime they add up from) and the days said before stay."""
    for key in PARTS:
        said = given.get(key) or origin.get(key)
        if getattr(claim, key) is None and said is not None:
            setattr(claim, key, Decimal(str(said)))
            if key == "hours_per_day" and not given.get(key):
                claim.hours_parts = [Decimal(str(h)) for h in origin.get("hours_parts", [])]
    claim.fill_person_hours()


def corrected(state: InventoryState, st: Statement, target: Line) -> tuple[Line, dict[str, Any]] | None:
    """The line a correction of hours or days means (the one named or last, else the last made of work time)
    and the answers it gives it; None when the message corrects no work time."""
    timed = [ln for ln in state.lines if ln.source == "septic_tank" or "operating_days" in _answers(ln)]
    line = target if target in timed else (timed[-1] if timed else None)
    if line is None:
        return None
    if line.source != "septic_tank":
        return (line, {"operating_days": str(st.days_per_year)}) if st.days_per_year is not None else None
    said = {key: str(value) for key, value in zip(PARTS, (st.hours_per_day, st.days_per_year)) if value is not None}
    if not said:
        return None
    said["septic_defaults"] = [p for p in defaulted(_answers(line)) if p not in said]
    return line, said


def _answers(line: Line) -> dict[str, Any]:
    return (line.origin or {}).get("answers") or {}

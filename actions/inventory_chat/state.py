"""The inventory conversation's state, typed, and its JSON form (kept in the Rasa slot ``inventory``, so it
survives restarts through the tracker store).

A Line is one recorded annual amount with how it was obtained (``derivation``: the arithmetic the bot showed)
and what was assumed (``assumptions``: 估算 from money, default hours, typical charge …); the read-back and the
Excel export show both. A Draft is an amount on its way to a line: the claim as stated plus the answers given
so far; ``pending`` holds the drafts waiting for the user's answer, first one asked first.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from nlu.statements import Claim

COLLECTING, REVIEWING, DONE = "collecting", "reviewing", "done"


@dataclass
class Note:
    """A derivation step or an assumption: a text key of actions/inventory.yml and its values."""

    key: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class Line:
    id: int
    source: str
    amount: str  # the year's amount (a Decimal as text) in ``unit``
    unit: str  # a unit calc knows (as the user wrote it, e.g. 度, 公升, 公斤)
    step: str  # the category (actions/inventory.yml step id)
    usage: str | None = None
    refrigerant: str | None = None
    equipment: str | None = None  # calc equipment id
    equipment_text: str | None = None  # as the user said it
    method: str | None = None  # refrigerants: refill | charge
    factor: str | None = None  # steam: the supplier's factor
    label: str | None = None  # what the user called it (堆高機, 辦公室冷氣 5台)
    as_given: str | None = None  # the first number as the user gave it (to match "90萬是錢啦")
    derivation: list[Note] = field(default_factory=list)
    assumptions: list[Note] = field(default_factory=list)
    estimate: bool = False
    calc_notes: list[str] = field(default_factory=list)  # calc's notes on the unit (天然氣 度 = m³ …)
    #: the claim and answers it came from, to re-derive it when corrected ("剛剛那個是每個月的量")
    origin: dict[str, Any] = field(default_factory=dict)


@dataclass
class Draft:
    """An amount on its way to a line: the claim as stated and the answers to the questions asked about it."""

    claim: Claim
    answers: dict[str, Any] = field(default_factory=dict)
    question: str | None = None  # the question waiting for the user (a kind: period, money, usage …)
    asked: int = 0
    replaces: int | None = None  # a line id this draft corrects


@dataclass
class InventoryState:
    status: str = COLLECTING
    year: int | None = None
    company: str | None = None
    step: str = "year"  # year | company | a category step id | end
    lines: list[Line] = field(default_factory=list)
    none: list[str] = field(default_factory=list)  # categories answered "none"
    pending: list[Draft] = field(default_factory=list)
    next_id: int = 1
    bill_months: int | None = None  # how often this user's electricity bill comes, once said
    default_period: str | None = None  # "數字都是全年的": amounts without a period are a year's
    #: "不用推估，前面還沒開工": the answer for a part of the year, by its number of months (applies again)
    part_year_choices: dict[str, bool] = field(default_factory=dict)
    delete_candidates: list[int] = field(default_factory=list)  # a deletion waiting for "which one"
    misunderstood: int = 0
    more: str | None = None  # the category just answered: "還有其他…嗎？" comes next
    asked: str = ""  # what the last prompt asked: year | company | step | pending | delete | readback
    sector: str | None = None  # the user's sector when said (染整, 食品 …): it picks fitting reduction ideas
    updated_at: str = ""

    def touch(self) -> None:
        self.updated_at = datetime.now(timezone.utc).isoformat(timespec="seconds")

    def new_line_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def line(self, line_id: int) -> Line | None:
        return next((line for line in self.lines if line.id == line_id), None)

    def lines_of(self, step: str) -> list[Line]:
        return [line for line in self.lines if line.step == step]

    def answered(self, step: str) -> bool:
        return step in self.none or any(line.step == step for line in self.lines) or any(
            d.answers.get("step") == step for d in self.pending)

    @property
    def unfinished(self) -> bool:
        """A collection under way that holds something worth resuming (a year or an amount)."""
        return self.status in (COLLECTING, REVIEWING) and bool(self.lines or self.year or self.pending)

    # -- JSON -------------------------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["pending"] = [
            {"claim": d.claim.as_dict(), "answers": d.answers, "question": d.question, "asked": d.asked,
             "replaces": d.replaces}
            for d in self.pending
        ]
        data["version"] = 2
        return data

    @classmethod
    def from_json(cls, data: Any) -> InventoryState | None:
        """The state of a slot value, or None (nothing, or a shape this version cannot read)."""
        if not isinstance(data, dict):
            return None
        if data.get("version") != 2:
            return _from_version_1(data)
        try:
            lines = [_line(item) for item in data.get("lines", [])]
            pending = [
                Draft(Claim.from_dict(d["claim"]), dict(d.get("answers") or {}), d.get("question"),
                      int(d.get("asked") or 0), d.get("replaces"))
                for d in data.get("pending", [])
            ]
        except (KeyError, TypeError, ValueError):
            return None
        fields = {f.name for f in dataclasses.fields(cls)} - {"lines", "pending"}
        state = cls(**{k: v for k, v in data.items() if k in fields})
        state.lines, state.pending = lines, pending
        return state


def _line(item: dict[str, Any]) -> Line:
    values = dict(item)
    values["derivation"] = [Note(n["key"], dict(n.get("values") or {})) for n in values.get("derivation", [])]
    values["assumptions"] = [Note(n["key"], dict(n.get("values") or {})) for n in values.get("assumptions", [])]
    known = {f.name for f in dataclasses.fields(Line)}
    return Line(**{k: v for k, v in values.items() if k in known})


def _from_version_1(data: dict[str, Any]) -> InventoryState | None:
    """The dict state of the first guided inventory: its lines are kept (a user may come back to them)."""
    if "lines" not in data or "status" not in data:
        return None
    state = InventoryState(status=data.get("status") or COLLECTING, year=data.get("year"),
                           company=data.get("company"), step=data.get("step") or "year",
                           none=list(data.get("skipped") or []))
    for old in data.get("lines") or []:
        if not isinstance(old, dict) or not old.get("source"):
            continue
        state.lines.append(Line(
            id=state.new_line_id(), source=old["source"], amount=str(old.get("amount", "0")).replace(",", ""),
            unit=old.get("unit") or "", step=old.get("step") or "", usage=old.get("usage"),
            refrigerant=old.get("refrigerant"), equipment=old.get("equipment"), factor=old.get("factor"),
        ))
    return state

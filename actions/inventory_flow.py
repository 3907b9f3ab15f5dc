"""The guided inventory conversation as plain Python: state in, (state, messages) out.

No Rasa here (actions/inventory.py is the thin glue), so the whole flow is unit-tested in the gateway's
environment. The state is a JSON-able dict kept in the Rasa slot ``inventory``:

    {"status": "collecting"|"done", "year": 2021|None, "company": str|None,
     "step": "year"|"company"|<step id>|"end", "lines": [line, …], "skipped": [step id, …],
     "pending": None | {"kind": "amount"|"confirm"|"equipment", …}, "updated_at": iso}

Every amount is validated through calc (units, negatives, non-numbers, absurd magnitudes); implausible but
possible amounts are confirmed, not rejected. Texts and steps come from actions/inventory.yml.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

import calc
from calc import CalcInputError, parse_quantity
from calc import aliases as calc_aliases

CONFIG_FILE = Path(__file__).with_name("inventory.yml")
FIRST_YEAR = 2016
_BARE_YEAR = re.compile(r"^\s*(?:民國)?\s*(\d{2,4})\s*年?(?:度)?\s*$")
_COMPANY = re.compile(r"公司(?:名稱)?\s*(?:是|為|:|：)?\s*(?P<name>.+)$")
_EXAMPLES = {"energy": "896萬度", "volume": "3,882立方公尺", "mass": "8,537公噸", "time": "25,660小時"}

Message = dict[str, Any]


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    with CONFIG_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def text(key: str, **values: Any) -> str:
    return config()["texts"][key].format(**values)


def steps() -> list[dict[str, Any]]:
    return config()["steps"]


def step_by_id(step_id: str) -> dict[str, Any] | None:
    return next((s for s in steps() if s["id"] == step_id), None)


def new_state() -> dict[str, Any]:
    return {
        "status": "collecting", "year": None, "company": None, "step": "year",
        "lines": [], "skipped": [], "pending": None, "updated_at": _now(),
    }


def is_unfinished(state: Any) -> bool:
    """A collection under way that already holds something worth resuming (a year or an amount)."""
    return isinstance(state, dict) and state.get("status") == "collecting" and bool(
        state.get("lines") or state.get("year")
    )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def fmt(value: Decimal | float | int) -> str:
    """8537 → 8,537; 74.4 → 74.4; 27239.794 → 27,239.794."""
    dec = Decimal(str(value))
    if dec == dec.to_integral_value():
        return f"{int(dec):,}"
    return f"{dec:,f}".rstrip("0").rstrip(".")


def source_name(source: str) -> str:
    info = calc.SOURCES.get(source)
    return info.name if info else source


def _unit_examples(source: str) -> str:
    info = calc.SOURCES.get(source)
    return _EXAMPLES.get(info.quantity if info else "", "8,537") if info else "8,537"


@dataclass
class Turn:
    """What the user said this turn, as the NLU understood it."""

    intent: str
    text: str = ""
    activities: list[dict[str, Any]] = field(default_factory=list)
    year: int | None = None
    sources: list[str] = field(default_factory=list)
    deletions: list[str] = field(default_factory=list)
    equipment: str | None = None


@dataclass
class Outcome:
    state: dict[str, Any] | None
    messages: list[Message] = field(default_factory=list)
    result: dict[str, Any] | None = None

    def say(self, value: str, buttons: list[dict[str, str]] | None = None) -> None:
        message: Message = {"text": value}
        if buttons:
            message["buttons"] = buttons
        self.messages.append(message)


def _button(title: str, payload: str) -> dict[str, str]:
    return {"title": title, "payload": payload}


def _step_buttons(step: dict[str, Any], has_data: bool) -> list[dict[str, str]]:
    buttons = [
        _button(source_name(src), f'/choose_source{{"source":"{src}"}}') for src in step.get("buttons", [])
    ]
    buttons.append(_button(text("button_next") if has_data else text("button_skip"), "/skip"))
    buttons.append(_button(text("button_finish"), "/inventory_finish"))
    return buttons


class InventoryFlow:
    """Applies one user turn to the state. ``today`` fixes "去年" and the latest valid year."""

    def __init__(self, today: date | None = None) -> None:
        self.today = today or date.today()

    @property
    def last_year(self) -> int:
        return self.today.year

    # -- entry point ----------------------------------------------------------------------------------------

    def handle(self, state: dict[str, Any] | None, turn: Turn, result: dict[str, Any] | None = None) -> Outcome:
        state = copy.deepcopy(state) if state else None
        intent = turn.intent
        if intent == "inventory_restart":
            out = Outcome(new_state())
            out.say(text("restarted"))
            return self._begin(out, turn)
        if intent == "inventory_start":
            if is_unfinished(state):
                return self.resume_offer(state)
            return self._begin(Outcome(new_state()), turn)
        if intent == "inventory_gases":
            return self._gases(state, result)
        if intent == "inventory_factors":
            return self._factors(state, result)
        if state is None or state.get("status") != "collecting":
            return self._not_collecting(state, turn)
        out = Outcome(state)
        handler = {
            "inventory_resume": self._resume,
            "inform_year": self._inform_year,
            "inform_company": self._inform_company,
            "inform_activity": self._inform_activity,
            "inform_amount": self._inform_amount,
            "choose_source": self._choose_source,
            "skip": self._skip,
            "affirm": self._affirm,
            "deny": self._deny,
            "inventory_delete": self._delete,
            "inventory_list": self._list,
            "inventory_finish": self._finish,
        }.get(intent)
        if handler is None:
            self.ask_current(out)
            return out
        handler(out, turn)
        if out.state is not None:
            out.state["updated_at"] = _now()
        return out

    def resume_offer(self, state: dict[str, Any]) -> Outcome:
        out = Outcome(state)
        out.say(
            text("resume_offer", year=self._year_label(state), count=len(state["lines"])),
            [_button(text("button_resume"), "/inventory_resume"), _button(text("button_restart"), "/inventory_restart")],
        )
        return out

    # -- starting ---------------------------------------------------------------------------------------------

    def _begin(self, out: Outcome, turn: Turn) -> Outcome:
        out.say(text("start", total=len(steps())))
        if turn.year is not None or turn.activities:
            if turn.year is not None:
                self._set_year(out, turn.year, str(turn.year))
            for activity in turn.activities:
                self._record(out, activity)
            if out.state["pending"] is None:
                self.ask_current(out)
        return out

    def _not_collecting(self, state: dict[str, Any] | None, turn: Turn) -> Outcome:
        if turn.intent in ("inform_activity", "inform_year"):
            # a free statement starts a collection: nothing the user gave is lost
            return self._begin(Outcome(new_state()), turn)
        out = Outcome(state)
        if turn.intent == "inventory_resume" and state:
            return self._begin(Outcome(new_state()), turn)
        if turn.intent in ("skip", "deny", "affirm"):
            out.say(text("skip_not_collecting"))
        elif turn.intent == "inventory_finish" and state and state.get("status") == "done":
            out.say(text("no_result") if not state.get("lines") else text("not_collecting"))
        else:
            out.say(text("not_collecting"), [_button(text("button_restart"), "/inventory_start")])
        return out

    # -- asking -----------------------------------------------------------------------------------------------

    def _year_label(self, state: dict[str, Any]) -> str:
        year = state.get("year")
        return f"{year} 年" if year else "年度未定"

    def _next_step(self, state: dict[str, Any]) -> dict[str, Any] | None:
        """The first step neither answered (skipped or with data) nor passed."""
        ids = [s["id"] for s in steps()]
        current = state.get("step")
        return _first_open_step(state, ids.index(current) if current in ids else 0)

    def ask_current(self, out: Outcome) -> None:
        """Ask what the conversation is waiting for (used after an FAQ interruption too)."""
        state = out.state
        pending = state.get("pending")
        if pending:
            self._ask_pending(out, pending)
            return
        if state["step"] == "year" or not state.get("year"):
            state["step"] = "year" if not state.get("year") else state["step"]
            if not state.get("year"):
                out.say(text("ask_year"))
                return
        if state["step"] == "company":
            out.say(text("ask_company"), [_button(text("button_company_skip"), "/skip")])
            return
        step = step_by_id(state["step"])
        if step is None or step["id"] in state["skipped"] or any(l["step"] == step["id"] for l in state["lines"]):
            step = self._next_step(state) if step is not None else self._next_step({**state, "step": None})
        if step is None:
            state["step"] = "end"
            out.say(text("all_asked"), [_button(text("button_finish"), "/inventory_finish"),
                                        _button(text("button_list"), "/inventory_list")])
            return
        state["step"] = step["id"]
        n = [s["id"] for s in steps()].index(step["id"]) + 1
        out.say(
            "\n".join([text("progress", n=n, total=len(steps()), title=step["title"]), step["question"],
                       text("hint", hint=step["hint"])]),
            _step_buttons(step, has_data=False),
        )

    def _ask_pending(self, out: Outcome, pending: dict[str, Any]) -> None:
        if pending["kind"] == "amount":
            src = pending["source"]
            out.say(text("ask_amount", name=source_name(src), units=_unit_examples(src)),
                    [_button(text("button_skip"), "/skip")])
        elif pending["kind"] == "confirm":
            a = pending["line"]
            key = "confirm_low" if pending["direction"] == "low" else "confirm_high"
            out.say(text(key, name=a["name"], amount=a["display_amount"], unit=a["display_unit"]),
                    [_button(text("button_yes"), "/affirm"), _button(text("button_no"), "/deny")])
        elif pending["kind"] == "equipment":
            out.say(text("ask_equipment"), self._equipment_buttons())
        elif pending["kind"] == "factor":
            out.say(text("ask_steam_factor"), [_button(text("button_skip"), "/skip")])

    def _equipment_buttons(self) -> list[dict[str, str]]:
        from calc.factors import equipment

        return [
            _button(info.name[:20], f'/choose_source{{"equipment":"{eid}"}}')
            for eid, info in equipment().items()
            if info.kind == "refrigeration"
        ][:12]

    # -- handlers ---------------------------------------------------------------------------------------------

    def _resume(self, out: Outcome, turn: Turn) -> None:
        step = step_by_id(out.state["step"])
        out.say(text("resumed", title=step["title"] if step else self._year_label(out.state)))
        self.ask_current(out)

    def _set_year(self, out: Outcome, year: int, raw: str) -> bool:
        if not FIRST_YEAR <= year <= self.last_year:
            out.say(text("bad_year", text=raw, first=FIRST_YEAR, last=self.last_year,
                         first_roc=FIRST_YEAR - 1911, last_roc=self.last_year - 1911))
            return False
        state = out.state
        state["year"] = year
        out.say(text("year_set", year=year, roc=year - 1911))
        if state["step"] == "year":
            state["step"] = "company"
        return True

    def _inform_year(self, out: Outcome, turn: Turn) -> None:
        year = turn.year if turn.year is not None else _bare_year(turn.text)
        if year is None:
            out.say(text("bad_year", text=turn.text, first=FIRST_YEAR, last=self.last_year,
                         first_roc=FIRST_YEAR - 1911, last_roc=self.last_year - 1911))
            return
        if self._set_year(out, year, turn.text):
            self.ask_current(out)

    def _inform_company(self, out: Outcome, turn: Turn) -> None:
        match = _COMPANY.search(turn.text.strip())
        company = (match.group("name") if match else turn.text).strip(" ：:，,。")
        if company:
            out.state["company"] = company[:80]
            out.say(text("company_set", company=out.state["company"]))
        if out.state["step"] == "company":
            out.state["step"] = steps()[0]["id"]
        self.ask_current(out)

    def _inform_activity(self, out: Outcome, turn: Turn) -> None:
        if turn.year is not None and not out.state.get("year"):
            self._set_year(out, turn.year, str(turn.year))
        if not turn.activities:
            self._inform_amount(out, turn)
            return
        for activity in turn.activities:
            self._record(out, activity)
        self._after_record(out)

    def _inform_amount(self, out: Outcome, turn: Turn) -> None:
        state = out.state
        pending = state.get("pending")
        if state["step"] == "year" and not state.get("year"):
            year = _bare_year(turn.text)
            if year is not None:
                self._inform_year(out, Turn("inform_year", turn.text, year=year))
                return
        if pending and pending["kind"] == "factor":
            self._set_factor(out, pending["line"], turn.text)
            return
        source = None
        if pending and pending["kind"] == "amount":
            source = pending["source"]
        else:
            step = step_by_id(state["step"])
            if step and len(step["sources"]) == 1:
                source = step["sources"][0]
            elif turn.sources:
                source = turn.sources[0]
        if source is None:
            # an amount without a source in a step with several: ask which one
            step = step_by_id(state["step"])
            if step:
                out.say(step["question"], _step_buttons(step, has_data=False))
            else:
                self.ask_current(out)
            return
        state["pending"] = None
        self._record(out, {"source": source, "amount": turn.text.strip(), "unit": None}, raw=True)
        self._after_record(out)

    def _set_factor(self, out: Outcome, line: dict[str, Any], value: str) -> None:
        """The supplier's steam factor (公噸CO2e/公噸): purchased steam has no official default."""
        try:
            factor = calc.parse_number(value.strip())
        except CalcInputError as exc:
            out.say(text("invalid", error=exc.message))
            self._ask_pending(out, out.state["pending"])
            return
        out.state["pending"] = None
        self._store_line(out, {**line, "factor": fmt(factor)})
        self._after_record(out)

    def _choose_source(self, out: Outcome, turn: Turn) -> None:
        state = out.state
        pending = state.get("pending")
        if turn.equipment and pending and pending["kind"] == "equipment":
            line = dict(pending["line"])
            line["equipment"] = turn.equipment
            state["pending"] = None
            self._record(out, line)
            self._after_record(out)
            return
        source = turn.sources[0] if turn.sources else None
        if source is None:
            self.ask_current(out)
            return
        state["pending"] = {"kind": "amount", "source": source}
        self.ask_current(out)

    def _skip(self, out: Outcome, turn: Turn) -> None:
        state = out.state
        pending = state.get("pending")
        if pending:
            state["pending"] = None
            if pending["kind"] == "confirm":
                out.say(text("confirm_again", name=pending["line"]["name"]))
        if state["step"] == "year" and not state.get("year"):
            out.say(text("ask_year"))
            return
        if state["step"] == "company":
            state["step"] = steps()[0]["id"]
        else:
            step = step_by_id(state["step"])
            if step:
                if not any(l["step"] == step["id"] for l in state["lines"]):
                    state["skipped"].append(step["id"])
                    out.say(text("skipped", title=step["title"]))
                nxt = self._following_step(state, step["id"])
                state["step"] = nxt["id"] if nxt else "end"
        self.ask_current(out)

    def _following_step(self, state: dict[str, Any], step_id: str) -> dict[str, Any] | None:
        """The first open step after ``step_id``."""
        return _first_open_step(state, [s["id"] for s in steps()].index(step_id) + 1)

    def _affirm(self, out: Outcome, turn: Turn) -> None:
        pending = out.state.get("pending")
        if pending and pending["kind"] == "confirm":
            out.state["pending"] = None
            self._store_line(out, pending["line"])
            self._after_record(out)
            return
        self.ask_current(out)

    def _deny(self, out: Outcome, turn: Turn) -> None:
        pending = out.state.get("pending")
        if pending and pending["kind"] == "confirm":
            line = pending["line"]
            out.state["pending"] = {"kind": "amount", "source": line["source"]}
            out.say(text("confirm_again", name=line["name"]))
            self.ask_current(out)
            return
        self._skip(out, turn)

    def _delete(self, out: Outcome, turn: Turn) -> None:
        targets = turn.deletions or turn.sources
        for source in targets:
            before = len(out.state["lines"])
            out.state["lines"] = [l for l in out.state["lines"] if l["source"] != source]
            key = "deleted" if len(out.state["lines"]) < before else "not_found"
            out.say(text(key, name=source_name(source)))
        if not targets:
            self._list(out, turn)
            return
        self.ask_current(out)

    def _list(self, out: Outcome, turn: Turn) -> None:
        state = out.state
        lines = [text("list_header", year=self._year_label(state))]
        if state["lines"]:
            lines += [text("list_item", name=l["name"], amount=l["display_amount"], unit=l["display_unit"])
                      for l in state["lines"]]
        else:
            lines.append(text("list_empty"))
        if state["skipped"]:
            titles = "、".join(step_by_id(s)["title"] for s in state["skipped"] if step_by_id(s))
            lines.append(text("list_skipped", titles=titles))
        out.say("\n".join(lines))
        self.ask_current(out)

    def _finish(self, out: Outcome, turn: Turn) -> None:
        from actions.inventory_result import compose_result

        state = out.state
        state["pending"] = None
        if not state["lines"]:
            out.say(text("nothing_to_compute"))
            self.ask_current(out)
            return
        if not state.get("year"):
            state["step"] = "year"
            out.say(text("ask_year"))
            return
        payload = inventory_payload(state)
        try:
            result = calc.compute_json(payload)
        except CalcInputError as exc:
            out.say(text("invalid", error=exc.message))
            self.ask_current(out)
            return
        state["status"] = "done"
        out.result = result
        out.messages.extend(compose_result(payload, result))

    def _gases(self, state: dict[str, Any] | None, result: dict[str, Any] | None) -> Outcome:
        out = Outcome(state)
        if not result:
            out.say(text("no_result"))
            return out
        lines = [text("gases_header", gwp=result["gwp"])]
        for gas in result["by_gas"].values():
            if gas["tonnes"] or gas["tco2e"]:
                lines.append(text("gas_line", name=gas["label"], tonnes=fmt(gas["tonnes"]), co2e=fmt(gas["tco2e"])))
        out.say("\n".join(lines))
        return out

    def _factors(self, state: dict[str, Any] | None, result: dict[str, Any] | None) -> Outcome:
        out = Outcome(state)
        if not result:
            out.say(text("no_result"))
            return out
        lines = [text("factors_header")]
        for line in result["lines"]:
            factor = line["factor"]
            values = "、".join(f"{gas} {value:.6g}" for gas, value in factor["values"].items())
            lines.append(text("factor_line", name=factor["name"], factor=f"{values} {factor['unit']}",
                              source=factor["source"], version=factor["version"]))
        out.say("\n".join(lines))
        return out

    # -- recording --------------------------------------------------------------------------------------------

    def _record(self, out: Outcome, activity: dict[str, Any], raw: bool = False) -> None:
        """Validate one activity through calc and store it (or ask to confirm / for the equipment)."""
        state = out.state
        source = activity["source"]
        step = self._step_for(state, source, activity.get("usage"))
        amount_text = activity["amount"] if raw else f"{activity['amount']}{activity.get('unit') or ''}"
        name = source_name(source)
        if source == "refrigerant" and activity.get("refrigerant"):
            name = f"{name}（{activity['refrigerant']}）"
        try:
            quantity = parse_quantity(amount_text, source)
        except CalcInputError as exc:
            out.say(text("invalid", error=exc.message))
            state["pending"] = {"kind": "amount", "source": source}
            out.say(text("ask_again", name=name, example=_unit_examples(source)))
            return
        line = {
            "source": source,
            "name": name,
            "amount": fmt(quantity.value),
            "unit": quantity.unit_as_written or quantity.unit_display,
            "usage": activity.get("usage") or (step.get("usage") if step and source in step["sources"] else None),
            "refrigerant": activity.get("refrigerant"),
            "equipment": activity.get("equipment"),
            "step": step["id"] if step else state["step"],
            "display_amount": fmt(quantity.value),
            "display_unit": quantity.unit_as_written or quantity.unit_display,
            "canonical_amount": float(quantity.amount),
            "notes": list(quantity.notes),
        }
        if line["usage"] not in ("stationary", "mobile"):
            line["usage"] = None
        if activity.get("factor"):
            line["factor"] = str(activity["factor"])
        if source == "refrigerant" and not line["equipment"]:
            state["pending"] = {"kind": "equipment", "line": line}
            return
        if source == "steam" and not line.get("factor"):
            state["pending"] = {"kind": "factor", "line": line}
            return
        low, high = config()["plausible"].get(source, [None, None])
        amount = float(quantity.amount)
        if low is not None and (amount < low or amount > high) and not (amount == 0):
            state["pending"] = {"kind": "confirm", "line": line, "direction": "low" if amount < low else "high"}
            return
        self._store_line(out, line)

    def _store_line(self, out: Outcome, line: dict[str, Any]) -> None:
        state = out.state
        key = _line_key(line)
        old = next((l for l in state["lines"] if _line_key(l) == key), None)
        if old is not None:
            state["lines"] = [line if _line_key(l) == key else l for l in state["lines"]]
            out.say(text("updated", name=line["name"], old=f"{old['display_amount']} {old['display_unit']}",
                         amount=line["display_amount"], unit=line["display_unit"]))
        else:
            state["lines"].append(line)
            note = "".join(text("interpreted", note=n) for n in line.get("notes", []))
            out.say(text("recorded", name=line["name"], amount=line["display_amount"], unit=line["display_unit"],
                         note=note))
        if line["step"] in state["skipped"]:
            state["skipped"].remove(line["step"])

    def _after_record(self, out: Outcome) -> None:
        state = out.state
        if state.get("pending"):
            self._ask_pending(out, state["pending"])
            return
        step = step_by_id(state["step"])
        recorded_here = step is not None and any(l["step"] == step["id"] for l in state["lines"])
        if step is not None and recorded_here:
            out.say(text("ask_more", title=step["title"]), _step_buttons(step, has_data=True))
            return
        self.ask_current(out)

    def _step_for(self, state: dict[str, Any], source: str, usage: str | None) -> dict[str, Any] | None:
        current = step_by_id(state.get("step") or "")
        if current and source in current["sources"] and (usage is None or current.get("usage") == usage):
            return current
        for step in steps():
            if source in step["sources"] and (usage is None or step.get("usage") == usage):
                if usage is None and source in ("diesel", "gasoline", "lpg"):
                    default = calc.SOURCES[source].default_emission_type
                    if step.get("usage") != default:
                        continue
                return step
        return None


def _first_open_step(state: dict[str, Any], start: int) -> dict[str, Any] | None:
    """The first step from index ``start`` on that is neither skipped nor has data."""
    done = set(state["skipped"]) | {line["step"] for line in state["lines"]}
    return next((step for step in steps()[start:] if step["id"] not in done), None)


def _line_key(line: dict[str, Any]) -> tuple[Any, ...]:
    return (line["source"], line.get("usage"), line.get("refrigerant"), line.get("equipment"))


def _bare_year(value: str) -> int | None:
    match = _BARE_YEAR.match(value or "")
    if not match:
        return None
    number = int(match.group(1))
    if 100 <= number <= 199:
        return number + 1911
    if 2000 <= number <= 2100:
        return number
    return None


def inventory_payload(state: dict[str, Any]) -> dict[str, Any]:
    """The collected data in calc's JSON shape (what compute_json and the gateway's storage take)."""
    activities = []
    for line in state["lines"]:
        activity = {"source": line["source"], "amount": line["amount"], "unit": line["unit"]}
        for key in ("usage", "refrigerant", "equipment", "factor"):
            if line.get(key):
                activity[key] = line[key]
        activities.append(activity)
    payload: dict[str, Any] = {"year": state["year"], "activities": activities}
    if state.get("company"):
        payload["company"] = state["company"]
    return payload

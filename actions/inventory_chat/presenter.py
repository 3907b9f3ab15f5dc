"""Every message of the inventory conversation: texts from actions/inventory.yml, numbers from the one
formatter, buttons with payloads the NLU maps to intents. Nothing internal reaches the user: sources by their
Chinese names, no ids, no payload codes in text."""

from __future__ import annotations

from datetime import date

import json
from dataclasses import dataclass, field
from typing import Any

from actions.inventory_chat import catalogue
from actions.inventory_chat.catalogue import source_name, text
from actions.inventory_chat.state import Draft, InventoryState, Line, Note
from calc import factors as calc_factors
from contracts.numbers import number
from contracts.years import FIRST_YEAR, roc

Message = dict[str, Any]
#: sources whose lines are named by their equipment (a forklift's diesel, a chiller's refrigerant)
EQUIPMENT_SOURCES = ("diesel", "gasoline", "lpg", "lng", "fuel_oil", "natural_gas", "coal", "refrigerant")


@dataclass
class Reply:
    """What the bot says this turn: notes gathered while handling, then one question (with buttons) last."""

    notes: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)

    def note(self, value: str) -> None:
        self.notes.append(value)

    def say(self, value: str, buttons: list[dict[str, str]] | None = None) -> None:
        self.flush()
        message: Message = {"text": value}
        if buttons:
            message["buttons"] = buttons
        self.messages.append(message)

    def ask(self, value: str, buttons: list[dict[str, str]] | None = None) -> None:
        """The notes and the question in one bubble (a phone shows one bubble at a time best)."""
        body = "\n".join([*self.notes, value]) if self.notes else value
        self.notes = []
        message: Message = {"text": body}
        if buttons:
            message["buttons"] = buttons
        self.messages.append(message)

    def custom(self, payload: dict[str, Any]) -> None:
        self.flush()
        self.messages.append({"custom": payload})

    def flush(self) -> None:
        if self.notes:
            self.messages.append({"text": "\n".join(self.notes)})
            self.notes = []


def button(title: str, payload: str) -> dict[str, str]:
    return {"title": title, "payload": payload}


def intent_button(title: str, intent: str, **entities: Any) -> dict[str, str]:
    suffix = json.dumps(entities, ensure_ascii=False, separators=(",", ":")) if entities else ""
    return button(title, f"/{intent}{suffix}")


def answer_button(title: str, choice: str) -> dict[str, str]:
    return intent_button(title, "inventory_answer", choice=choice)


# ---------------------------------------------------------------- lines


def line_name(line: Line, with_usage: bool = True) -> str:
    """外購電力 / 柴油（堆高機）/ 冷媒 R-410A（分離式冷氣）/ 柴油（移動燃燒） — without the usage where the
    category is said next to it."""
    name = source_name(line.source)
    if line.source == "refrigerant" and line.refrigerant:
        name = f"{name} {line.refrigerant}"
    where = line.equipment_text or _equipment_name(line.equipment)
    if where and line.source in EQUIPMENT_SOURCES:
        return text("name_with_equipment", name=name, equipment=where)
    if with_usage and line.usage and line.source in ("diesel", "gasoline", "lpg"):
        return text("name_with_usage", name=name, usage=text(f"usage_{line.usage}"))
    return name


def _equipment_name(equipment: str | None) -> str | None:
    info = calc_factors.equipment().get(equipment or "")
    return info.name if info is not None else None


def amount_text(line: Line) -> str:
    unit = text("unit_charge_suffix") if line.source == "refrigerant" and line.method == "charge" else ""
    return f"{number(line.amount)} {line.unit}{unit}"


def note_text(note: Note) -> str:
    values = dict(note.values)
    if "counter" in values:
        word = values.pop("counter_word", "")
        values["counter"] = word or catalogue.texts("counter_names").get(values["counter"], values["counter"])
    return text(note.key, **values)


def derivation_text(line: Line) -> str:
    return "；".join(note_text(n) for n in line.derivation)


def recorded(reply: Reply, line: Line, replaced: Line | None = None, asked_step: str | None = None) -> None:
    """✅ 已記下 …, and the category when it is not the one just asked (data given at another step)."""
    step = catalogue.step(line.step)
    name = line_name(line, with_usage=False)  # the category is said, or is the one just asked
    if replaced is not None and replaced.step != line.step and step is not None:
        moved = catalogue.step(replaced.step)  # "是堆高機用的": the same amount, another category
        reply.note(text("moved", name=name, old=moved.title if moved else "", step=step.title,
                        amount=amount_text(line)))
    elif replaced is not None:
        reply.note(text("updated", name=name, old=amount_text(replaced), amount=amount_text(line)))
    elif step is not None and step.id != asked_step and step.title != name:
        reply.note(text("recorded_in", step=step.title, name=name, amount=amount_text(line)))
    else:
        reply.note(text("recorded", name=name, amount=amount_text(line)))
    if line.derivation:
        reply.note(text("derivation", steps=derivation_text(line)))
    for note in line.calc_notes:
        reply.note(text("conversion", note=note))
    for note in line.assumptions:
        reply.note(text("assumption", note=note_text(note)))
    if line.source == "refrigerant" and line.method:
        reply.note(text(f"refrigerant_method_{line.method}"))


# ---------------------------------------------------------------- questions


def year_question() -> str:
    return text("ask_year")


def year_buttons(today: date | None = None) -> list[dict[str, str]]:
    """The last few complete years as buttons ("2025（民國114年）"); the payload is the year as typed."""
    latest = (today or date.today()).year - 1
    return [{"title": text("button_year", year=y, roc=roc(y)), "payload": text("button_year_payload", year=y)}
            for y in range(latest, latest - catalogue.config()["year_buttons"], -1) if y >= FIRST_YEAR]


def bad_year(raw: str, last: int) -> str:
    return text("bad_year", text=raw, first=FIRST_YEAR, last=last, first_roc=roc(FIRST_YEAR), last_roc=roc(last))


def step_question(state: InventoryState, step: catalogue.Step) -> tuple[str, list[dict[str, str]]]:
    ids = catalogue.step_ids()
    n = ids.index(step.id) + 1
    body = "\n".join([text("progress", n=n, total=len(ids), title=step.title), step.question,
                      text("hint", hint=step.hint)])
    buttons = [intent_button(source_name(s), "choose_source", source=s) for s in step.buttons]
    has = bool(state.lines_of(step.id))
    buttons.append(intent_button(text("button_next") if has else text("button_none"), "skip"))
    buttons.append(intent_button(text("button_finish"), "inventory_finish"))
    return body, buttons


def more_question(state: InventoryState, step: catalogue.Step) -> tuple[str, list[dict[str, str]]]:
    buttons = [intent_button(source_name(s), "choose_source", source=s) for s in step.buttons]
    buttons.append(intent_button(text("button_next"), "skip"))
    buttons.append(intent_button(text("button_finish"), "inventory_finish"))
    return text("ask_more", title=step.title), buttons


def company_question() -> tuple[str, list[dict[str, str]]]:
    return text("ask_company"), [intent_button(text("button_company_skip"), "skip")]


def draft_subject(draft: Draft) -> str:
    claim = draft.claim
    from actions.inventory_chat.drafts import ambiguous_name

    source = draft.answers.get("source") or claim.source
    where = draft.answers.get("equipment_text") or claim.equipment_text
    if not draft.answers.get("source") and ambiguous_name(draft):
        name = claim.source_alias or text("subject_amount")  # "瓦斯": which one is being asked
    elif source:
        name = source_name(source)
    elif where:
        name, where = where, None  # "公務車 80,000 元"
    else:
        name = text("subject_amount")
    if where:
        name = text("name_with_equipment", name=name, equipment=where)
    if claim.readings:
        unit = draft.answers.get("unit") or claim.unit or ""
        value = number(claim.amount)
        if claim.money:
            value = text("money_value", value=value)
        return f"{name} {value}{(' ' + unit) if unit and not claim.money else ''}".strip()
    return name


def pending_question(draft: Draft, kind: str, detail: str = "") -> tuple[str, list[dict[str, str]]]:
    """The question a draft waits for, with its buttons."""
    subject = draft_subject(draft)
    claim = draft.claim
    skip = intent_button(text("button_drop"), "skip")
    if kind == "period":
        return text("ask_period", subject=subject), [
            answer_button(text("choice_month"), "month"), answer_button(text("choice_bill"), "bill"),
            answer_button(text("choice_year"), "year"), skip]
    if kind == "bill_months":
        return text("ask_bill_months", subject=subject), [
            answer_button(text("choice_bill_2"), "bill_2"), answer_button(text("choice_bill_1"), "bill_1"), skip]
    if kind == "extrapolate":
        months = draft.answers.get("part_year_months") or claim.part_year_months
        return text("ask_extrapolate", subject=subject, months=months), [
            answer_button(text("choice_extrapolate"), "yes"), answer_button(text("choice_keep"), "no"), skip]
    if kind == "money":
        source = draft.answers.get("source") or claim.source
        where = catalogue.texts("money_where").get(source or "", catalogue.texts("money_where")["default"])
        return text("ask_money", subject=subject, where=where), [
            answer_button(text("choice_estimate"), "estimate"), skip]
    if kind == "no_price":
        return text("no_price", subject=subject), [skip]
    if kind == "count":
        return text("ask_count", subject=subject), [skip]
    if kind == "septic_hours":
        defaults = catalogue.config()["septic_defaults"]
        return text("ask_septic_hours", people=number(claim.people or 0), hours=defaults["hours_per_day"],
                    days=defaults["days_per_year"]), [
            answer_button(text("choice_use_defaults"), "yes"), skip]
    if kind == "days":
        return text("ask_days", subject=subject), [skip]
    if kind == "usage":
        return text("ask_usage", subject=subject), [
            answer_button(text("choice_stationary"), "stationary"), answer_button(text("choice_mobile"), "mobile"),
            skip]
    if kind == "equipment":
        return text("ask_equipment", subject=subject), equipment_buttons() + [skip]
    if kind == "refrigerant":
        return text("ask_refrigerant", subject=subject), [
            answer_button(name, f"gas:{name}") for name in catalogue.config()["refrigerant_buttons"]
        ] + [answer_button(text("choice_unknown"), "unknown"), skip]
    if kind == "method":
        return text("ask_method", subject=subject), [
            answer_button(text("choice_charge"), "charge"), answer_button(text("choice_refill"), "refill"), skip]
    if kind == "charge":
        return text("ask_charge", subject=subject), [answer_button(text("choice_unknown"), "unknown"), skip]
    if kind == "factor":
        return text("ask_steam_factor", subject=subject), [skip]
    if kind == "source":
        choices = _source_choices(draft)
        key = "ask_source_money" if claim.money else "ask_source_between" if len(choices) <= 3 else "ask_source"
        labels = catalogue.config()["ambiguous_labels"] if not draft.answers.get("source") and \
            _ambiguous(draft) else {}
        names = [labels.get(s) or source_name(s) for s in choices]
        listed = "、".join(names[:-1]) + "還是" + names[-1] if len(names) > 1 else "".join(names)
        return text(key, subject=subject, choices=listed), [
            answer_button(name, f"source:{s}") for s, name in zip(choices, names, strict=True)] + [skip]
    if kind == "confirm":
        key = "confirm_low" if draft.answers.get("direction") == "low" else "confirm_high"
        return text(key, subject=subject, annual=draft.answers.get("annual_text", subject)), [
            answer_button(text("button_yes"), "yes"), answer_button(text("button_no"), "no")]
    if kind == "duplicate":
        return text("ask_duplicate", subject=subject), [
            answer_button(text("choice_add"), "add"), answer_button(text("choice_replace"), "replace"), skip]
    if kind == "unit":
        unit = catalogue.source_unit(draft.answers.get("source") or claim.source or "")
        return text("ask_unit", subject=subject, unit=unit), [
            answer_button(text("choice_unit", unit=unit), "unit"), answer_button(text("choice_money"), "money"),
            skip]
    if kind == "invalid":
        source = draft.answers.get("source") or claim.source or ""
        return text("invalid", error=detail, subject=subject, example=catalogue.unit_example(source)), [skip]
    if kind == "cylinder_kg":
        return text("ask_cylinder_kg", subject=subject), [
            answer_button(text("choice_cylinder", kg=kg), f"kg:{kg}") for kg in catalogue.config()["cylinder_sizes"]
        ] + [skip]
    if kind == "per_item":
        return text("ask_per_item", subject=subject), [skip]
    raise ValueError(f"unknown question {kind}")


def _ambiguous(draft: Draft) -> bool:
    from actions.inventory_chat.drafts import ambiguous_name

    return bool(ambiguous_name(draft))


def _source_choices(draft: Draft) -> list[str]:
    """The sources the amount may be of: those a name may mean (瓦斯), else those of its unit's kind, narrowed
    to the fuels of the equipment named (公務車 → 汽油、柴油)."""
    from actions.inventory_chat.drafts import ambiguous_name

    named = ambiguous_name(draft)
    if named:
        return named
    claim = draft.claim
    by_kind = catalogue.config()["sources_by_unit_kind"]
    kind = "none" if claim.unit_kind in (None, "money") else claim.unit_kind
    choices = list(by_kind.get(kind, by_kind["none"]))
    fuels = catalogue.config()["fuels_by_equipment"].get(claim.equipment or "")
    if fuels:
        narrowed = [s for s in fuels if kind == "none" or s in choices]
        choices = narrowed or choices
    return choices


def equipment_buttons() -> list[dict[str, str]]:
    return [answer_button(name, f"equipment:{eid}") for eid, name in catalogue.config()["equipment_buttons"].items()]


def year_set(year: int) -> str:
    return text("year_set", year=year, roc=roc(year))

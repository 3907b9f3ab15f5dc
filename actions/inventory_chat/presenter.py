"""Every message of the inventory conversation: texts from actions/inventory.yml, numbers from the one
formatter, buttons with payloads the NLU maps to intents. Nothing internal reaches the user: sources by their
Chinese names, no ids, no payload codes in text. The questions a pending amount waits for are
actions/inventory_chat/pending_questions.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import json
from dataclasses import dataclass, field
from typing import Any

from actions.inventory_chat import catalogue, segments
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
    return steps_text(line.derivation)


def steps_text(notes: list[Note]) -> str:
    """Arithmetic steps one after the other, as the bot reads them."""
    return "；".join(note_text(n) for n in notes)


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
    if line.source == "steam" and line.factor:
        reply.note(text("steam_factor_used", factor=number(Decimal(str(line.factor)))))
    if line.source == "refrigerant" and line.method:
        reply.note(text(f"refrigerant_method_{line.method}"))
        charge = ((line.origin or {}).get("claim") or {}).get("charge_beside")
        if charge and line.method == "refill":  # the charge said beside the top-up is not counted again
            reply.note(text("charge_beside_refill", charge=number(Decimal(str(charge)))))


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
        by_months = segments.subject_value(draft, segments.unit_of(draft))
        if by_months is not None:  # "7–9 月的 55,000 度、其他 9 個月的 42,000 度", or their sum
            return f"{name} {by_months}"
        value = number(claim.amount)
        if claim.money:
            value = text("money_value", value=value)
        count = draft.answers.get("count", claim.count)
        if claim.per_item and count is not None and not claim.money:  # "液化石油氣 40 瓶 × 50 公斤"
            word = claim.counter_word if claim.counter_word and not claim.counter_word.isascii() else \
                catalogue.texts("counter_names").get(claim.counter or "", "")
            return text("subject_per_item", name=name, count=number(Decimal(str(count))), counter=word,
                        value=value, unit=unit)
        return f"{name} {value}{(' ' + unit) if unit and not claim.money else ''}".strip()
    return name

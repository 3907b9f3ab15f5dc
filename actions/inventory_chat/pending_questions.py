"""The question a pending amount waits for (period, bill length, money, unit, count, usage, equipment,
refrigerant, method, charge, source …), worded from actions/inventory.yml, with its answer buttons."""

from __future__ import annotations

from actions.inventory_chat import (
    catalogue, item_sizes, missing_months, presenter, refinements, segment_answers,
)
from actions.inventory_chat.catalogue import source_name, text
from actions.inventory_chat import drafts
from actions.inventory_chat.drafts import ambiguous_name
from actions.inventory_chat.presenter import answer_button, intent_button
from actions.inventory_chat.state import Draft, Note
from contracts.numbers import number


def pending_question(draft: Draft, kind: str, detail: str = "") -> tuple[str, list[dict[str, str]]]:
    """The question a draft waits for, with its buttons."""
    subject = presenter.draft_subject(draft)
    claim = draft.claim
    skip = intent_button(text("button_drop"), "skip")
    if kind == "period":
        return text("ask_period", subject=subject), [
            answer_button(text("choice_month"), "month"), answer_button(text("choice_bill"), "bill"),
            answer_button(text("choice_year"), "year"), skip]
    if kind == "bill_months":
        source = draft.answers.get("source") or claim.source
        key = "ask_bill_months" if source == "electricity" else "ask_bill_months_other"  # 一期稻作 is no Taipower bill
        return text(key, subject=subject), [
            answer_button(text("choice_bill_2"), "bill_2"), answer_button(text("choice_bill_1"), "bill_1"), skip]
    if kind == "extrapolate":
        months = draft.answers.get("part_year_months") or claim.part_year_months
        asked = missing_months.question(draft) or text("ask_extrapolate", subject=subject, months=months)
        return asked, [
            answer_button(text("choice_extrapolate"), "yes"), answer_button(text("choice_keep"), "no"), skip]
    if kind == "money":
        source = draft.answers.get("source") or claim.source
        where = catalogue.texts("money_where").get(source or "", catalogue.texts("money_where")["default"])
        return text("ask_money", subject=subject, where=where), [
            answer_button(text("choice_estimate"), "estimate"), skip]
    if kind == "no_price":
        key = "no_price_unknown" if draft.answers.get("quantity_unknown") else "no_price"
        return text(key, subject=subject), [skip]
    if kind == "estimate_offer":  # "不知道公升數": the estimate from the money, with its price, to be agreed
        offer = draft.answers.get("offer") or {}
        step = presenter.steps_text([Note(n["key"], n["values"]) for n in [*offer.get("before", []), offer["step"]]])
        assumption = presenter.note_text(Note(offer["assumption"]["key"], offer["assumption"]["values"]))
        return text("offer_estimate", subject=subject, step=step, assumption=assumption), [
            answer_button(text("choice_use_estimate"), "estimate"), skip]
    if kind == "count":
        word = _counter_said(draft)
        if word:  # "每一桶的量，一共有幾桶？"
            return text("ask_count_of", subject=subject, counter=word), [skip]
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
        later = text("charge_estimated_after_gas") if draft.answers.get("charge_unknown") else ""
        return text("ask_refrigerant", subject=subject) + later, [
            answer_button(name, f"gas:{name}") for name in catalogue.config()["refrigerant_buttons"]
        ] + [answer_button(text("choice_unknown"), "unknown"), skip]
    if kind == "method":
        return text("ask_method", subject=subject), [
            answer_button(text("choice_charge"), "charge"), answer_button(text("choice_refill"), "refill"), skip]
    if kind == "charge":
        typical = drafts.typical_charge_note(draft.answers.get("equipment") or claim.equipment or "",
                                             draft.answers.get("equipment_text") or claim.equipment_text)
        if draft.answers.get("charge_unknown") and typical is not None:  # said not known: offer the estimate
            return text("ask_charge_estimate", subject=subject, name=typical[1].values["name"],
                        kg=typical[1].values["kg"]), [answer_button(text("choice_estimate_charge"), "unknown"), skip]
        return text("ask_charge", subject=subject), [answer_button(text("choice_unknown"), "unknown"), skip]
    if kind == "factor":
        return text("ask_steam_factor", subject=subject), [skip]
    if kind == "source":
        choices = source_choices(draft)
        key = "ask_source_money" if claim.money else "ask_source_between" if len(choices) <= 3 else "ask_source"
        labels = catalogue.config()["ambiguous_labels"] if not draft.answers.get("source") and \
            ambiguous(draft) else {}
        names = [labels.get(s) or source_name(s) for s in choices]
        listed = "、".join(names[:-1]) + text("choices_or") + names[-1] if len(names) > 1 else "".join(names)
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
        source = draft.answers.get("source") or claim.source or ""
        choices = catalogue.config().get("unit_choices", {}).get(source)
        if choices:  # 桶裝瓦斯「一年用 180」: 公斤 or 公升?
            units = text("units_or").join(text("unit_quoted", unit=u) for u in choices)
            hint = catalogue.texts("unit_choice_hints").get(source, "")
            return text("ask_unit_choices", subject=subject, units=units, hint=hint), [
                *(answer_button(text("choice_unit", unit=u), f"unit:{u}") for u in choices),
                answer_button(text("choice_money"), "money"), skip]
        unit = catalogue.source_unit(source)
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
    if kind == "item_sizes":  # "三台，一台30公斤，另一台20公斤": the third one's size, or only two
        values = item_sizes.question_values(draft)
        return text(values.pop("key"), name=subject, **values), [
            answer_button(text("choice_item_sizes_only", have=values["have"], counter=values["counter"]),
                          item_sizes.ONLY), skip]
    if kind == "segment_per":
        return segment_answers.question(draft)
    if kind == "refine":
        return refinements.question(draft)
    raise ValueError(f"unknown question {kind}")


def _counter_said(draft: Draft) -> str | None:
    """The counter of a per-item amount as the user said it (間, 桶), else its kind's (桶, 次) but not for
    machines, whose counter varies (台, 間, 座: the question then names both 台 and 次)."""
    claim = draft.claim
    if claim.counter_word and not claim.counter_word.isascii():
        return claim.counter_word
    return catalogue.texts("counter_names").get(claim.counter or "") if claim.counter not in (None, "unit") else None


def ambiguous(draft: Draft) -> bool:
    return bool(ambiguous_name(draft))


def source_choices(draft: Draft) -> list[str]:
    """The sources the amount may be of: those a name may mean (瓦斯), else those of its unit's kind, narrowed
    to the fuels of the equipment named (公務車 → 汽油、柴油)."""
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

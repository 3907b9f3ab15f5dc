"""One handler per kind of user act on the inventory: give amounts, answer the pending question, say a
category has none, correct, delete, set the year or the company, skip. Each changes the state and adds what
the bot says to the Reply; dialogue.py decides which apply to a turn and what to ask next."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from actions.inventory_chat import catalogue, drafts, presenter
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.drafts import Context, Question
from actions.inventory_chat.presenter import Reply
from actions.inventory_chat.state import Draft, InventoryState, Line, Note
from calc import factors as calc_factors
from contracts import years
from nlu.statements import Claim, Statement

YES, NO = "yes", "no"


# ---------------------------------------------------------------- amounts


def give(state: InventoryState, reply: Reply, claims: list[Claim], ctx: Context,
         replaces: int | None = None) -> None:
    """New amounts: each becomes a line now or waits for its question."""
    for claim in claims:
        progress(state, reply, Draft(claim, replaces=replaces), ctx)


def progress(state: InventoryState, reply: Reply, draft: Draft, ctx: Context) -> None:
    """Advance one draft: record its line, or keep it pending with its question (asked later, in order)."""
    outcome = drafts.advance(draft, ctx)
    if isinstance(outcome, Line):
        if draft in state.pending:
            state.pending.remove(draft)
        record(state, reply, outcome, draft, ctx.step)
        return
    draft.question = outcome.kind
    draft.answers["detail"] = outcome.detail
    if draft not in state.pending:
        state.pending.append(draft)


def record(state: InventoryState, reply: Reply, line: Line, draft: Draft, asked_step: str | None = None) -> None:
    line.id = state.new_line_id()
    line.origin = {"claim": draft.claim.as_dict(), "answers": _plain(draft.answers)}
    target = draft.replaces
    if target is None and draft.answers.get("duplicate") == "replace":
        target = draft.answers.get("duplicate_of")
    old = state.line(target) if target is not None else None
    if old is not None:
        state.lines = [line if item.id == old.id else item for item in state.lines]
    else:
        state.lines.append(line)
    if line.step in state.none:
        state.none.remove(line.step)
    presenter.recorded(reply, line, replaced=old, asked_step=asked_step)


def _plain(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers without what only the current question needed."""
    return {k: v for k, v in answers.items() if k not in ("detail", "duplicate_of", "direction", "annual_text")}


# ---------------------------------------------------------------- answers to the pending question


def answer(state: InventoryState, reply: Reply, draft: Draft, st: Statement, intent: str, choice: str | None,
           ctx: Context) -> set[int]:
    """Apply what the user said to the pending draft's question. Returns the ids (``id()``) of the statement's
    claims used by the answer (empty set and no change when the turn does not answer it: the caller then
    handles the turn as new data and asks the question again)."""
    kind = draft.question
    said = _yes_no(intent, choice, st)
    used: set[int] = set()
    answers = draft.answers
    if choice in ("skip",) or (intent == "skip" and kind != "septic_hours"):
        state.pending.remove(draft)
        reply.note(text("dropped", subject=presenter.draft_subject(draft)))
        return {-1}
    handled = True
    if kind == "period":
        period = _choice(choice, ("month", "bill", "year", "quarter", "week")) or st.period
        if st.bill_months:
            answers["bill_months"], period = st.bill_months, "bill"
        if st.part_year_months:
            answers["part_year_months"] = st.part_year_months
            period = period or "year"
        if period is None and said == YES:
            period = "year"
        handled = period is not None
        if handled:
            answers["period"] = period
    elif kind == "bill_months":
        months = {"bill_2": 2, "bill_1": 1}.get(choice or "") or st.bill_months or (
            1 if st.period == "month" else None)
        handled = months is not None
        if handled:
            answers["bill_months"] = months
            state.bill_months = months if draft.claim.source == "electricity" else state.bill_months
    elif kind == "extrapolate":
        if said is None and (st.estimate or st.multiplier):
            said = YES  # "用半年乘2估全年"
        handled = said is not None
        if handled:
            answers["extrapolate"] = said == YES
    elif kind == "unit":
        quantity = _restated(draft, st)
        if quantity is not None:  # "90萬是錢啦，帳單上一年加起來是21萬度"
            used.update(id(c) for c in st.claims)
            _replace_claim(draft, quantity)
            answers["quantity_given"] = True
        elif choice == "money" or st.money_mentioned:
            draft.claim.money = True
        elif choice == "unit" or said == YES or (st.claims and st.claims[0].unit):
            answers["unit"] = (st.claims[0].unit if st.claims and st.claims[0].unit else
                               catalogue.source_unit(answers.get("source") or draft.claim.source or ""))
        else:
            handled = False
    elif kind == "money":
        quantity = _restated(draft, st)
        if quantity is not None:
            used.update(id(c) for c in st.claims if c is quantity or c.money)
            _replace_claim(draft, quantity)
            answers["quantity_given"] = True
        elif choice == "estimate" or st.estimate:
            answers["estimate"] = True
        elif st.unknown:
            reply.note(text("money_unknown"))
            handled = False
        else:
            handled = False
    elif kind == "count":
        count = st.counts[0][0] if st.counts else (st.bare_numbers[0] if st.bare_numbers else None)
        handled = count is not None
        if handled:
            answers["count"] = str(count)
            used.update(id(c) for c in st.claims if c.source is None and c.unit is None)
    elif kind == "septic_hours":
        defaults = catalogue.config()["septic_defaults"]
        hours, days = st.hours_per_day, st.days_per_year
        if hours is None and days is None and (said == YES or choice == YES):
            hours, days = Decimal(defaults["hours_per_day"]), Decimal(defaults["days_per_year"])
            answers["septic_defaults"] = True
        handled = hours is not None or days is not None
        if handled:
            answers["hours_per_day"] = str(hours if hours is not None else defaults["hours_per_day"])
            answers["days_per_year"] = str(days if days is not None else defaults["days_per_year"])
            if hours is None or days is None:
                answers["septic_defaults"] = True
            used.update(id(c) for c in st.claims if c.unit_kind == "time" and c.source in (None, "septic_tank"))
    elif kind == "days":
        days = st.days_per_year or (st.bare_numbers[0] if st.bare_numbers else None)
        handled = days is not None
        if handled:
            answers["operating_days"] = str(days)
    elif kind == "usage":
        usage = _choice(choice, ("stationary", "mobile")) or st.usage or _usage_from_equipment(st)
        handled = usage is not None
        if handled:
            answers["usage"] = usage
    elif kind == "equipment":
        equipment = _prefixed(choice, "equipment") or next(
            (e for e in st.equipment if calc_factors.equipment()[e].kind == "refrigeration"), None)
        handled = equipment is not None
        if handled:
            answers["equipment"] = equipment
            if st.equipment_texts and equipment in st.equipment:
                answers["equipment_text"] = st.equipment_texts[st.equipment.index(equipment)]
    elif kind == "refrigerant":
        gas = _prefixed(choice, "gas") or (st.refrigerants[0] if st.refrigerants else None)
        if gas is None and (st.unknown or choice == "unknown"):
            typical = drafts.typical_gas(answers.get("equipment") or draft.claim.equipment)
            if typical:
                gas = typical
                answers.setdefault("assumption_notes", []).append(
                    {"key": "assume_typical_gas", "values": {"gas": gas}})
                answers["estimated"] = True
        handled = gas is not None
        if handled:
            answers["refrigerant"] = gas
    elif kind == "method":
        method = _choice(choice, ("charge", "refill")) or st.method
        handled = method is not None
        if handled:
            answers["method"] = method
    elif kind == "charge":
        mass = next((c for c in st.claims if c.unit_kind == "mass"), None)
        if mass is not None:
            used.add(id(mass))
            draft.claim.readings, draft.claim.unit, draft.claim.unit_kind = mass.readings, mass.unit, "mass"
            if mass.per_item:
                draft.claim.per_item = True
            if mass.method:
                answers["method"] = mass.method
        elif st.unknown or choice == "unknown":
            handled = _typical_charge(draft)
        else:
            handled = False
    elif kind in ("cylinder_kg", "per_item"):  # "一桶20公斤", a button 20 公斤
        mass = _prefixed(choice, "kg")
        amount = next((c for c in st.claims if c.unit_kind is not None), None)
        if mass is not None:
            draft.claim.readings, draft.claim.unit, draft.claim.unit_kind = [Decimal(mass)], "公斤", "mass"
        elif amount is not None:
            used.add(id(amount))
            draft.claim.readings, draft.claim.unit, draft.claim.unit_kind = amount.readings, amount.unit, \
                amount.unit_kind
        else:
            handled = False
    elif kind == "factor":  # "係數是每噸蒸汽0.21公噸CO2e": the number is the factor whatever unit it carries
        value = st.bare_numbers[0] if st.bare_numbers else next((c.amount for c in st.claims), None)
        handled = value is not None
        if handled:
            answers["factor"] = str(value)
            used.update(id(c) for c in st.claims)
        elif st.unknown:
            state.pending.remove(draft)
            reply.note(text("steam_later"))
            return {-1}
    elif kind == "source":
        source = _prefixed(choice, "source") or (st.sources[0] if st.sources else None)
        handled = source is not None
        if handled:
            answers["source"] = source
    elif kind == "confirm":
        if said == YES:
            answers["confirmed"] = True
        elif said == NO:
            state.pending.remove(draft)
            reply.note(text("confirm_again", subject=presenter.draft_subject(draft)))
            return {-1}
        else:
            handled = False
    elif kind == "duplicate":
        action = _choice(choice, ("add", "replace")) or ("replace" if st.correction else None)
        if action is None and said == YES:
            action = "add"
        handled = action is not None
        if handled:
            answers["duplicate"] = action
    elif kind == "no_price":
        handled = False
    elif kind == "invalid":
        replacement = next(iter(st.claims), None)
        handled = replacement is not None
        if handled:
            used.add(id(replacement))
            _replace_claim(draft, replacement)
    if not handled:
        return set()
    draft.asked = 0
    progress(state, reply, draft, ctx)
    return used | {-1}


def _restated(draft: Draft, st: Statement) -> Claim | None:
    """The quantity a user gives for the pending amount (the kWh after the money): a physical amount whose
    source is unnamed or the same."""
    source = draft.answers.get("source") or draft.claim.source
    return next((c for c in st.claims if not c.money and c.unit_kind not in (None, "money", "time")
                 and c.source in (None, source)), None)


def _yes_no(intent: str, choice: str | None, st: Statement) -> str | None:
    if intent == "affirm" or choice == YES:
        return YES
    if intent == "deny" or choice == NO:
        return NO
    words = st.text.strip(" 。!！~～,，")
    if words in catalogue_words("no_words") or any(words.startswith(w) for w in catalogue_words("no_words")):
        return NO
    if words in catalogue_words("yes_words") or any(
            words.startswith(w) and not st.correction for w in catalogue_words("yes_words") if len(w) > 1 or
            words[1:2] in ("", "，", ",", " ", "的", "啊", "喔", "！", "!", "。")):
        return YES
    return None


def catalogue_words(key: str) -> list[str]:
    from nlu import lexicon

    return lexicon.words(key)


def _choice(choice: str | None, allowed: tuple[str, ...]) -> str | None:
    return choice if choice in allowed else None


def _prefixed(choice: str | None, prefix: str) -> str | None:
    if choice and choice.startswith(prefix + ":"):
        return choice.split(":", 1)[1]
    return None


def _usage_from_equipment(st: Statement) -> str | None:
    for equipment in st.equipment:
        info = calc_factors.equipment().get(equipment)
        if info is not None and info.kind == "combustion" and info.usage:
            return info.usage
    if "mobile" in st.negated_categories:
        return "stationary"
    return None


def _replace_claim(draft: Draft, claim: Claim) -> None:
    """A new statement of the same amount (the kWh after the money, a corrected value): what the old claim
    said about the source and the period stays unless the new one says otherwise."""
    old = draft.claim
    for key in ("source", "source_alias", "usage", "equipment", "equipment_text", "refrigerant", "method",
                "period", "bill_months"):
        if getattr(claim, key) is None:
            setattr(claim, key, getattr(old, key))
    draft.claim = claim
    for key in ("unit", "confirmed", "estimate"):
        draft.answers.pop(key, None)


def _typical_charge(draft: Draft) -> bool:
    equipment = draft.answers.get("equipment") or draft.claim.equipment
    found = drafts.typical_charge_note(equipment or "", draft.answers.get("equipment_text") or
                                       draft.claim.equipment_text)
    if found is None:
        return False
    kg, note = found
    claim = draft.claim
    claim.readings, claim.unit, claim.unit_kind = [kg], "公斤", "mass"
    if claim.count is not None or claim.count_label:
        claim.per_item = True
    draft.answers.setdefault("assumption_notes", []).append({"key": note.key, "values": note.values})
    draft.answers["estimated"] = True
    draft.answers.setdefault("method", "charge")
    return True


# ---------------------------------------------------------------- categories without a source


def negate(state: InventoryState, reply: Reply, st: Statement) -> None:
    """"沒有買蒸汽", "滅火器都沒噴過", "也沒有公務車": those categories are answered "none"."""
    steps: list[str] = []
    for source in st.negated_sources:
        step = catalogue.step_for(source, None)
        if step is not None and len([s for s in catalogue.steps() if source in s.sources]) == 1:
            steps.append(step.id)
    mapping = catalogue.config()["category_steps"]
    steps += [mapping[c] for c in st.negated_categories if c in mapping]
    titles = [catalogue.step(s).title for s in dict.fromkeys(steps) if mark_none(state, s)]
    if titles:
        reply.note(text("none_noted", titles="、".join(titles)))


def mark_none(state: InventoryState, step_id: str) -> bool:
    """Record a category as "none" (unless it has data); True when it changed."""
    step = catalogue.step(step_id)
    if step is None or state.lines_of(step_id) or step_id in state.none:
        return False
    state.none.append(step_id)
    return True


def nothing_else(state: InventoryState, reply: Reply) -> None:
    titles = []
    for step in catalogue.steps():
        if not state.answered(step.id):
            state.none.append(step.id)
            titles.append(step.title)
    if titles:
        reply.note(text("nothing_else", titles="、".join(titles)))


# ---------------------------------------------------------------- corrections and deletions


def correct(state: InventoryState, reply: Reply, st: Statement, ctx: Context) -> set[int]:
    """"剛剛那個是每個月的量", "90萬是錢啦，…62,000度", "30萬是電費金額，度數是78萬度", "把R-404A那筆改成25公斤".

    Returns the ids of the claims used (the rest are new data)."""
    used: set[int] = set()
    money = [c for c in st.claims if c.money]
    quantities = [c for c in st.claims if not c.money]
    for claim in money:  # a number said earlier was money
        target = _line_with_value(state, claim.amount)
        if target is None:
            continue
        used.add(id(claim))
        replacement = next((q for q in quantities if q.source in (None, target.source) and id(q) not in used), None)
        if replacement is not None:
            used.add(id(replacement))
            replacement.source = replacement.source or target.source
            _redo(state, reply, target, ctx, claim=replacement)
        else:
            state.lines.remove(target)
            draft = Draft(Claim.from_dict(target.origin["claim"]) if target.origin else claim)
            draft.claim.money = True
            reply.note(text("was_money", name=presenter.line_name(target)))
            progress(state, reply, draft, ctx)
    if used:
        return used
    target = _target(state, st)
    if target is None:
        return used
    if quantities and (st.change_to or st.correction or st.back_reference):
        claim = quantities[0]
        if claim.source in (None, target.source):
            used.add(id(claim))
            claim.source = target.source
            _redo(state, reply, target, ctx, claim=claim, keep_amount=False)
        return used
    period = st.period or _period_of_multiplier(st.multiplier)
    if period or st.bill_months:
        answers: dict[str, Any] = {"period": period or "bill"}
        if st.bill_months:
            answers["bill_months"] = st.bill_months
        _redo(state, reply, target, ctx, answers=answers)
        used.add(-1)
    return used


def _period_of_multiplier(multiplier: Decimal | None) -> str | None:
    return {Decimal(12): "month", Decimal(4): "quarter", Decimal(52): "week", Decimal(6): "bill"}.get(
        multiplier) if multiplier is not None else None


def _line_with_value(state: InventoryState, value: Decimal) -> Line | None:
    for line in reversed(state.lines):
        if line.as_given is not None and Decimal(line.as_given) == value:
            return line
    return None


def _target(state: InventoryState, st: Statement) -> Line | None:
    """The line a correction or deletion means: the one named (source, refrigerant, equipment), else the last."""
    named = candidates(state, st)
    if named:
        return named[-1]
    return state.lines[-1] if state.lines and (st.back_reference or st.correction) else None


def candidates(state: InventoryState, st: Statement) -> list[Line]:
    lines = state.lines
    if st.refrigerants:
        wanted = {_gas(r) for r in st.refrigerants}
        return [l for l in lines if _gas(l.refrigerant) in wanted]
    sources = set(st.sources) | {c.source for c in st.claims if c.source}
    found = [l for l in lines if l.source in sources]
    if st.equipment:
        found = [l for l in found or lines if l.equipment in st.equipment] or found
    if st.unspecified:
        found = [l for l in found if not l.refrigerant or any(a.key == "assume_typical_gas" for a in l.assumptions)]
    return found


def _gas(name: str | None) -> str:
    return re.sub(r"[\s\-_]", "", name or "").upper().removeprefix("HFC").removeprefix("HCFC")


def _redo(state: InventoryState, reply: Reply, line: Line, ctx: Context, *, claim: Claim | None = None,
          answers: dict[str, Any] | None = None, keep_amount: bool = True) -> None:
    """Re-derive a recorded line with a corrected claim or corrected answers; it replaces the line."""
    origin = line.origin or {}
    base = Claim.from_dict(origin["claim"]) if origin.get("claim") else Claim(readings=[Decimal(line.amount)],
                                                                              unit=line.unit, source=line.source)
    old_answers = {k: v for k, v in (origin.get("answers") or {}).items()
                   if k not in ("period", "bill_months", "confirmed", "duplicate", "derivation_before")}
    draft = Draft(base, answers=old_answers, replaces=line.id)
    if claim is not None:
        _replace_claim(draft, claim)
        if not keep_amount:
            draft.answers.pop("unit", None)
    if answers:
        draft.claim.period = None
        draft.answers.update(answers)
    progress(state, reply, draft, ctx)


def delete(state: InventoryState, reply: Reply, st: Statement) -> bool:
    """Delete what the user names; ask first when several lines (or only a description) could match."""
    state.delete_candidates = []  # a new deletion replaces an open "which one?"
    found = candidates(state, st) if (st.sources or st.refrigerants or st.equipment or st.claims) else []
    pending = [d for d in state.pending if _draft_matches(d, st)]
    described = bool(st.sources or st.refrigerants or st.equipment or st.unspecified)
    if not found and not pending and st.back_reference and state.lines and not described:
        found = [state.lines[-1]]  # "刪掉剛剛那筆"
    if not found and not pending:
        reply.note(text("not_found"))
        return False
    if len(found) + len(pending) == 1 and not (st.unspecified or st.back_reference):
        _delete_now(state, reply, found, pending)
        return True
    state.delete_candidates = [l.id for l in found] + [-(state.pending.index(d) + 1) for d in pending]
    return True


def _draft_matches(draft: Draft, st: Statement) -> bool:
    claim = draft.claim
    source = draft.answers.get("source") or claim.source
    if st.refrigerants:
        return _gas(draft.answers.get("refrigerant") or claim.refrigerant) in {_gas(r) for r in st.refrigerants}
    if st.unspecified:
        return source == "refrigerant" and not (draft.answers.get("refrigerant") or claim.refrigerant)
    return source in set(st.sources)


def _delete_now(state: InventoryState, reply: Reply, lines: list[Line], drafts_: list[Draft]) -> None:
    for line in lines:
        state.lines.remove(line)
        reply.note(text("deleted", name=presenter.line_name(line), amount=presenter.amount_text(line)))
    for draft in drafts_:
        state.pending.remove(draft)
        reply.note(text("deleted_draft", subject=presenter.draft_subject(draft)))


def confirm_delete(state: InventoryState, reply: Reply, choice: str | None, said: str | None) -> bool:
    """The answer to "which one shall I delete?" (a button per line, 全部, or yes when there was one)."""
    ids = state.delete_candidates
    chosen: list[int] = []
    if choice and choice.startswith("delete:"):
        value = choice.split(":", 1)[1]
        chosen = ids if value == "all" else [int(value)]
    elif said == YES and len(ids) == 1:
        chosen = ids
    elif said == NO or choice == "skip":
        state.delete_candidates = []
        reply.note(text("delete_cancelled"))
        return True
    if not chosen:
        return False
    lines = [state.line(i) for i in chosen if i > 0]
    pending = [state.pending[-i - 1] for i in chosen if i < 0 and -i - 1 < len(state.pending)]
    _delete_now(state, reply, [l for l in lines if l is not None], pending)
    state.delete_candidates = []
    return True


# ---------------------------------------------------------------- year, company, skip


def set_year(state: InventoryState, reply: Reply, year: int, raw: str, today: Any) -> bool:
    last = years.last_year(today)
    if not years.FIRST_YEAR <= year <= last:
        reply.note(presenter.bad_year(raw, last))
        return False
    changed = state.year is not None and state.year != year
    state.year = year
    reply.note(text("year_changed" if changed else "year_set", year=year, roc=years.roc(year)))
    if state.step == "year":
        state.step = "company"
    return True


def set_company(state: InventoryState, reply: Reply, raw: str) -> None:
    name = re.sub(catalogue.config()["company_prefix"], "", raw.strip()).strip(" ：:，,。")
    if name:
        state.company = name[:80]
        reply.note(text("company_set", company=state.company))
    state.step = catalogue.steps()[0].id


def skip(state: InventoryState, reply: Reply) -> None:
    """"沒有" / "跳過" for the category just asked (or the optional company)."""
    if state.step == "company":
        state.step = catalogue.steps()[0].id
        return
    step = catalogue.step(state.step)
    if step is not None and mark_none(state, step.id):
        reply.note(text("none_noted", titles=step.title))


__all__ = ["Question", "Note"]

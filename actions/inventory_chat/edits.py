"""Corrections and deletions in plain words: "剛剛那個是每個月的量", "90萬是錢啦，…21萬度", "把R-404A那筆改成25公斤",
"2月其實是22萬度" (that month only, of a line by months or of a monthly amount), "刪掉冷媒" (which one, when
several match)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import calc
from calc import factors as calc_factors
from actions.inventory_chat import amounts, catalogue, presenter, segments, work_time
from actions.inventory_chat.answers import YES, NO, replace_claim
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.drafts import Context
from actions.inventory_chat.presenter import Reply
from actions.inventory_chat.state import Draft, InventoryState, Line, Note
from contracts.numbers import number
from nlu import month_segments
from nlu.statements import Claim, Statement


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
            amounts.progress(state, reply, draft, ctx)
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
            by_months = _months_corrected(target, claim)
            if by_months is not None:  # "2月其實是22萬度": that month of the line, the others as they were
                _redo(state, reply, target, ctx, claim=by_months[0], notes=by_months[1])
                return used
            _keep_what_was_not_corrected(claim, target)
            _redo(state, reply, target, ctx, claim=claim, keep_amount=False)
        return used
    if st.counts and not quantities and (st.correction or st.change_to or st.back_reference):
        counted = _counted_line(state, st) or target
        origin = (counted.origin or {}).get("claim") or {}
        if origin.get("per_item"):  # "剛剛冷藏庫講錯了，是 2 間不是 3 間": the count of a count × per-item line
            _redo(state, reply, counted, ctx, answers={"count": str(st.counts[0][0])}, keep_period=True)
            used.add(-1)
            return used
    timed = work_time.corrected(state, st, target) if not quantities else None
    if timed is not None:  # "不對，是一年 280 天": the hours or days of the line made of them
        _redo(state, reply, timed[0], ctx, answers=timed[1], keep_period=True)
        used.add(-1)
        return used
    period = st.period or _period_of_multiplier(st.multiplier)
    if period or st.bill_months:
        answers: dict[str, Any] = {"period": period or "bill"}
        if st.bill_months:
            answers["bill_months"] = st.bill_months
        _redo(state, reply, target, ctx, answers=answers)
        used.add(-1)
    return used


def green_inside_earlier(state: InventoryState, reply: Reply, claims: list[Claim], ctx: Context) -> None:
    """"其中綠電120萬度，已經含在上面的總用電裡": the green part of the electricity line recorded before — that
    line becomes total − green (shown); the green line itself is recorded as usual."""
    for claim in claims:
        if claim.source != "green_electricity" or not claim.part_of_earlier or claim.money \
                or claim.period not in (None, "year"):
            continue
        line = next((ln for ln in reversed(state.lines) if ln.source == "electricity" and ln.origin), None)
        if line is None or not line.origin.get("claim"):
            continue
        whole = Claim.from_dict(line.origin["claim"])
        said_yearly = whole.period == "year" or whole.total or (line.origin.get("answers") or {}).get("period") == "year"
        if whole.green_part is not None or (claim.period is None and not said_yearly):
            continue  # a green part without a period of a monthly total: its period is asked as usual
        whole.green_part = claim.amount
        claim.period = "year"
        _redo(state, reply, line, ctx, claim=whole)


def usage_said(st: Statement) -> str | None:
    """The use the message gives an earlier fuel, without an amount: 是堆高機用的 → mobile, 是發電機用的 →
    stationary (the words the bot's own notes suggest)."""
    if st.claims or st.delete or st.question or st.negated_categories or st.negated_sources or st.nothing_else \
            or st.no_more:
        return None  # "沒有車子" says there is none, not what a fuel is used by
    for equipment in st.equipment:
        info = calc_factors.equipment().get(equipment)
        if info is not None and info.kind == "combustion" and info.usage:
            return info.usage
    return st.usage


def reassign_usage(state: InventoryState, reply: Reply, st: Statement, ctx: Context) -> bool:
    """"是堆高機用的": the last fuel line that can be either (or the one named) moves to that use."""
    usage = usage_said(st)
    if usage is None:
        return False
    lines = [ln for ln in state.lines if ln.source in calc.SOURCES and ln.usage != usage
             and usage in calc.SOURCES[ln.source].emission_types]
    if st.sources:
        lines = [ln for ln in lines if ln.source in st.sources]
    if not lines:
        return False
    line = lines[-1]
    notes = ((line.origin or {}).get("answers") or {}).get("assumption_notes") or []
    if line.origin and line.origin.get("answers") is not None:
        line.origin["answers"]["assumption_notes"] = [
            n for n in notes if not str(n.get("key", "")).startswith("assume_usage_")]
    _redo(state, reply, line, ctx, answers={"usage": usage}, keep_period=True)
    return True


def _months_corrected(target: Line, claim: Claim) -> tuple[Claim, list[Note]] | None:
    """The line's claim with the months the correction names said again: of its month segments, or of its one
    monthly amount (then the other months keep it). None when the correction names no months, or they cannot
    be placed (nlu/month_segments.overridden), or the line is no amount by months."""
    origin = target.origin or {}
    if not claim.segments or claim.money or not origin.get("claim"):
        return None
    old = Claim.from_dict(origin["claim"])
    given = origin.get("answers") or {}
    unit = given.get("unit") or old.unit
    if old.money or old.per_item or old.people is not None or claim.unit not in (None, unit):
        return None
    before = [{**s, "per": s.get("per") or given.get("segment_per", "")} for s in old.segments]
    if not before and len(old.readings) == 1 and (given.get("period") or old.period) == "month" \
            and not old.part_year_months:
        before = [{"months": "12", "set": "", "other": "1", "amount": str(old.readings[0]), "per": "month"}]
    after = month_segments.overridden(before, claim.segments) if before else None
    if after is None:
        return None
    notes = [Note("step_month_corrected", {"where": segments.where(new), "new": number(Decimal(new["amount"])),
                                           "old": number(Decimal(_amount_of(before, new))), "unit": unit or ""})
             for new in claim.segments]
    old.segments, old.readings = after, [Decimal(s["amount"]) for s in after]
    old.unit = unit
    old.period, old.total, old.corrected_from = "year", False, None
    covered = sum(int(s["months"]) for s in after)
    old.part_year_months = covered if covered < month_segments.YEAR else None
    return old, notes


def _amount_of(segments_: list[dict[str, str]], corrected: dict[str, str]) -> str:
    """The amount a month had before it was said again: of the named segment that held it, else the others'."""
    months = set(corrected["set"].split(","))
    held = [s for s in segments_ if s.get("set") and months <= set(s["set"].split(","))]
    return (held or [s for s in segments_ if s.get("other")])[0]["amount"]


def _keep_what_was_not_corrected(claim: Claim, target: Line) -> None:
    """"每間是 50 公斤不是 60": only the size per item changes; the count, the gas, the equipment and the
    method of the line stay as they were."""
    origin = (target.origin or {}).get("claim") or {}
    given = (target.origin or {}).get("answers") or {}
    sizes = origin.get("readings") or []
    if origin.get("per_item") and not claim.per_item and claim.count is None and not claim.item_sizes \
            and len(claim.readings) == 1 and len(sizes) == 1 and claim.corrected_from == Decimal(str(sizes[0])):
        claim.per_item = True  # "是20公斤的那種，不是4公斤": the 4 was the size of each, so is the 20
    if claim.per_item and claim.count is None and origin.get("per_item"):
        count = given.get("count") or origin.get("count")
        if count is not None:
            claim.count = Decimal(str(count))
            claim.counter, claim.counter_word = origin.get("counter"), origin.get("counter_word")
    if claim.people is not None:
        work_time.keep_uncorrected(claim, origin, given)
    for key in ("refrigerant", "equipment", "equipment_text", "method", "usage", "period"):
        if getattr(claim, key) is None and origin.get(key) is not None:
            setattr(claim, key, origin[key])


def _counted_line(state: InventoryState, st: Statement) -> Line | None:
    """The count × per-item line a count correction means: named, else the one whose count was said wrong."""
    lines = [ln for ln in candidates(state, st) or state.lines
             if ((ln.origin or {}).get("claim") or {}).get("per_item")]
    wrong = [ln for ln in lines if st.wrong_counts and Decimal(str(
        (ln.origin.get("answers") or {}).get("count") or ln.origin["claim"].get("count") or 0)) in st.wrong_counts]
    chosen = wrong or lines
    return chosen[-1] if chosen else None


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
        return [ln for ln in lines if _gas(ln.refrigerant) in wanted]
    sources = set(st.sources) | {c.source for c in st.claims if c.source} | named_sources(st)
    found = [ln for ln in lines if ln.source in sources]
    equipment = set(st.equipment) | {c.equipment for c in st.claims if c.equipment}  # 堆高機那個柴油是 16,000
    if equipment:
        found = [ln for ln in found or lines if ln.equipment in equipment] or found
    if st.unspecified:
        found = [ln for ln in found if not ln.refrigerant or any(a.key == "assume_typical_gas" for a in ln.assumptions)]
    return found


def named_sources(st: Statement) -> set[str]:
    """Every source a name said may mean: "瓦斯" is 桶裝瓦斯 as well as 天然氣 (its line may be either)."""
    names = catalogue.config()["ambiguous_names"]
    return {source for name in st.source_names for source in names.get(name, [])}


def _gas(name: str | None) -> str:
    return re.sub(r"[\s\-_]", "", name or "").upper().removeprefix("HFC").removeprefix("HCFC")


def _redo(state: InventoryState, reply: Reply, line: Line, ctx: Context, *, claim: Claim | None = None,
          answers: dict[str, Any] | None = None, keep_amount: bool = True, keep_period: bool = False,
          notes: list[Note] | None = None) -> None:
    """Re-derive a recorded line with a corrected claim or corrected answers; it replaces the line. ``notes``:
    what was corrected, shown before the arithmetic ("2 月：200,000 度 → 220,000 度")."""
    origin = line.origin or {}
    base = Claim.from_dict(origin["claim"]) if origin.get("claim") else Claim(readings=[Decimal(line.amount)],
                                                                              unit=line.unit, source=line.source)
    dropped = ("confirmed", "duplicate", "derivation_before") + (() if keep_period else ("period", "bill_months"))
    old_answers = {k: v for k, v in (origin.get("answers") or {}).items() if k not in dropped}
    draft = Draft(base, answers=old_answers, replaces=line.id)
    if notes:
        draft.answers["derivation_before"] = [{"key": n.key, "values": n.values} for n in notes]
    if claim is not None:
        replace_claim(draft, claim)
        if not keep_amount:
            draft.answers.pop("unit", None)
    if answers:
        if not keep_period:
            draft.claim.period = None
        draft.answers.update(answers)
    amounts.progress(state, reply, draft, ctx)


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
    # "R-32 那筆刪掉": a line named by its gas is sure even when said as 那筆
    if len(found) + len(pending) == 1 and not (st.unspecified or (st.back_reference and not described)):
        _delete_now(state, reply, found, pending)
        return True
    state.delete_candidates = [ln.id for ln in found] + [-(state.pending.index(d) + 1) for d in pending]
    return True


def _draft_matches(draft: Draft, st: Statement) -> bool:
    claim = draft.claim
    source = draft.answers.get("source") or claim.source
    if st.refrigerants:
        return _gas(draft.answers.get("refrigerant") or claim.refrigerant) in {_gas(r) for r in st.refrigerants}
    if st.unspecified:
        return source == "refrigerant" and not (draft.answers.get("refrigerant") or claim.refrigerant)
    return source in set(st.sources) | named_sources(st)


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
    _delete_now(state, reply, [ln for ln in lines if ln is not None], pending)
    state.delete_candidates = []
    return True

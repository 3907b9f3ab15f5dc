"""A unit-less amount by months right after a line of the same size: "夏天比較多啦 7到9月大概五萬五 其他月份四萬二
左右" after "電費單每個月大概都四萬多度" refines the electricity line. It is offered as its correction ("是要更正外購
電力嗎？"), never assumed: yes → the line is re-derived from the segments (their question comes next); no → the
amount is new data and asked about as any other."""

from __future__ import annotations

from decimal import Decimal

from actions.inventory_chat import drafts, presenter, segments, vehicles
from actions.inventory_chat.catalogue import source_name, text
from actions.inventory_chat.presenter import Reply, answer_button, amount_text, intent_button
from actions.inventory_chat.reading import NO, YES, Reading
from actions.inventory_chat.state import Draft, InventoryState, Line
from nlu.statements import Claim

#: a segment's monthly amount within this factor of the line's monthly average is "the same size"
SIZE_FACTOR = Decimal(2)
MONTHS = Decimal(12)


def offer(state: InventoryState, reply: Reply, claims: list[Claim]) -> set[int]:
    """The ids of the claims offered as corrections (pending, with the question "refine")."""
    offered: set[int] = set()
    for claim in claims:
        if not claim.segments or claim.source is not None or claim.money:
            continue
        line = _refined_line(state, claim)
        if line is None:
            continue
        draft = Draft(claim, answers={"refines": line.id, "refines_name": source_name(line.source),
                                      "refines_amount": amount_text(line), "refines_unit": line.unit},
                      question="refine")
        state.pending.append(draft)
        if len(state.pending) > 1:
            reply.note(text("queued", subject=presenter.draft_subject(draft)))
        offered.add(id(claim))
    return offered


def question(draft: Draft) -> tuple[str, list[dict[str, str]]]:
    answers = draft.answers
    said = text("segment_joiner").join(segments.said(s, answers.get("refines_unit", "")) for s in draft.claim.segments)
    return text("ask_refine", said=said, name=answers.get("refines_name", ""),
                amount=answers.get("refines_amount", "")), [
        answer_button(text("choice_refine_yes"), "yes"), answer_button(text("choice_refine_no"), "no"),
        intent_button(text("button_drop"), "skip")]


def read(r: Reading) -> bool:
    if r.said not in (YES, NO) or (r.st.leading_correction and r.st.claims):
        return False  # "不是啦 是每個月都五萬五…": a new statement of it (actions/inventory_chat/pending_corrections.py)
    line = r.state.line(r.answers.pop("refines", 0) or 0)
    for key in ("refines_name", "refines_amount", "refines_unit"):
        r.answers.pop(key, None)
    if r.said == YES and line is not None:
        claim = r.draft.claim
        r.draft.replaces = line.id
        claim.source, claim.usage = line.source, claim.usage or line.usage
        claim.equipment, claim.equipment_text = claim.equipment or line.equipment, claim.equipment_text or line.equipment_text
        if claim.unit is None:
            r.answers["unit"] = line.unit
    return True


def _refined_line(state: InventoryState, claim: Claim) -> Line | None:
    """The most recent line whose monthly average is the size of every segment's monthly amount."""
    for line in reversed(state.lines):
        if claim.unit is not None and drafts.unit_error(line.source, claim.unit) is not None:
            continue
        if vehicles.foreign(claim, line.source, line.usage):
            continue  # 堆高機's months are no refinement of the welding gas
        average = Decimal(line.amount) / MONTHS
        if average > 0 and all(_same_size(s, average) for s in claim.segments):
            return line
    return None


def _same_size(segment: dict[str, str], average: Decimal) -> bool:
    amount = Decimal(segment["amount"])
    readings = {"month": [amount], "total": [amount / Decimal(segment["months"])]}.get(
        segment.get("per", ""), [amount, amount / Decimal(segment["months"])])
    return any(average / SIZE_FACTOR <= value <= average * SIZE_FACTOR for value in readings)

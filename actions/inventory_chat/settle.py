"""The result of an inventory: computing it from the recorded lines (calc), and showing one part of the last
result again (gases, factors, details, reduction ideas, the carbon fee)."""

from __future__ import annotations

from typing import Any

import calc
from actions.inventory_chat import payload, presenter, result
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.presenter import Reply
from actions.inventory_chat.state import InventoryState
from calc import CalcInputError

Message = dict[str, Any]
#: intents that show a part of the last result
RESULT_VIEWS = ("inventory_gases", "inventory_factors", "inventory_details", "inventory_ideas", "inventory_fee")


def compute(state: InventoryState, reply: Reply) -> dict[str, Any] | None:
    """The result of the recorded lines, its messages added to ``reply``; None when it cannot be computed yet
    (nothing recorded, no year, or calc refused an input — said in Chinese)."""
    if not state.lines:
        reply.note(text("nothing_to_compute"))
        return None
    if state.year is None:
        state.step = "year"
        return None
    if state.pending:
        reply.note(text("pending_dropped", items="、".join(presenter.draft_subject(d) for d in state.pending)))
        state.pending = []
    body = payload.inventory_payload(state)
    try:
        computed = calc.compute_json(body)
    except CalcInputError as exc:
        reply.note(text("compute_failed", error=exc.message))
        return None
    reply.flush()
    reply.messages.extend(result.compose(body, computed, state.sector))
    return computed


def view(state: InventoryState | None, intent: str, result_json: dict[str, Any] | None) -> list[Message]:
    """The messages of one part of the last result (``intent`` is one of RESULT_VIEWS)."""
    if not result_json:
        reply = Reply()
        reply.say(text("no_result"))
        return reply.messages
    body = payload.inventory_payload(state) if state is not None and state.lines else {
        "year": result_json["year"], "activities": []}
    sector = state.sector if state else None
    views = {
        "inventory_gases": lambda: result.gases(result_json),
        "inventory_factors": lambda: result.factors(result_json),
        "inventory_details": lambda: result.details(body, result_json),
        "inventory_ideas": lambda: result.reduction(body, result_json, sector),
        "inventory_fee": lambda: result.fee(result_json),
    }
    return views[intent]()

"""Amounts the user gives: each becomes an inventory line now, or waits (pending) for the question it needs."""

from __future__ import annotations

from typing import Any

from actions.inventory_chat import catalogue, drafts, presenter, vehicles
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.drafts import Context
from actions.inventory_chat.presenter import Reply
from actions.inventory_chat.state import Draft, InventoryState, Line
from nlu.statements import Claim


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
        _say_where_a_vehicle_goes(reply, draft, ctx.step)
        state.pending.append(draft)
        if len(state.pending) > 1:  # asked after the question on screen: say it was heard
            reply.note(text("queued", subject=presenter.draft_subject(draft)))


def _say_where_a_vehicle_goes(reply: Reply, draft: Draft, asked_step: str | None) -> None:
    """"貨車 8,000 元是交通工具的用油，記在「移動燃燒」…": a vehicle's fuel waiting for a question while another
    category is asked (recorded at once, "已記在「移動燃燒」" says it)."""
    mobile, asked = vehicles.mobile_step(), catalogue.step(asked_step)
    if mobile is None or asked is None or not vehicles.foreign_to_step(draft.claim, asked_step):
        return
    vehicle = draft.claim.equipment_text
    if vehicle:
        reply.note(text("vehicle_is_mobile", vehicle=vehicle, step=mobile.title, asked=asked.title))
    else:
        reply.note(text("vehicle_fuel_is_mobile", subject=presenter.draft_subject(draft), step=mobile.title,
                        asked=asked.title))


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

"""What the inventory asks next, and the lists it shows (目前填了哪些)."""

from __future__ import annotations

from datetime import date

from actions.inventory_chat import catalogue, pending_questions, presenter, readback
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.presenter import Reply, intent_button
from actions.inventory_chat.state import InventoryState


def ask_next(state: InventoryState, reply: Reply, finishing: bool, understood: bool,
             today: date | None = None) -> None:
    """The one next thing to ask: the deletion choice, the pending question (once more before a read-back),
    the read-back, the year, the company, "還有其他…嗎", the next category not answered yet."""
    lead = ""
    if not understood:
        lead = text("not_understood") + "\n"
    extra: list[dict[str, str]] = []
    if state.misunderstood >= 2:
        lead = text("not_understood_twice") + "\n"
        extra = [intent_button(text("button_human"), "request_human")]
    if state.delete_candidates:
        state.asked = "delete"
        reply.ask(lead + text("ask_which_delete"), delete_buttons(state) + extra)
        return
    if finishing and state.year is None:
        state.asked, state.step = "year", "year"
        reply.ask(lead + text("before_finish") + "\n" + presenter.year_question(),
                  presenter.year_buttons(today) + extra)
        return
    if state.pending and not (finishing and state.pending[0].answers.get("asked_at_finish")):
        draft = state.pending[0]  # asked once more before the read-back; 結算 again reads back
        draft.asked += 1
        if finishing:
            draft.answers["asked_at_finish"] = True
            lead += text("before_finish") + "\n"
        body, buttons = pending_questions.pending_question(draft, draft.question or "source",
                                                    draft.answers.get("detail", ""))
        state.asked = "pending"
        reply.ask(lead + body, buttons + extra)
        return
    if finishing:
        state.asked = "readback"
        readback.read_back(state, reply)
        return
    state.asked = "step"
    if state.year is None:
        state.step = "year"
        reply.ask(lead + presenter.year_question(), presenter.year_buttons(today) + extra)
        return
    if state.step in ("year", "company") and state.company is None:
        state.step = "company"
        body, buttons = presenter.company_question()
        reply.ask(lead + body, buttons + extra)
        return
    current = catalogue.step(state.step)
    if current is not None and state.more == current.id:  # "還有其他燃料嗎？"
        state.more = None
        body, buttons = presenter.more_question(state, current)
        reply.ask(lead + body, buttons + extra)
        return
    step = next_step(state)
    if step is None:
        state.step = "end"
        reply.ask(lead + text("all_asked"), [intent_button(text("button_finish"), "inventory_finish"),
                                              intent_button(text("button_list"), "inventory_list")] + extra)
        return
    state.step = step.id
    body, buttons = presenter.step_question(state, step)
    reply.ask(lead + body, buttons + extra)

def next_step(state: InventoryState) -> catalogue.Step | None:
    ids = catalogue.step_ids()
    start = ids.index(state.step) if state.step in ids else 0
    order = ids[start:] + ids[:start]
    for step_id in order:
        if not state.answered(step_id):
            return catalogue.step(step_id)
    return None

def delete_buttons(state: InventoryState) -> list[dict[str, str]]:
    buttons = []
    for candidate in state.delete_candidates:
        if candidate > 0:
            line = state.line(candidate)
            if line is not None:
                label = f"{presenter.line_name(line)} {presenter.amount_text(line)}"
                buttons.append(presenter.answer_button(text("button_delete_line", line=label),
                                                       f"delete:{candidate}"))
        else:
            index = -candidate - 1
            if index < len(state.pending):
                label = presenter.draft_subject(state.pending[index])
                buttons.append(presenter.answer_button(text("button_delete_line", line=label),
                                                       f"delete:{candidate}"))
    if len(buttons) > 1:
        buttons.append(presenter.answer_button(text("button_delete_all"), "delete:all"))
    buttons.append(presenter.answer_button(text("button_delete_cancel"), "no"))
    return buttons

def listing(state: InventoryState, reply: Reply) -> None:
    lines = [text("list_header", year=year_label(state))]
    if state.lines:
        lines += [text("list_item", name=presenter.line_name(ln), amount=presenter.amount_text(ln))
                  for ln in state.lines]
    else:
        lines.append(text("list_empty"))
    if state.none:
        lines.append(text("list_none", titles="、".join(catalogue.step(s).title for s in state.none
                                                        if catalogue.step(s))))
    reply.note("\n".join(lines))

def year_label(state: InventoryState) -> str:
    return text("year_label", year=state.year) if state.year else text("year_unknown")

# -- results ----------------------------------------------------------------------------------------------

"""What 結算 says first: every line by category with its arithmetic, every assumption and estimate on its own
line, the categories never answered (counted as 0), the questions still open — then 確認結算 / 修改."""

from __future__ import annotations

from actions.inventory_chat import catalogue, presenter
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.presenter import Reply, intent_button
from actions.inventory_chat.state import InventoryState
from contracts import years


def unanswered(state: InventoryState) -> list[catalogue.Step]:
    return [s for s in catalogue.steps() if not state.answered(s.id)]


def read_back(state: InventoryState, reply: Reply) -> None:
    company = text("result_company", company=state.company) if state.company else ""
    lines = [text("readback_header", year=state.year, roc=years.roc(state.year) if state.year else "", company=company)]
    for step in catalogue.steps():
        for line in state.lines_of(step.id):
            name = presenter.line_name(line, with_usage=False)  # the category says it
            entry = text("readback_line" if name != step.title else "readback_line_plain", title=step.title,
                         name=name, amount=presenter.amount_text(line))
            if line.derivation:
                entry += text("readback_derivation", steps=presenter.derivation_text(line))
            if line.estimate:
                entry += text("readback_estimate")
            lines.append(entry)
    assumptions = [presenter.note_text(n) for line in state.lines for n in line.assumptions]
    if assumptions:
        lines.append(text("readback_assumptions"))
        lines += [text("readback_item", item=a) for a in dict.fromkeys(assumptions)]
    none = [catalogue.step(s).title for s in catalogue.step_ids() if s in state.none]
    if none:
        lines.append(text("readback_none", titles="、".join(none)))
    missing = unanswered(state)
    if missing:
        lines.append(text("readback_unanswered", titles="、".join(s.title for s in missing)))
    if state.pending:
        lines.append(text("readback_pending", items="、".join(presenter.draft_subject(d) for d in state.pending)))
    lines.append(text("readback_question"))
    reply.ask("\n".join(lines), [intent_button(text("button_confirm"), "inventory_confirm"),
                                 intent_button(text("button_edit"), "inventory_edit")])


def staff_summary(state: InventoryState, result: dict | None = None) -> list[str]:
    """The inventory as staff read it in the console when the user is handed over: the same lines, arithmetic
    and assumptions as the read-back, what is still open, and the total when computed."""
    company = text("result_company", company=state.company) if state.company else ""
    lines = [text("staff_header", company=company, year=state.year or text("year_unknown"))]
    for step in catalogue.steps():
        for line in state.lines_of(step.id):
            entry = text("readback_line", title=step.title, name=presenter.line_name(line, with_usage=False),
                         amount=presenter.amount_text(line))
            if line.derivation:
                entry += text("readback_derivation", steps=presenter.derivation_text(line))
            if line.estimate:
                entry += text("readback_estimate")
            lines.append(entry)
    for note in dict.fromkeys(presenter.note_text(n) for line in state.lines for n in line.assumptions):
        lines.append(text("readback_item", item=note))
    if state.pending:
        lines.append(text("readback_pending", items="、".join(presenter.draft_subject(d) for d in state.pending)))
    missing = unanswered(state)
    if missing:
        lines.append(text("readback_unanswered", titles="、".join(s.title for s in missing)))
    if result:
        lines.append(text("staff_total", total=result.get("total_tco2e")))
    return lines

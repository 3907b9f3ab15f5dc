"""Answers about whole categories and the inventory's frame: "沒有買蒸汽", "其他都沒有", "沒有/跳過", the year,
the company."""

from __future__ import annotations

import re
from typing import Any

from actions.inventory_chat import catalogue, presenter
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.presenter import Reply
from actions.inventory_chat.state import InventoryState
from contracts import years
from nlu.statements import Statement


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

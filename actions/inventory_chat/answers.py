"""Answers to the question a pending amount waits for: one small reader per kind of question (period, bill
length, money, unit, count, work hours, usage, equipment, refrigerant, method, charge, cylinder size, steam
factor, source, implausible value, duplicate). A reader takes what it needs from the button pressed or the
statement typed; when the turn does not answer the question, nothing changes and the caller handles the turn
as new data and asks the question again. The readers are actions/inventory_chat/readers.py, what they share
actions/inventory_chat/reading.py."""

from __future__ import annotations

from actions.inventory_chat import amounts, vehicles
from actions.inventory_chat.drafts import Context
from actions.inventory_chat.presenter import Reply
from actions.inventory_chat.readers import READERS
from actions.inventory_chat.reading import NO, YES, Reading, replace_claim, yes_no
from actions.inventory_chat.state import Draft, InventoryState
from nlu.statements import Statement

__all__ = ["NO", "YES", "answer", "names_the_pending_source", "replace_claim", "yes_no"]


def answer(state: InventoryState, reply: Reply, draft: Draft, st: Statement, intent: str, choice: str | None,
           ctx: Context) -> set[int]:
    """Apply the turn to the pending draft's question. Returns the ids of the claims it used plus -1 when it
    answered (an empty set: not an answer, nothing changed)."""
    reading = Reading(state, reply, draft, st, choice, yes_no(intent, choice, st))
    if choice == "skip" or (intent == "skip" and draft.question != "septic_hours"):
        reading.drop("dropped")
        return {-1}
    if st.claims and choice is None and all(vehicles.foreign_to_draft(c, draft) for c in st.claims):
        return set()  # "機車一台 一個月油錢500塊" while the air conditioners are counted: new data, not an answer
    reader = READERS.get(draft.question or "")
    if reader is None or not reader(reading):
        return set()
    if not reading.dropped:
        draft.asked = 0
        amounts.progress(state, reply, draft, ctx)
    return reading.used | {-1}


def names_the_pending_source(draft: Draft, st: Statement, choice: str | None) -> bool:
    """"柴油" (or its button, or its equipment) said again to the question about the diesel: the user means that
    amount — a reply about it, not a new one and no misunderstanding (nothing else said: no amount, negation,
    correction or question)."""
    if st.claims or st.negated_sources or st.negated_categories or st.delete or st.correction or st.question:
        return False
    source = draft.answers.get("source") or draft.claim.source
    equipment = draft.answers.get("equipment") or draft.claim.equipment
    chosen = (choice or "").partition(":")
    named = set(st.sources) | ({chosen[2]} if chosen[0] == "source" else set())
    machines = set(st.equipment) | ({chosen[2]} if chosen[0] == "equipment" else set())
    if source is None or not (named or machines) or not _only_names(st):
        return False
    return named <= {source} and machines <= ({equipment} if equipment else set())


#: what may be said besides the names ("就是柴油啦", "柴油的"); "我去找一下電費單，晚點再回來" says more
_BESIDES_NAMES = 3


def _only_names(st: Statement) -> bool:
    rest = st.text
    for name in sorted([*st.source_names, *st.equipment_texts], key=len, reverse=True):
        rest = rest.replace(name, " ")
    return sum(1 for ch in rest if ch.isalnum()) <= _BESIDES_NAMES

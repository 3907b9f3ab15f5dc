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

__all__ = ["NO", "YES", "answer", "replace_claim", "yes_no"]


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

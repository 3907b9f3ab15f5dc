"""A correction typed while a question about an amount waits: "不是啦 是7-9月每個月都五萬五 其他9個月每個月四萬二
這是電" after "外購電力 55,000 度只有 3 個月的資料。要推估全年…？". The message begins with a correction word and
carries an amount of the same source (or of none): the question was about what is being corrected, so it is
dropped — saying so — and the new statement is read in its place (a correction of a recorded line stays one).
Only when the question's own reader did not take the turn (dialogue.py calls this afterwards)."""

from __future__ import annotations

from actions.inventory_chat import amounts, presenter, vehicles
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.drafts import Context
from actions.inventory_chat.presenter import Reply
from actions.inventory_chat.state import Draft, InventoryState
from nlu.statements import Claim, Statement

#: what the new amount takes from the one it replaces when it does not say it
KEPT = ("source", "source_alias", "usage", "equipment", "equipment_text", "refrigerant", "method")


def replace(state: InventoryState, reply: Reply, st: Statement, ctx: Context) -> set[int]:
    """The ids of the claims that replaced the pending amount (empty: no correction of it)."""
    if not (st.leading_correction and st.claims and state.pending):
        return set()
    old = state.pending[0]
    source = old.answers.get("source") or old.claim.source
    claim = next((c for c in st.claims if (source is None or c.source in (None, source))
                  and not vehicles.foreign_to_draft(c, old)), None)
    if claim is None:
        return set()  # "不對，電是一年50萬度" while the gas's unit is asked: another amount, the question stays
    state.pending.remove(old)
    reply.note(text("pending_replaced", subject=presenter.draft_subject(old)))
    amounts.progress(state, reply, _fresh(old, claim), ctx)
    return {id(claim)}


def _fresh(old: Draft, claim: Claim) -> Draft:
    for key in KEPT:
        if getattr(claim, key) is None:
            setattr(claim, key, getattr(old.claim, key))
    draft = Draft(claim, replaces=old.replaces)
    if claim.source is None and old.answers.get("source"):
        claim.source = old.answers["source"]
    unit = old.answers.get("unit") or old.claim.unit or old.answers.get("refines_unit")
    if claim.unit is None and unit and not claim.money:
        draft.answers["unit"] = unit  # "不是啦 是每個月都五萬五": the unit of the amount it corrects
    return draft

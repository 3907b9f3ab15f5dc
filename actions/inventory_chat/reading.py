"""A user's turn read as the answer to one pending amount's question: the Reading the readers share, yes / no
from the intent, a button or the words, and the small look-ups the readers have in common (a restated amount,
a button's choice, bills a year, the usage an equipment implies, a typical refrigerant charge)."""

from __future__ import annotations

from dataclasses import dataclass, field

from actions.inventory_chat import drafts, presenter
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.presenter import Reply
from actions.inventory_chat.state import Draft, InventoryState
from calc import factors as calc_factors
from nlu import lexicon
from nlu.statements import Claim, Statement

YES, NO = "yes", "no"


@dataclass
class Reading:
    """The user's turn read as an answer to one draft's question."""

    state: InventoryState
    reply: Reply
    draft: Draft
    st: Statement
    choice: str | None  # the button's choice (inventory_answer{"choice": …})
    said: str | None  # yes / no, from the intent, the button or the words
    used: set[int] = field(default_factory=set)  # id() of the statement's claims the answer took
    dropped: bool = False

    @property
    def answers(self) -> dict:
        return self.draft.answers

    def drop(self, key: str) -> bool:
        self.state.pending.remove(self.draft)
        self.reply.note(text(key, subject=presenter.draft_subject(self.draft)))
        self.dropped = True
        return True


def yes_no(intent: str, choice: str | None, st: Statement) -> str | None:
    """yes / no from the intent, a button, or words that start with one ("好，就用…", "不是")."""
    if intent == "affirm" or choice == YES:
        return YES
    if intent == "deny" or choice == NO:
        return NO
    words = st.text.strip(" 。!！~～,，")
    no_words, yes_words = lexicon.words("no_words"), lexicon.words("yes_words")
    if words in no_words or any(words.startswith(w) for w in no_words):
        return NO
    if words in yes_words or any(
            words.startswith(w) and not st.correction for w in yes_words if len(w) > 1 or
            words[1:2] in lexicon.raw()["yes_word_endings"]):
        return YES
    return None


def restated(r: Reading) -> Claim | None:
    """The quantity a user gives for the pending amount (the kWh after the money): a physical amount whose
    source is unnamed or the same."""
    source = r.answers.get("source") or r.draft.claim.source
    return next((c for c in r.st.claims if not c.money and c.unit_kind not in (None, "money", "time")
                 and c.source in (None, source) and (source is None or drafts.unit_error(source, c.unit) is None)),
                None)


def bills_a_year_months(st: Statement) -> int | None:
    """"一年六張", "一年12期": so many bills a year → the months one bill covers (2, 1, 3…)."""
    bills = [n for n, counter in st.counts if counter in lexicon.grouped("counters")["bill"]]
    if st.period != "year" or len(bills) != 1 or bills[0] <= 0 or 12 % bills[0]:
        return None
    return 12 // int(bills[0])


def choice_of(choice: str | None, allowed: tuple[str, ...]) -> str | None:
    return choice if choice in allowed else None


def prefixed(choice: str | None, prefix: str) -> str | None:
    if choice and choice.startswith(prefix + ":"):
        return choice.split(":", 1)[1]
    return None


def usage_from_equipment(st: Statement) -> str | None:
    for equipment in st.equipment:
        info = calc_factors.equipment().get(equipment)
        if info is not None and info.kind == "combustion" and info.usage:
            return info.usage
    if "mobile" in st.negated_categories:
        return "stationary"
    return None


def replace_claim(draft: Draft, claim: Claim) -> None:
    """A new statement of the same amount (the kWh after the money, a corrected value): what the old claim
    said about the source and the period stays unless the new one says otherwise."""
    old = draft.claim
    for key in ("source", "source_alias", "usage", "equipment", "equipment_text", "refrigerant", "method",
                "period", "bill_months"):
        if getattr(claim, key) is None:
            setattr(claim, key, getattr(old, key))
    draft.claim = claim
    for key in ("unit", "confirmed", "estimate"):
        draft.answers.pop(key, None)


def apply_typical_charge(draft: Draft) -> bool:
    equipment = draft.answers.get("equipment") or draft.claim.equipment
    found = drafts.typical_charge_note(equipment or "", draft.answers.get("equipment_text") or
                                       draft.claim.equipment_text)
    if found is None:
        return False
    kg, note = found
    claim = draft.claim
    claim.readings, claim.unit, claim.unit_kind = [kg], "公斤", "mass"
    if claim.count is not None or claim.count_label:
        claim.per_item = True
    draft.answers.setdefault("assumption_notes", []).append({"key": note.key, "values": note.values})
    draft.answers["estimated"] = True
    draft.answers.setdefault("method", "charge")
    return True

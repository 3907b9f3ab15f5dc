"""Units of one equipment with different sizes (nlu/item_sizes.py): "冰水機兩台，一台180公斤，另一台150公斤" is
recorded as 2 台分別 180 + 150 = 330 公斤, never 2 × 180. When the sizes cover fewer (or more) units than the count
said ("三台，一台30公斤，另一台20公斤"), the missing size is asked — or that there are only so many units."""

from __future__ import annotations

from decimal import Decimal

from actions.inventory_chat.catalogue import text
from actions.inventory_chat.state import Draft, Note
from contracts.numbers import number
from nlu.claim import Claim
from nlu.statements import Statement

ONLY = "sizes_only"


def covered(claim: Claim) -> Decimal:
    """How many units the sizes said are for."""
    return sum((count for count, _ in claim.item_sizes), Decimal(0))


def open_count(draft: Draft) -> bool:
    """The count said differs from the units whose size was said, and the user has not settled it yet."""
    claim = draft.claim
    return bool(claim.item_sizes) and claim.units_said is not None and claim.units_said != covered(claim) \
        and not draft.answers.get(ONLY)


def step(claim: Claim, unit: str) -> Note:
    """2 台分別 180 + 150 = 330 公斤; 3 台分別 30 + 2 台 × 20 = 70 公斤."""
    word = _word(claim)
    parts = [number(size) if count == 1 else text("item_size_many", count=number(count), counter=word,
                                                  value=number(size))
             for count, size in claim.item_sizes]
    return Note("step_item_sizes", {"count": number(covered(claim)), "counter_word": word,
                                    "values": text("item_size_plus").join(parts), "total": number(claim.amount),
                                    "unit": unit})


def question_values(draft: Draft) -> dict[str, str]:
    """What the question for the missing sizes says: units said, units sized, their sizes, the counter."""
    claim = draft.claim
    have, said = covered(claim), claim.units_said or Decimal(0)
    values = text("item_size_plus").join(number(size) for count, size in claim.item_sizes for _ in range(int(count)))
    return {"key": "ask_item_sizes_fewer" if have < said else "ask_item_sizes_more", "said": number(said),
            "have": number(have), "rest": number(said - have), "counter": _word(claim), "values": values,
            "unit": claim.unit or ""}


def read(draft: Draft, st: Statement, choice: str | None, used: set[int], yes: bool = False) -> bool:
    """"另一台25公斤", "另外兩台各20公斤", "只有兩台": the missing sizes, or that the count was the sizes' (a yes
    to "是 3 台嗎？" when more sizes than units were said)."""
    claim = draft.claim
    have, said = covered(claim), claim.units_said or Decimal(0)
    if choice == ONLY or (have > said and (yes or any(count == have for count, _ in st.counts))) or (
            have < said and any(count == have for count, _ in st.counts) and not st.claims):
        draft.answers[ONLY] = True  # "只有兩台": the units are those whose size was said
        return True
    rest = said - have
    sizes = [c for c in st.claims if c.unit_kind == claim.unit_kind and not c.money]
    if rest <= 0 or not sizes:
        return False
    found = _sizes_of(sizes[0], rest)
    if found is None:
        return False
    used.add(id(sizes[0]))
    claim.item_sizes = claim.item_sizes + found
    claim.readings = [count * size for count, size in claim.item_sizes]
    return True


def _sizes_of(answer: Claim, rest: Decimal) -> list[tuple[Decimal, Decimal]] | None:
    """The sizes an answer gives for ``rest`` units: its own sizes, each unit's size, or one unit's."""
    if answer.item_sizes:
        return list(answer.item_sizes)
    if answer.per_item and (answer.count in (None, rest)):
        return [(rest, answer.readings[0])]  # "另外兩台每台20公斤"
    if len(answer.readings) == rest:
        return [(Decimal(1), size) for size in answer.readings]  # "25、28公斤" for two more
    return None


def _word(claim: Claim) -> str:
    word = claim.counter_word or ""
    return word if word and not word.isascii() else text("units_word_default")

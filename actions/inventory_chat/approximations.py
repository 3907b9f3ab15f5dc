"""What an approximate number was taken as, said with the line: "「四萬多」先以 40,000 度計，有帳單上的確切數字可以
再改" — the interpreter reads 四萬多 as 40,000 and 七八百 as 750 (nlu/approximations.py); the bot never records
an approximation as if it were exact without saying so, whether it was said in a statement or typed as the answer
to a question ("三十幾台" to how many: ``answered``)."""

from __future__ import annotations

from decimal import Decimal

from typing import Any

from actions.inventory_chat.state import Note
from contracts.numbers import number
from nlu.claim import Claim, Statement

KEYS = {"more": "assume_approx_more", "range": "assume_approx_range"}


def notes(claim: Claim, unit: str) -> list[Note]:
    out = []
    for approximation in claim.approximate:
        note = _note(approximation, unit)
        if note is not None:
            out.append(note)
    return out


def answered(st: Statement, value: Decimal, unit: str, answers: dict[str, Any]) -> None:
    """An answer took ``value`` from the statement: when that number was said approximately ("三十幾台", "兩百多
    天"), what it was taken as is noted with the draft's other assumptions (once)."""
    said = st.approximate + [a for claim in st.claims for a in claim.approximate]
    kept = answers.setdefault("assumption_notes", [])
    for approximation in said:
        note = _note(approximation, unit)
        if note is None or Decimal(approximation[1]) != value:
            continue
        entry = {"key": note.key, "values": note.values}
        if entry not in kept:
            kept.append(entry)


def _note(approximation: tuple[str, str, str, str], unit: str) -> Note | None:
    said, value, said_unit, how = approximation
    key = KEYS.get(how)
    if key is None:
        return None
    return Note(key, {"said": said, "value": number(Decimal(value)), "unit": said_unit or unit})

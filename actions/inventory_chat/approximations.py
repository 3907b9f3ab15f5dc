"""What an approximate number was taken as, said with the line: "「四萬多」先以 40,000 度計，有帳單上的確切數字可以
再改" — the interpreter reads 四萬多 as 40,000 and 七八百 as 750 (nlu/approximations.py); the bot never records
an approximation as if it were exact without saying so."""

from __future__ import annotations

from decimal import Decimal

from actions.inventory_chat.state import Note
from contracts.numbers import number
from nlu.claim import Claim

KEYS = {"more": "assume_approx_more", "range": "assume_approx_range"}


def notes(claim: Claim, unit: str) -> list[Note]:
    out = []
    for said, value, said_unit, how in claim.approximate:
        key = KEYS.get(how)
        if key is not None:
            out.append(Note(key, {"said": said, "value": number(Decimal(value)), "unit": said_unit or unit}))
    return out

"""Units of one equipment that are not all the same size: "冰水機兩台，一台填充量60公斤，另一台45公斤" is 60 + 45 =
105 公斤 (never 2 × 60 and a second line of 2 × 45); "冷凍庫三台，一台30公斤，另外兩台各20公斤" is 30 + 2 × 20.

An amount is the size of some of the units when it is said right after 一台 (一 + a counter of machines, vehicles
or cylinders: "另一台 150 kg") or after a count with 各 ("兩台各20公斤"). Two or more such amounts in a row, of the
same source, equipment, gas, unit kind and period, are one claim: their products are its readings and
``item_sizes`` keeps (count, size) for the arithmetic. The count said before them ("兩台") is ``units_said``;
when the sizes cover fewer or more units than it, the dialogue asks rather than guess. One amount after a count
with 各 ("冷氣兩台各1.5公斤") is each unit's size: count × size."""

from __future__ import annotations

from decimal import Decimal

from nlu.claim import Claim
from nlu.mentions import Mention

#: counters of items that can differ in size (machines, vehicles, cylinders); not events or bills
SIZED_COUNTERS = ("unit", "vehicle", "cylinder")
_ONE = "一"
_SAME = ("source", "equipment", "refrigerant", "unit_kind", "period", "money")


def apply(text: str, mentions: list[Mention], claims: list[Claim], clauses: dict[int, int]) -> list[Claim]:
    """The claims with runs of unit sizes made one claim, and a count with 各 made count × size."""
    out: list[Claim] = []
    run: list[tuple[Claim, Decimal, str]] = []
    previous_end = 0
    for claim in claims:
        units = _units_of(text, mentions, claim, previous_end, clauses)
        previous_end = claim.end
        if units is not None and run and not _same(run[-1][0], claim):
            out.append(_merged(run, mentions))
            run = []
        if units is not None:
            run.append((claim, *units))
            continue
        if run:
            out.append(_merged(run, mentions))
            run = []
        out.append(claim)
    if run:
        out.append(_merged(run, mentions))
    return out


def _units_of(text: str, mentions: list[Mention], claim: Claim, previous_end: int,
              clauses: dict[int, int]) -> tuple[Decimal, str] | None:
    """How many units this amount is the size of (and their counter word), when said so; else None."""
    if claim.unit_kind not in ("mass", "volume", "energy") or len(claim.readings) != 1 or claim.money:
        return None
    clause = clauses.get(claim.start)
    window = [m for m in mentions if previous_end <= m.start and m.end <= claim.start
              and clauses.get(m.start) == clause and m.label in ("PER_ITEM", "NUM", "EACH")]
    if not window:
        return None
    if any(m.label == "NUM" and m.unit_kind == "counter" and m.start >= claim.end and clauses.get(m.start) == clause
           for m in mentions):
        return None  # "一桶20公斤叫了10桶": the size of each of the ten, counted after it
    last = window[-1]
    if last.label == "PER_ITEM" and last.value in SIZED_COUNTERS and last.text.startswith(_ONE):
        return Decimal(1), last.text[len(_ONE):]  # 一台, 另一台
    if last.label == "NUM" and last.unit_kind == "counter" and last.unit_detail in SIZED_COUNTERS \
            and last.value == 1 and last.text.startswith(_ONE):
        return Decimal(1), last.unit or ""  # 一台 read as a count of one (beside the equipment)
    if last.label == "EACH" and len(window) > 1:
        count = window[-2]
        if count.label == "NUM" and count.unit_kind == "counter" and count.unit_detail in SIZED_COUNTERS \
                and not text[count.end:last.start].strip():
            return count.value, count.unit or ""  # 兩台各
    return None


def _same(a: Claim, b: Claim) -> bool:
    return all(getattr(a, key) == getattr(b, key) for key in _SAME) and a.unit == b.unit


def _merged(run: list[tuple[Claim, Decimal, str]], mentions: list[Mention]) -> Claim:
    first = run[0][0]
    word = next((w for _, _, w in run if w), "")
    if len(run) == 1:
        claim, count, _ = run[0]
        if count == 1:
            return claim  # "冷氣5台，一台1.5公斤": each of the five (nlu/claims.py)
        claim.per_item, claim.count, claim.counter_word, claim.count_label = True, count, word, None
        claim.counter = _group(mentions, claim)
        return claim  # "兩台各1.5公斤": each of the two
    said = [m for m in mentions if m.label == "NUM" and m.unit_kind == "counter" and m.unit_detail in SIZED_COUNTERS
            and m.end <= first.start and m.value != 1]
    first.item_sizes = [(count, claim.readings[0]) for claim, count, _ in run]
    first.readings = [count * size for count, size in first.item_sizes]
    first.per_item, first.count = False, None
    first.counter_word = word
    first.units_said = said[-1].value if said else None
    first.count_label = said[-1].text if said else None
    first.end = run[-1][0].end
    first.approximate = [a for claim, _, _ in run for a in claim.approximate]
    return first


def _group(mentions: list[Mention], claim: Claim) -> str | None:
    before = [m for m in mentions if m.label == "NUM" and m.unit_kind == "counter" and m.end <= claim.start]
    return before[-1].unit_detail if before else None

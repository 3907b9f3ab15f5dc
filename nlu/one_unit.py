"""一 + a counter is "each" or "one": 一桶20公斤 is the size of each cylinder (how many is asked), but 一台鍋爐,
冷藏庫一間 and 加一次油 are one boiler, one cold room, one refuel — a count of one, so the amount is the total
and nothing is asked.

The lexer reads every 一 + counter as a per-item word (PER_ITEM); this pass turns it into a count of one (a NUM
with its counter) when it cannot be "each":

- no other count of the same kind is said in the message (冷氣5台，一台1.5公斤 is "each"), and
- it names one piece of equipment (right before or after the equipment's name: 一台鍋爐, 冷藏庫一間), or no
  amount follows it in its clause (一個月加一次油，每次80公升).
"""

from __future__ import annotations

import re
from decimal import Decimal

from nlu import lexicon
from nlu.mentions import Mention

#: what may stand between 一台 and the equipment it counts (一台鍋爐, 冷藏庫 一間, 一台的冷氣, 一台備用發電機,
#: 一台很舊的鍋爐): a few words that are no number
_ADJACENT_GAP = re.compile(r"^[\s的]*$|^[^\d０-９,，。；;、]{1,5}$")
#: units of an amount (a number of these after 一台 makes it "each": 一台1.5公斤)
_AMOUNT_KINDS = ("energy", "volume", "mass", "time", "money", None)
#: counters that name a piece of equipment when said beside one (一個鍋爐 is one boiler, not one person)
_EQUIPMENT_GROUP = "unit"


def counts_of_one(text: str, mentions: list[Mention], clauses: dict[int, int]) -> list[Mention]:
    """The mentions with each 一 + counter that means one item as a count of one."""
    out = list(mentions)
    for i, m in enumerate(mentions):
        if m.label != "PER_ITEM" or not m.text.startswith(_ONE) or m.text[len(_ONE):] not in _counters():
            continue
        beside = _beside_equipment(text, mentions, i)
        group = _EQUIPMENT_GROUP if beside and m.value not in ("unit", "vehicle") else m.value
        if _other_count(out, m, group):
            continue  # "冷氣5台，一台1.5公斤": each of the five
        if beside or not _amount_follows(mentions, i, clauses):
            out[i] = Mention("NUM", m.start, m.end, m.text, Decimal(1), m.text[len(_ONE):], "counter", group)
    return out


_ONE = "一"


def _counters() -> set[str]:
    return {word for group, words in lexicon.grouped("counters").items() if group != "bill" for word in words}


def _beside_equipment(text: str, mentions: list[Mention], i: int) -> bool:
    m = mentions[i]
    before = mentions[i - 1] if i > 0 else None
    after = mentions[i + 1] if i + 1 < len(mentions) else None
    return bool(
        (before is not None and before.label == "EQUIPMENT" and _ADJACENT_GAP.match(text[before.end:m.start]))
        or (after is not None and after.label == "EQUIPMENT" and _ADJACENT_GAP.match(text[m.end:after.start])))


def _other_count(mentions: list[Mention], m: Mention, group: str) -> bool:
    return any(n.label == "NUM" and n.unit_kind == "counter" and n.unit_detail == group and n.start != m.start
               and n.value != 1 for n in mentions)


def _amount_follows(mentions: list[Mention], i: int, clauses: dict[int, int]) -> bool:
    """An amount after it in its clause, before any other count: 一桶20公斤, 一次大概9,600度."""
    clause = clauses.get(mentions[i].start)
    for n in mentions[i + 1:]:
        if clauses.get(n.start) != clause:
            return False
        if n.label == "PER_ITEM" and n.value == mentions[i].value:
            return False  # "一個禮拜加一次 一次大概50公升": the amount is the later one's; this is a count of one
        if n.label == "NUM":
            return n.unit_kind in _AMOUNT_KINDS
    return False

"""What each number of a message is — an amount, a count, people (a bare number after 員工, headcount), a label (3.5噸貨車), a multiplier (一年要乘12), months,
days, hours a day or a rate — from the unit after it and the words around it."""

from __future__ import annotations

import re

from nlu.mentions import Mention

LABEL_GAP = re.compile(r"^[\s的]*$")
#: what may stand between a word for staff and their number ("headcount 180", "員工：40")
PEOPLE_GAP = re.compile(r"^[\s:：=]*$")
#: counters that count the equipment named right after them (5台冷氣, 兩輛貨車), not a label of its size
COUNTED = ("unit", "vehicle")


def number_roles(text: str, mentions: list[Mention], numbers: list[Mention],
                  clauses: dict[int, int]) -> dict[int, str]:
    """What each number is: amount | count | people | label | multiplier | months | days | hours_per_day | rate."""
    roles: dict[int, str] = {}
    for n in numbers:
        before = _previous(mentions, n)
        after = _next(mentions, n)
        if before is not None and before.label == "MULTIPLY" and gap(text, before, n).strip() == "" \
                and n.unit_kind is None:
            roles[n.start] = "multiplier"  # "一年要乘12" (a factor with a unit is part of a product: "x 8 小時")
        elif n.unit_kind == "month_label":
            roles[n.start] = "label"
        elif after is not None and after.label == "EQUIPMENT" and LABEL_GAP.match(gap(text, n, after)) \
                and n.unit_kind in ("mass", "volume", "counter", None) and n.unit_detail not in COUNTED:
            roles[n.start] = "label"  # 3.5噸貨車, 5人座 (but 5台冷氣 are five air-conditioners)
        elif n.unit_kind == "counter":
            roles[n.start] = "count"
        elif n.unit_kind is None and before is not None and before.label == "PEOPLE_CUE" \
                and PEOPLE_GAP.match(gap(text, before, n)):
            roles[n.start] = "people"  # "headcount 180", "員工：40"
        elif n.unit_kind == "months":
            roles[n.start] = "months"
        elif n.unit_kind == "days":
            roles[n.start] = "days"
        elif n.unit_kind == "percent":
            roles[n.start] = "rate"
        elif n.unit_kind == "time" and _period_in_clause(mentions, n, clauses, "day"):
            roles[n.start] = "hours_per_day"
        else:
            roles[n.start] = "amount"
    return roles


def _previous(mentions: list[Mention], m: Mention) -> Mention | None:
    i = mentions.index(m)
    return mentions[i - 1] if i > 0 else None


def _next(mentions: list[Mention], m: Mention) -> Mention | None:
    i = mentions.index(m)
    return mentions[i + 1] if i + 1 < len(mentions) else None


def gap(text: str, a: Mention, b: Mention) -> str:
    return text[a.end:b.start]


def _period_in_clause(mentions: list[Mention], n: Mention, clauses: dict[int, int], kind: str) -> bool:
    return any(m.label == "PERIOD" and m.value == kind and clauses[m.start] == clauses[n.start] for m in mentions)

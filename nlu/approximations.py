"""Approximate numbers kept with the claim they belong to: "四萬多度" is read as 40,000, "三十幾個" as 30, "七八百"
as 750 — the dialogue records that value and says what it assumed ("「四萬多」先以 40,000 度計…"), so an
approximation is never silently exact. 左右 and 大概 say only that the figure is rough, and need no note."""

from __future__ import annotations

from nlu.claim import Claim
from nlu.mentions import Mention


Approximation = tuple[str, str, str, str]


def attach(mentions: list[Mention], claims: list[Claim]) -> list[Approximation]:
    """Each approximate number goes to the claim whose amount it is, or whose count, people or days it is; those
    of no claim are returned (an answer's count or days: "三十幾台", "一年大概兩百多天")."""
    rest: list[Approximation] = []
    for m in mentions:
        if m.label != "NUM" or not m.approx:
            continue
        owner = next((c for c in claims if c.start <= m.start < c.end), None)
        if owner is None:
            parts = [c for c in claims if m.value in (c.count, c.people, c.units_each, c.hours_per_day,
                                                       c.days_per_year)]
            owner = min(parts, key=lambda c: abs(c.start - m.start)) if parts else None
        said = (m.approx, f"{m.value.normalize():f}", m.unit or "", m.approx_kind)
        if owner is not None:
            owner.approximate.append(said)
        else:
            rest.append(said)
    return rest

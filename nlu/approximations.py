"""Approximate numbers kept with the claim they belong to: "四萬多度" is read as 40,000, "三十幾個" as 30, "七八百"
as 750 — the dialogue records that value and says what it assumed ("「四萬多」先以 40,000 度計…"), so an
approximation is never silently exact. 左右 and 大概 say only that the figure is rough, and need no note."""

from __future__ import annotations

from itertools import pairwise

from nlu import lexicon
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


#: kinds of number whose approximate figure a later exact one refines at the number itself (people, units,
#: hours, days); amounts are refined as claims (nlu/revisions.py ``refined_approximations``: their months)
_COUNTED_KINDS = ("counter", "days", "time")


def refined_counts(text: str, mentions: list[Mention]) -> list[Mention]:
    """"員工四十幾個吧，我問一下，是43個": an approximate count followed, after a word that says it was checked
    (lexicon.yml ``refines``), by an exact count of the same kind with no number between, is that count — the
    approximate one is dropped, not added to it (40 + 43) nor noted as assumed."""
    words = lexicon.words("refines")
    numbers = [m for m in mentions if m.label == "NUM"]
    dropped: set[int] = set()
    for rough, exact in pairwise(numbers):
        if rough.approx_kind not in ("more", "range") or exact.approx or rough.unit_kind not in _COUNTED_KINDS:
            continue
        if (exact.unit_kind, exact.unit_detail) != (rough.unit_kind, rough.unit_detail):
            continue
        if any(w in text[rough.end:exact.start] for w in words):
            dropped.add(rough.start)
    return [m for m in mentions if not (m.label == "NUM" and m.start in dropped)]

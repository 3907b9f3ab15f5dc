"""Amounts said as a sequence: readings said one by one after 一次 (補了兩次，一次45公斤，一次30公斤) and monthly
counts by season (春茶三個月每個月40桶，冬茶兩個月每個月30桶…)."""

from __future__ import annotations

from decimal import Decimal

from nlu.claim import Claim
from nlu.mentions import Mention


def enumerated_events(text: str, mentions: list[Mention], groups: list[list[Mention]]) -> list[list[Mention]]:
    """"補了兩次，一次45公斤，一次30公斤": amounts each said after 一次, in the same unit, are the readings of the
    events, not one size repeated."""
    def after_event(n: Mention) -> Mention | None:
        before = [m for m in mentions if m.end <= n.start and m.label != "NUM"]
        last = before[-1] if before else None
        if last is not None and last.label == "PER_ITEM" and last.value == "event" and not text[last.end:n.start].strip():
            return last
        return None

    out: list[list[Mention]] = []
    for group in groups:
        prev = out[-1] if out else None
        cue = after_event(group[0]) if len(group) == 1 else None
        if (prev is not None and len(prev) >= 1 and cue is not None and after_event(prev[0]) is not None
                and prev[-1].unit == group[0].unit and prev[-1].unit is not None
                and not text[prev[-1].end:cue.start].strip(" ,，、;；")):
            prev.append(group[0])
        else:
            out.append(list(group))
    return out


def apply_seasons(claim: Claim, mentions: list[Mention]) -> None:
    """"春茶三個月每個月40桶，冬茶兩個月每個月30桶，其他七個月一個月5桶": so many months at each monthly count;
    the year's count is their sum (3 × 40 + 2 × 30 + 7 × 5), shown as such."""
    after = [m for m in mentions if m.start >= claim.end]
    pairs: list[tuple[Decimal, Decimal]] = []
    for i, m in enumerate(after):
        if m.label == "NUM" and m.unit_kind == "months":
            nxt = next((x for x in after[i + 1:] if x.label == "NUM"), None)
            if nxt is not None and nxt.unit_detail == "cylinder":
                pairs.append((m.value, nxt.value))
    if len(pairs) >= 2 and sum(months for months, _ in pairs) <= 12:
        claim.seasons = pairs
        claim.count = sum((months * count for months, count in pairs), Decimal(0))
        claim.period = "year"

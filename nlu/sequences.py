"""Amounts said as a sequence: readings said one by one after 一次 (補了兩次，一次45公斤，一次30公斤) and monthly
counts by season (春茶三個月每個月40桶，冬茶兩個月每個月30桶…)."""

from __future__ import annotations

from decimal import Decimal

from nlu import month_segments
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


def apply_seasons(text: str, claim: Claim, mentions: list[Mention]) -> None:
    """"春茶三個月每個月40桶，冬茶兩個月每個月30桶，其他七個月一個月5桶", "旺季3到5月跟10到12月每個月15桶，其他
    月份每個月4桶": so many months at each monthly count; the year's count is their sum (3 × 40 + 2 × 30 + 7 × 5),
    shown as such. The months are read as month segments are (nlu/month_segments.py: ranges, lists, one month,
    其他月份 the months not named, a monthly count said before months said apart); months that do not make the
    year are a part of it (``part_year_months``: the dialogue asks about the others, nothing is taken as none)."""
    counts = [m for m in mentions
              if m.start >= claim.end and m.label == "NUM" and m.unit_detail == "cylinder"]
    spans: list[dict[str, str]] = []
    low = claim.end
    for i, count in enumerate(counts):
        span = month_segments.months_before(text, mentions, low, count.start)
        if span is None and not spans and i + 1 < len(counts) and month_segments.months_before(
                text, mentions, count.end, counts[i + 1].start) is not None:
            span = {"months": "", "set": "", "other": "1", "start": str(low)}  # "平常一個月4桶，3到5月每個月15桶"
        if span is None:
            break
        per = month_segments.per_of(text, mentions, int(span["start"]), count.end)
        if per == "" and spans and spans[-1]["per"] == "month":
            per = "month"  # 每個月 said once for the list
        if per != "month" and not (span.get("one") and per == ""):
            return  # a season's total, or another period: no monthly counts
        span.pop("one", None)
        spans.append({**span, "per": "month", "amount": str(count.value)})
        low = count.end
    if len(spans) < 2 or not month_segments.complete(spans):
        return
    claim.seasons = [(Decimal(s["months"]), Decimal(s["amount"])) for s in spans]
    claim.season_months = [{k: v for k, v in s.items() if k in ("months", "set", "other", "except")} for s in spans]
    claim.count = sum((months * count for months, count in claim.seasons), Decimal(0))
    claim.period = "year"
    covered = sum(int(s["months"]) for s in spans)
    claim.part_year_months = covered if covered < month_segments.YEAR else None

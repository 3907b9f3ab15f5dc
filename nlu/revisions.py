"""What one message says about its own claims: a septic-tank claim from people × hours × days, a
self-correction replacing the number before it, one annual figure kept beside a per-period one, the green part
of a total, a bare year among the numbers."""

from __future__ import annotations

from decimal import Decimal

from calc import factors as calc_factors
from nlu import lexicon
from nlu.claim import Claim, Statement
from nlu.mentions import Mention


def septic(mentions: list[Mention], numbers: list[Mention], roles: dict[int, str], clauses: dict[int, int],
            claims: list[Claim]) -> list[Claim]:
    """員工40個，一天8小時，一年300天 → a septic-tank claim (people × hours × days, the missing ones asked)."""
    people = [n for n in numbers if (roles[n.start] == "count" and n.unit_detail == "person")
              or roles[n.start] == "people"]
    hours = [n for n in numbers if roles[n.start] == "hours_per_day"] or [  # "90 人 x 8 小時 x 280 天"
        n for n in numbers if n.unit_kind == "time" and roles[n.start] in ("amount", "multiplier") and n.value <= 24]
    days = [n for n in numbers if roles[n.start] == "days"]
    cue = any(m.label == "PEOPLE_CUE" for m in mentions) or any(
        m.label == "SOURCE" and isinstance(m.value, dict) and m.value.get("source") == "septic_tank" for m in mentions)
    # "28 人 8 小時 250 天": people, hours a day and days a year together say what they are without 員工
    if not people or not (cue or (hours and days)):
        return claims
    first = people[0]
    # "白班 30 人、夜班 12 人，都 8 小時": the shifts add up
    parts = [n.value for n in people] if len(people) > 1 else []
    claim = Claim(readings=[], unit="小時", unit_kind="time", source="septic_tank",
                  source_alias=calc_factors.sources()["septic_tank"].name,
                  people=sum(parts, Decimal(0)) if parts else first.value, people_parts=parts,
                  hours_per_day=_hours_a_day(hours, mentions),
                  days_per_year=days[0].value if days else None, start=first.start,
                  end=max([n.end for n in people] + [n.end for n in hours + days]))
    if len(hours) > 1 and claim.hours_per_day == sum((n.value for n in hours), Decimal(0)):
        claim.hours_parts = [n.value for n in hours]
    claim.fill_person_hours()
    # hours given without a day ("x 8 小時") were read as amounts: they belong to this claim
    kept = [c for c in claims if not (c.unit_kind == "time" and c.source in (None, "septic_tank")
                                      and len(c.readings) == 1 and c.readings[0] <= 24)]
    return kept + [claim]


def _hours_a_day(hours: list[Mention], mentions: list[Mention]) -> Decimal | None:
    """"每天 8 小時加班 2 小時": the overtime adds to the day."""
    if not hours:
        return None
    if len(hours) > 1 and any(m.label == "OVERTIME" for m in mentions):
        return sum((n.value for n in hours), Decimal(0))
    return hours[0].value


def resolve_corrections(mentions: list[Mention], claims: list[Claim]) -> list[Claim]:
    """"電一年50萬度，喔不對，是58萬度": the claim after the correction word replaces the one before it;
    "汽油是2,600公升不是2,400": after 不是 comes the old value, so the claim before it stays."""
    markers = [m.start for m in mentions if m.label in ("CORRECTION", "CHANGE_TO")]
    reverse = [m.start for m in mentions if m.label == "NOT_THIS"]
    out: list[Claim] = []
    before_prev = 0  # where the amount before the previous one ended
    for claim in claims:
        prev = out[-1] if out else None
        if prev is not None and any(prev.end <= p <= claim.start for p in reverse) and \
                claim.source in (None, prev.source) and not claim.money:
            prev.corrected_from = claim.amount
            continue
        # "2月不是20萬，是22萬": 不是 before the old value, the new one after it
        wrong_first = prev is not None and any(before_prev <= p < prev.start for p in reverse)
        if prev is not None and (wrong_first or any(prev.end <= p <= claim.start for p in markers)) and \
                (claim.source is None or claim.source == prev.source) and not claim.money and not prev.money:
            for key in ("source", "source_alias", "usage", "equipment", "equipment_text", "refrigerant",
                        "method", "period", "bill_months"):
                if getattr(claim, key) is None:
                    setattr(claim, key, getattr(prev, key))
            if claim.unit is None and claim.unit_kind is None:  # "…1,850,000 度，不對不對，是 1,580,000"
                claim.unit, claim.unit_kind = prev.unit, prev.unit_kind
            claim.corrected_from = prev.amount
            out[-1] = claim
            continue
        before_prev = prev.end if prev is not None else 0
        out.append(claim)
    return out


_PERIODIC = ("month", "bill", "quarter", "week", "day")


def keep_annual(claims: list[Claim]) -> list[Claim]:
    """"每張大概2萬度，一年就是12萬度": one annual figure per source — the per-period one becomes its check."""
    out: list[Claim] = []
    for claim in claims:
        same = [c for c in out if c.source == claim.source and not c.money and not claim.money
                and c.unit_kind == claim.unit_kind and c.refrigerant == claim.refrigerant
                and c.equipment == claim.equipment]
        if same:
            prev = same[-1]
            if claim.period == "year" or claim.total:
                if prev.period in _PERIODIC:
                    claim.annual_check = (prev.amount, prev.period)
                    out[out.index(prev)] = claim
                    continue
            elif claim.period in _PERIODIC and (prev.period == "year" or prev.total):
                prev.annual_check = (claim.amount, claim.period)
                continue
        out.append(claim)
    return out


def green_parts(mentions: list[Mention], claims: list[Claim]) -> None:
    """"全廠總用電80萬度，其中10萬度是綠電": the grid claim knows its green part (grid = total − green)."""
    part_marks = [m.start for m in mentions if m.label == "PART_OF"]
    for i, claim in enumerate(claims):
        if claim.source != "green_electricity" or not part_marks:
            continue
        whole = next((c for c in reversed(claims[:i]) if c.source == "electricity" and not c.money), None)
        if whole is not None and any(whole.end <= p <= claim.start for p in part_marks):
            whole.green_part = claim.amount
            if claim.period is None:
                claim.period = whole.period
        elif whole is None and any(p <= claim.start for p in part_marks):
            claim.part_of_earlier = True  # "其中綠電120萬度，已經含在上面的總用電裡": of the line said before


def years_among(st: Statement, claims: list[Claim]) -> list[Claim]:
    """"我要做2024的盤查": a bare four-digit number of a plausible year, without unit or source, is the year."""
    out = []
    for claim in claims:
        if (claim.unit is None and claim.source is None and not claim.money and len(claim.readings) == 1
                and "," not in claim.text and 2010 <= claim.amount <= 2040 and claim.amount == int(claim.amount)):
            if st.year is None:
                st.year = int(claim.amount)
            continue
        out.append(claim)
    return out



def refill_over_charge(claims: list[Claim]) -> list[Claim]:
    """"充填量 40 公斤，今年廠商來補了 6 公斤": when the top-up of the same equipment is known, it is the emission
    (mass balance); the charge said beside it is not a second line."""
    refills = [c for c in claims if c.source == "refrigerant" and c.method == "refill"]
    if not refills:
        return claims
    kept: list[Claim] = []
    for claim in claims:
        same = next((r for r in refills if claim.source == "refrigerant" and claim.method == "charge"
                     and r.equipment in (None, claim.equipment)
                     and (r.refrigerant is None or claim.refrigerant is None or r.refrigerant == claim.refrigerant)),
                    None)
        if same is None:
            kept.append(claim)
            continue
        same.equipment = same.equipment or claim.equipment
        same.equipment_text = same.equipment_text or claim.equipment_text
        same.refrigerant = same.refrigerant or claim.refrigerant
        same.charge_beside = claim.amount
    return kept


def supplier_factors(text: str, mentions: list[Mention], claims: list[Claim]) -> list[Claim]:
    """"蒸汽一年 12,000 噸，他們給的係數是 0.21 公噸CO2e/公噸蒸汽": a number said after a factor word is the
    factor of the amount before it, not a second amount."""
    cues = [m for m in mentions if m.label == "FACTOR_CUE"]
    if not cues:
        return claims
    out: list[Claim] = []
    for claim in claims:
        prev = out[-1] if out else None
        if prev is not None and claim.source in (None, prev.source) and not claim.money and len(claim.readings) == 1 \
                and any(prev.end <= c.start < claim.start for c in cues):
            prev.supplier_factor = claim.readings[0]
            continue
        out.append(claim)
    return out


def working_days(mentions: list[Mention], roles: dict[int, str], clauses: dict[int, int], claims: list[Claim]) -> None:
    """"每台每天 40 公升，一個月跑 22 天": the days a month of a per-day amount (a year's days are asked)."""
    for claim in claims:
        if claim.period != "day" or claim.people is not None:
            continue
        for n in mentions:
            if n.label == "NUM" and roles.get(n.start) == "days" and n.start > claim.end and any(
                    m.label == "PERIOD" and m.value == "month" and clauses[m.start] == clauses[n.start]
                    for m in mentions):
                claim.days_per_month = n.value
                break


def refined_approximations(text: str, claims: list[Claim]) -> list[Claim]:
    """"每個月四萬多度，我算一下平均是4萬5千度": an exact amount said right after an approximate one, as its refinement
    (lexicon.yml ``refines``), is that amount — not a second line, and not the approximation's round figure."""
    words = lexicon.words("refines")
    out: list[Claim] = []
    for claim in claims:
        before = out[-1] if out else None
        if before is not None and before.approximate and not claim.approximate and claim.unit == before.unit \
                and claim.source in (None, before.source) and len(claim.readings) == 1 \
                and any(w in text[before.end:claim.start] for w in words):
            rough, exact = before.amount, claim.amount
            before.readings = [exact]
            before.segments = [{**seg, "amount": str(exact)} if seg.get("amount") == str(rough) else seg
                               for seg in before.segments]
            before.approximate = []
            continue
        out.append(claim)
    return out

"""Amounts said by month segments: "電費 7到9月每月五萬五度 其他9個月每月四萬二度" is one claim of the year,
3 × 55,000 + 9 × 42,000 = 543,000 度 — not 55,000 × 12 and a second line of 42,000.

A segment is the months named before an amount (a range or list of months, one month, a half of the year,
前三個月, 三個月) or the complement (其他月份, 其餘月份, 其他9個月, 剩下的月: the months not named yet), with its
amount per month (每月 said in the segment, or once for the list before it, or 各 / 都是 after a list of months)
or its total (加起來, 總共 …); neither said is left open (``per`` ""), for the dialogue to ask — never guessed.
One month's amount is that month's ("1月10.2萬度、2月9.1萬 …" are twelve segments of one month). A monthly amount
said before months said apart ("每個月35萬度左右，但2月只有20萬度") is the complement: the other 11 months.
Segments covering 12 months are the year; fewer are a part of the year (``part_year_months``, the dialogue's
part-year question). One range said per month ("7到9月每個月5萬5千度") is such a part too; one range with its
total stays the plain part-year amount it was. A month before an amount said per month ("3月開始…每個月2000度")
is when it began, no segment. Counts by season (春茶三個月每個月40桶, 3到5月每個月15桶) are nlu/sequences.py's,
read with ``months_before`` and ``complete`` here; hours and days (septic) are no segments."""

from __future__ import annotations

import re
from decimal import Decimal

from nlu import lexicon
from nlu.claim import Claim
from nlu.mentions import Mention
from nlu.months import except_of, months_of

YEAR = 12
_AMOUNT_KINDS = ("energy", "volume", "mass", "money", None)
#: characters between an amount and a period said after it that still make it this amount's ("左右"), within
#: its clause ("2月6.9萬度；其餘每月9萬度": the 每月 is the next segment's)
TRAILING_GAP = 3
_CLAUSE_BREAK = re.compile(r"[，,。；;！!？?\n]")


def apply(text: str, mentions: list[Mention], claims: list[Claim]) -> list[Claim]:
    """The claims with each run of month segments merged into one claim of the year (or of its months)."""
    out: list[Claim] = []
    run: list[tuple[Claim, dict[str, str]]] = []
    previous_end = 0
    for i, claim in enumerate(claims):
        span = months_before(text, mentions, previous_end, claim.start) if _eligible(claim) else None
        if span is None and not run and _eligible(claim) and i + 1 < len(claims):
            span = _base_before_exceptions(text, mentions, claim, claims[i + 1], previous_end)
        elif span is None and run and _eligible(claim):
            span = _base_after_exceptions(text, mentions, run, claim, previous_end)
        if span is not None and run and not _same_amount(run[0][0], claim):
            out += _merged(text, mentions, run)
            run = []
        if span is not None:
            span["next"] = str(claims[i + 1].start if i + 1 < len(claims) else len(text))
            run.append((claim, span))
        else:
            out += _merged(text, mentions, run)
            run = []
            out.append(claim)
        previous_end = claim.end
    out += _merged(text, mentions, run)
    used = {int(s["start"]) for c in out for s in c.segments}
    if used and all(m.start in used for m in mentions if m.label == "PART_YEAR"):
        for claim in out:  # "電一年50萬度 天然氣7到9月每月300度…": the months are the gas's, not the year's
            if not claim.segments:
                claim.part_year_months = None
    for claim in out:
        for segment in claim.segments:
            segment.pop("start", None)
    return out


def year_amount(claim: Claim, per: str | None = None) -> Decimal | None:
    """The amount of the segments' months: per month × months, or the total; ``per`` for a segment whose
    amount was said without either (None: not known yet)."""
    total = Decimal(0)
    for segment in claim.segments:
        how = segment.get("per") or per
        if how not in ("month", "total"):
            return None
        amount = Decimal(segment["amount"])
        total += amount * Decimal(segment["months"]) if how == "month" else amount
    return total


def _eligible(claim: Claim) -> bool:
    """An amount or money ("電費1到6月每個月大概3萬"): its months are added up the same way."""
    return (len(claim.readings) == 1 and claim.people is None and not claim.per_item
            and claim.source not in ("refrigerant", "septic_tank") and claim.unit_kind in _AMOUNT_KINDS)


def _same_amount(first: Claim, claim: Claim) -> bool:
    """Segments of one amount: the same source and kind of unit, money with money — a segment without a unit
    takes the list's ("1到6月每個月3萬塊 7到12月每個月4萬5")."""
    if claim.source not in (None, first.source):
        return False
    kinds = (first.unit_kind, claim.unit_kind)
    if claim.money != first.money:  # a bare number beside money said with its unit is money too
        return "money" in kinds and None in kinds
    return claim.money or claim.unit_kind in (None, first.unit_kind)


def months_before(text: str, mentions: list[Mention], low: int, high: int) -> dict[str, str] | None:
    """The months named from ``low`` up to ``high`` (the last named), as a segment without its amount:
    {months, set, other, start}; None when no months are named there."""
    found: dict[str, str] | None = None
    for m in mentions:
        if not low <= m.start < high:
            continue
        if m.label == "PART_YEAR":
            months = months_of(m.text)
            found = {"months": str(len(months) if months else m.value), "set": _csv(months), "start": str(m.start)}
            if months and _excepted(text, m):
                found = _except(months, m)
        elif m.label == "NUM" and m.unit_kind == "month_label":
            months = months_of(m.text)  # "2月": one month
            if months and _excepted(text, m):
                found = _except(months, m)  # "除了1月以外都是4萬度": the other 11
            elif months:
                found = _one_month(text, mentions, m, months[0], high)
        elif m.label == "NUM" and m.unit_kind == "months" and 0 < m.value < YEAR and m.value == int(m.value):
            if found is not None and found["set"] and found["months"] == str(int(m.value)):
                continue  # "7到8月兩個月加起來": the count of the months just named
            found = _counted(text, m)
        elif m.label == "OTHER_MONTHS":
            found = {"months": "", "set": "", "other": "1", "start": str(m.start)}
        elif m.label == "PERIOD" and m.value == "month":
            prefix = _other_prefix(text, mentions, max(low, m.start - OTHER_PREFIX_CHARS), m.start)
            if prefix is not None:  # "其他每個月35萬度", "其餘每月9萬度"
                found = {"months": "", "set": "", "other": "1", "start": str(prefix)}
    return found


#: characters between 除了 and its months, and between the months and 以外 ("除了那個7、8月以外")
EXCEPT_GAP = 3


def _excepted(text: str, m: Mention) -> bool:
    """"除了7、8月以外", "扣掉2月之外": the months are said to be left out (both words within a few characters,
    no clause break before the closing one)."""
    before, after = text[:m.start], text[m.end:]
    starts = any(w in before and len(before) - before.rfind(w) - len(w) <= EXCEPT_GAP
                 for w in lexicon.words("except_starts"))
    ends = [after.find(w) for w in lexicon.words("except_ends") if 0 <= after.find(w) <= EXCEPT_GAP]
    return starts and bool(ends) and not _CLAUSE_BREAK.search(after[:min(ends, default=0)])


def _except(months: tuple[int, ...], m: Mention) -> dict[str, str]:
    """The segment of the months but these: named (so the ones left out are asked about by name if no amount of
    theirs comes), with the months left out kept for the arithmetic ("7、8 月以外 10 個月")."""
    rest = except_of(months)
    return {"months": str(len(rest)), "set": _csv(rest), "start": str(m.start), "except": _csv(months)}


#: "其他的每個月": the longest word of other_month_prefixes said right before a period
OTHER_PREFIX_CHARS = 3


def _other_prefix(text: str, mentions: list[Mention], low: int, end: int) -> int | None:
    """Where an "other" word (其他, 其餘, 剩下 …) ends right at ``end`` and is no part of another mention."""
    for word in lexicon.words("other_month_prefixes"):
        start = end - len(word)
        inside = any(m.start < end and start < m.end for m in mentions)
        if start >= low and text[start:end] == word and not inside:
            return start
    return None


#: characters between a month and the word that says something began or ended then ("8月才開工", "9月底以前")
BOUND_GAP = 3


def _one_month(text: str, mentions: list[Mention], m: Mention, month: int, high: int) -> dict[str, str]:
    """"2月" (that month); "8月才開工", "3月開始" (from that month on); "9月以前" (up to it) — the year said with
    it ("2019年3月設廠") is kept as ``since_year``: the dialogue compares it with the inventory's year. ``bound``
    (start | end) says the months outside were before it began or after it ended."""
    after = text[m.end:min(high, m.end + BOUND_GAP + max(map(len, lexicon.words("month_start_words"))))]
    before = [x for x in mentions if x.end == m.start and x.label == "YEAR"]
    segment = {"months": "1", "set": _csv((month,)), "start": str(m.start), "one": "1"}
    bounds = (("month_start_words", range(month, YEAR + 1)), ("month_end_words", range(1, month + 1)))
    for key, months in bounds:
        if any(word in after[:BOUND_GAP + len(word)] for word in lexicon.words(key)):
            segment = {"months": str(len(months)), "set": _csv(tuple(months)), "start": str(m.start),
                       "bound": key.removeprefix("month_").removesuffix("_words")}
            if before and not before[0].value.relative:
                segment["since_year"] = str(before[0].value.year)
            break
    return segment


def _base_before_exceptions(text: str, mentions: list[Mention], claim: Claim, following: Claim,
                            low: int) -> dict[str, str] | None:
    """"每個月35萬度左右，但2月只有20萬度": a monthly amount said before an amount of the same kind whose months
    are named is the other months' (a segment of the complement); else None."""
    if claim.period != "month" or not _eligible(following) or not _same_amount(claim, following):
        return None
    if months_before(text, mentions, claim.end, following.start) is None:
        return None
    periods = [m.start for m in mentions if m.label == "PERIOD" and low <= m.start < claim.start]
    return {"months": "", "set": "", "other": "1", "start": str(periods[0] if periods else claim.start)}


def _base_after_exceptions(text: str, mentions: list[Mention], run: list[tuple[Claim, dict[str, str]]], claim: Claim,
                           low: int) -> dict[str, str] | None:
    """"2月20萬度，每個月35萬度": a monthly amount said after months of the same amount, before any 其他月份, is
    the other months' too; else None."""
    if claim.period != "month" or any(s.get("other") for _, s in run) or not _same_amount(run[0][0], claim):
        return None
    if sum(int(s["months"]) for _, s in run if s["months"]) >= YEAR:
        return None  # the year is said already: a monthly figure beside it, not other months
    periods = [m.start for m in mentions if m.label == "PERIOD" and low <= m.start < claim.end]
    start = periods[0] if periods else claim.start
    named = [int(m) for _, s in run for m in s["set"].split(",") if m]
    if named and any(w in text[low:start] for w in lexicon.words("later_months")) and max(named) < YEAR:
        later = tuple(range(max(named) + 1, YEAR + 1))  # "7月3萬度，之後每個月4萬8": August on
        return {"months": str(len(later)), "set": _csv(later), "start": str(start)}
    return {"months": "", "set": "", "other": "1", "start": str(start)}


def _counted(text: str, m: Mention) -> dict[str, str]:
    """"前三個月" (the first months), "最後兩個月", "其他9個月" (the rest, so many), "三個月" (which ones unsaid)."""
    count = int(m.value)
    before = text[max(0, m.start - 3):m.start]
    segment = {"months": str(count), "set": "", "start": str(m.start)}
    if any(before.endswith(w) for w in lexicon.words("other_month_prefixes")):
        segment["other"] = "1"
    elif any(before.endswith(w) for w in lexicon.words("first_month_prefixes")):
        segment["set"] = _csv(tuple(range(1, count + 1)))
    elif any(before.endswith(w) for w in lexicon.words("last_month_prefixes")):
        segment["set"] = _csv(tuple(range(YEAR - count + 1, YEAR + 1)))
    return segment


def _merged(text: str, mentions: list[Mention], run: list[tuple[Claim, dict[str, str]]]) -> list[Claim]:
    """One claim for a run of segments, or the run's claims unchanged when they are no segments of a year."""
    plain = [claim for claim, _ in run]
    if not run:
        return []
    # a segment's words run from its months to its amount, and a period said right after it ("四萬二一個月")
    limits = [int(span["start"]) for _, span in run[1:]] + [int(run[-1][1]["next"])]
    segments = []
    for (claim, span), limit in zip(run, limits, strict=True):
        per = per_of(text, mentions, int(span["start"]), _words_end(text, mentions, claim, limit))
        if per is None:
            return plain  # 每期, 每週 … inside a segment: not a per-month amount
        if span.get("one"):
            if per_of(text, mentions, int(span["start"]), claim.start) == "month":
                return plain  # "3月開始用天然氣，每個月2000度": the month it began, not the amount's month
            per = "month"  # one month's amount is that month's
        segment = {k: v for k, v in span.items() if k not in ("next", "one")}
        segment.update(amount=str(claim.readings[0]), per=per)
        segments.append(segment)
    _until_the_next(segments)
    for before, segment in zip(segments, segments[1:]):
        if segment["per"] == "" and before["per"] == "month":
            segment["per"] = "month"  # "7到9月每月五萬五 其他月份四萬二": 每月 said once for the list
    if not complete(segments) or (len(segments) == 1 and (segments[0]["per"] != "month" or segments[0].get("other"))):
        return plain
    first, last = run[0][0], run[-1][0]
    for claim in plain[1:]:
        for key in ("source", "source_alias", "usage", "equipment", "equipment_text", "unit", "unit_kind"):
            if getattr(first, key) is None:
                setattr(first, key, getattr(claim, key))
        first.money = first.money or claim.money
    first.segments, first.readings = segments, [claim.readings[0] for claim in plain]
    first.end, first.text = last.end, text[first.start:last.end]
    covered = sum(int(s["months"]) for s in segments)
    first.period, first.total, first.count_label = "year", False, None
    first.part_year_months = covered if covered < YEAR else None
    return [first]


def _until_the_next(segments: list[dict[str, str]]) -> None:
    """"7月開工當月3萬度，8月開始每個月4萬8": a start said with a month runs up to the next segment's months, not
    to December (July alone, then August on); one month left is that month's amount."""
    for segment, after in zip(segments, segments[1:]):
        if segment.get("bound") != "start" or not after.get("set"):
            continue
        first = min(int(m) for m in after["set"].split(","))
        months = [int(m) for m in segment["set"].split(",") if int(m) < first]
        if months and len(months) < int(segment["months"]):
            segment.update(months=str(len(months)), set=_csv(tuple(months)))  # its bound still starts the months
            if len(months) == 1 and segment["per"] == "":
                segment["per"] = "month"


def _words_end(text: str, mentions: list[Mention], claim: Claim, limit: int) -> int:
    after = next((m for m in mentions if m.start >= claim.end), None)
    gap = text[claim.end:after.start] if after is not None else ""
    if after is not None and after.label in ("PERIOD", "TOTAL") and after.start < limit \
            and len(gap.strip()) <= TRAILING_GAP and not _CLAUSE_BREAK.search(gap):
        return after.end
    return claim.end


def per_of(text: str, mentions: list[Mention], start: int, end: int) -> str | None:
    """month (每月 in the segment, or 各 / 都是: each of its months), total (加起來, 總共), "" (neither said),
    None (another period)."""
    inside = [m for m in mentions if start <= m.start < end]
    periods = {m.value for m in inside if m.label == "PERIOD"}
    if periods - {"month"}:
        return None
    if not periods and _said_each(text, mentions, start, end):
        periods = {"month"}  # "1月、2月比較少，各8萬"
    total = any(m.label == "TOTAL" for m in inside)
    if periods and total:
        return ""  # "每月加起來…": which one is meant is asked
    return "month" if periods else "total" if total else ""


def _said_each(text: str, mentions: list[Mention], start: int, end: int) -> bool:
    """An "each" word (各, 都是) in the segment's words outside its mentions (not the 都 of 都沒有)."""
    kept = list(text[start:end])
    for m in mentions:
        for i in range(max(m.start, start), min(m.end, end)):
            kept[i - start] = " "
    words = "".join(kept)
    return any(word in words for word in lexicon.words("each_month"))


def complete(segments: list[dict[str, str]]) -> bool:
    """Fill the complement's months (12 minus those named); False when the months do not make sense (named
    twice, more than 12, two complements, a complement whose count disagrees)."""
    named: list[int] = []
    for segment in segments:
        if segment["set"]:
            named += [int(x) for x in segment["set"].split(",")]
    if len(named) != len(set(named)):
        return False
    others = [s for s in segments if s.get("other")]
    said = sum(int(s["months"]) for s in segments if not s.get("other"))
    if len(others) > 1 or said > YEAR:
        return False
    if others:
        rest = YEAR - said
        if rest <= 0 or (others[0]["months"] and int(others[0]["months"]) != rest):
            return False
        others[0]["months"] = str(rest)
    return sum(int(s["months"]) for s in segments) <= YEAR


def _csv(months: tuple[int, ...] | None) -> str:
    return ",".join(str(m) for m in months) if months else ""


def overridden(segments: list[dict[str, str]], corrected: list[dict[str, str]]) -> list[dict[str, str]] | None:
    """The segments with some months said again ("2月其實是22萬度"): those months leave the segments they were in
    (in place when a segment was just those months) and take the corrected amounts; the other months keep
    theirs. None when a month cannot be placed: a corrected segment without named months, a month no segment
    has, a segment of months not named ("三個月"), or a total over months that would lose some."""
    if not corrected or any(not s.get("set") for s in corrected):
        return None
    named = [{int(m) for m in s["set"].split(",")} if s.get("set") else None for s in segments]
    if any(months is None and not s.get("other") for s, months in zip(segments, named, strict=True)):
        return None
    taken = set().union(*(m for m in named if m is not None))
    rest = set(range(1, YEAR + 1)) - taken
    months_of_segment = [m if m is not None else rest for m in named]
    out: list[dict[str, str]] = []
    placed: set[int] = set()
    for segment, months in zip(segments, months_of_segment, strict=True):
        mine = [c for c in corrected if {int(m) for m in c["set"].split(",")} <= months]
        said = {int(m) for c in mine for m in c["set"].split(",")}
        kept = months - said
        if said and kept and segment.get("per") == "total":
            return None  # a total over months some of which are said again: which part is whose is not known
        if kept:
            out.append({**segment, "months": str(len(kept))} if segment.get("other") else
                       {**segment, "months": str(len(kept)), "set": _csv(tuple(sorted(kept)))})
        out += [dict(c) for c in mine]
        placed |= said
    every = {int(m) for c in corrected for m in c["set"].split(",")}
    return out if placed == every else None

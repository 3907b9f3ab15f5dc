"""The statement interpreter: what one message says about the inventory, without the dialogue's context.

``interpret("用電每個月大概3萬5千度")`` → one Claim (source electricity, 35,000 度, period month). A Claim is an
amount as the user gave it — readings, counts, period, money or not, equipment, refrigerant method — not yet
an annual figure: turning it into one (× 12, asking what 一期 means, refusing money as kWh) is the dialogue's
job (actions/inventory/), because it depends on what was asked. The words come from nlu/lexicon.yml and
calc's alias and unit tables (nlu/mentions.py lexes them); this module only assembles them by clause:

- a number pairs with the source named before it in its clause, else after it, else the topic of an earlier
  clause ("堆高機三台用柴油，一年大概6千公升");
- "5台…每台1.5公斤", "一個月4桶，一桶20公斤", "加4次，每次40公升" are counts × per-item amounts; a count
  without "每" is a label ("堆高機三台", "6支滅火器", "3.5噸貨車");
- "8200、9100、…8700 度" are readings summed; "喔不對，是58萬度" replaces the number before it; "每張2萬度，一年
  就是12萬度" keeps the annual figure; "80萬度，其中10萬度是綠電" marks the green part of a total;
- "員工40個，一天8小時，一年300天" is a septic-tank claim (people × hours × days);
- "沒有買蒸汽", "滅火器都沒噴過" are negations; "其他都沒有", "結算", "幫我估", "不知道", "刪掉", "剛剛那個",
  "改成" are flags the dialogue acts on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from calc import factors as calc_factors
from nlu import lexicon
from nlu.mentions import Mention, lex, normalize

_TRAILING_FINISH = re.compile(r"(?:^|[\s，,。])算[吧啦囉了]?[!！。]*$")
_CLAUSE_BREAK = re.compile(r"[，,。；;！!？?\n]")
_LIST_GAP = re.compile(r"^[\s、,，/和跟及與]*$")
_LABEL_GAP = re.compile(r"^[\s的]*$")


@dataclass
class Claim:
    """One amount the user stated, as stated. ``readings`` are summed; ``count`` × the per-item amount."""

    readings: list[Decimal]
    unit: str | None = None  # as written (度, 公升, kWh, 元 …); None: no unit
    unit_kind: str | None = None  # energy | volume | mass | time | money | None
    source: str | None = None  # calc source id; None: not named in the message
    source_alias: str | None = None  # as written (用電, 重油)
    usage: str | None = None  # stationary | mobile when the name, a usage word or the equipment says so
    equipment: str | None = None  # calc equipment id
    equipment_text: str | None = None  # as written (堆高機, 分離式冷氣)
    refrigerant: str | None = None  # as written (R-410A)
    method: str | None = None  # refill | charge (refrigerants)
    period: str | None = None  # month | bill | quarter | week | day | year
    bill_months: int | None = None  # months per bill, when said (兩個月一期 → 2)
    part_year_months: int | None = None  # the amount covers only these months (只有1–6月 → 6)
    total: bool = False  # said as a total (合計, 加起來, 全廠總)
    count: Decimal | None = None  # number of items when the amount is per item
    counter: str | None = None  # the counter group of the count (unit, cylinder, event, bill …)
    per_item: bool = False  # the amount is per item (每台, 一桶, 每次)
    count_label: str | None = None  # a count said as a label ("3台"), not multiplied
    bill_count: Decimal | None = None  # "六期分別是 …": the readings are so many bills
    money: bool = False  # the amount is money
    corrected_from: Decimal | None = None  # a self-correction replaced this earlier value
    annual_check: tuple[Decimal, str] | None = None  # a per-period figure said beside the annual one
    green_part: Decimal | None = None  # of this total, so much is green power
    people: Decimal | None = None  # septic tank: employees
    hours_per_day: Decimal | None = None
    days_per_year: Decimal | None = None
    text: str = ""
    start: int = 0
    end: int = 0

    @property
    def amount(self) -> Decimal:
        return sum(self.readings, Decimal(0))

    def as_dict(self) -> dict[str, Any]:
        """JSON-able (Decimals as strings) — the NLU component's entity value."""
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if value in (None, False, [], ""):
                continue
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, list):
                value = [str(v) for v in value]
            elif isinstance(value, tuple):
                value = [str(v) for v in value]
            out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        values = dict(data)
        values["readings"] = [Decimal(v) for v in values.get("readings", [])]
        for key in ("count", "bill_count", "corrected_from", "green_part", "people", "hours_per_day",
                    "days_per_year"):
            if values.get(key) is not None:
                values[key] = Decimal(values[key])
        if values.get("annual_check"):
            value, period = values["annual_check"]
            values["annual_check"] = (Decimal(value), period)
        return cls(**values)


@dataclass
class Statement:
    """Everything inventory-related one message says."""

    text: str
    claims: list[Claim] = field(default_factory=list)
    year: int | None = None
    year_relative: bool = False
    #: the whole message is a number that may be a year ("2023", "113"): the dialogue decides (year asked?)
    bare_year: int | None = None
    #: a period without an amount ("一個月的", "兩個月一期", "全年"): an answer to a period question
    period: str | None = None
    bill_months: int | None = None
    part_year_months: int | None = None
    #: sources and category words said to be none ("沒有買蒸汽" → steam; "也沒有公務車" → mobile)
    negated_sources: list[str] = field(default_factory=list)
    negated_categories: list[str] = field(default_factory=list)
    #: names without an amount of their own: targets of a deletion or correction, answers to a question
    sources: list[str] = field(default_factory=list)
    refrigerants: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    equipment_texts: list[str] = field(default_factory=list)
    usage: str | None = None
    method: str | None = None
    counts: list[tuple[Decimal, str]] = field(default_factory=list)  # counts without an amount ("5台")
    hours_per_day: Decimal | None = None  # "一天8小時" without people (an answer about work hours)
    days_per_year: Decimal | None = None  # "一年250天"
    bare_numbers: list[Decimal] = field(default_factory=list)  # numbers without unit, source or role
    multiplier: Decimal | None = None  # "一年要乘12"
    money_mentioned: bool = False
    correction: bool = False  # 不對 / 應該是 / 改成 …
    change_to: bool = False
    back_reference: bool = False  # 剛剛那個 / 那筆
    delete: bool = False
    unspecified: bool = False  # "沒寫種類的那筆": the line without a refrigerant type
    nothing_else: bool = False
    finish: bool = False
    estimate: bool = False
    unknown: bool = False
    question: bool = False
    start: bool = False  # "要做…盤查", "幫我算碳排": the wish to take an inventory

    @property
    def has_data(self) -> bool:
        """Something the inventory records or acts on (not a pure question)."""
        return bool(
            self.claims or self.negated_sources or self.negated_categories or self.nothing_else
            or (self.equipment and (self.refrigerants or self.counts) and not self.question)
            or (self.correction and (self.period or self.multiplier or self.money_mentioned))
        )


# ---------------------------------------------------------------- assembly


def interpret(text: str, today: date | None = None) -> Statement:
    """The Statement of one message (any language form the gateway passes: NFKC-normalised here)."""
    text = normalize(text)
    mentions = lex(text, today)
    clauses = _clause_of(text, mentions)
    st = Statement(text=text)
    _flags(st, mentions)
    numbers = [m for m in mentions if m.label == "NUM"]
    roles = _number_roles(text, mentions, numbers, clauses)
    claims = _claims(text, mentions, numbers, roles, clauses)
    claims = _septic(mentions, numbers, roles, clauses, claims)
    claims = _resolve_corrections(mentions, claims)
    claims = _keep_annual(claims)
    _green_parts(mentions, claims)
    claims = _years_among(st, claims)
    st.claims = claims
    _leftovers(st, mentions, numbers, roles, claims, clauses)
    st.bare_year = _bare_year(text)
    return st


def _years_among(st: Statement, claims: list[Claim]) -> list[Claim]:
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


_BARE_YEAR = re.compile(r"\s*(?:民國)?\s*(\d{3,4})\s*(?:年度?)?\s*(?:的|的資料|整年)?\s*[。.!！]?\s*")


def _bare_year(text: str) -> int | None:
    match = _BARE_YEAR.fullmatch(text)
    if not match:
        return None
    number = int(match.group(1))
    if 100 <= number <= 199:
        return number + 1911
    if 2000 <= number <= 2100:
        return number
    return None


def _clause_of(text: str, mentions: list[Mention]) -> dict[int, int]:
    """Clause number of every mention (by start). Punctuation inside a mention (8,537) is not a break."""
    covered = [False] * (len(text) + 1)
    for m in mentions:
        for i in range(m.start, m.end):
            covered[i] = True
    breaks = sorted({m.start() for m in _CLAUSE_BREAK.finditer(text) if not covered[m.start()]}
                    | {m.start for m in mentions if m.label == "CLAUSE_START"})
    out = {}
    for m in mentions:
        out[m.start] = sum(1 for b in breaks if b <= m.start and not (b == m.start and m.label != "CLAUSE_START"))
    return out


def _flags(st: Statement, mentions: list[Mention]) -> None:
    labels = {m.label for m in mentions}
    years = [m.value for m in mentions if m.label == "YEAR"]
    absolute = [y for y in years if not y.relative]
    chosen = (absolute or years)[:1]
    if chosen:
        st.year, st.year_relative = chosen[0].year, chosen[0].relative
    st.correction = "CORRECTION" in labels or "CHANGE_TO" in labels
    st.change_to = "CHANGE_TO" in labels
    st.back_reference = "BACKREF" in labels
    st.delete = "DELETE" in labels
    st.unspecified = "UNSPECIFIED" in labels
    st.nothing_else = "NOTHING_ELSE" in labels
    st.finish = "FINISH" in labels or bool(_TRAILING_FINISH.search(st.text))
    st.estimate = "ESTIMATE" in labels
    st.unknown = "UNKNOWN" in labels
    st.start = "START" in labels
    st.question = "QUESTION" in labels and not (
        "UNKNOWN" in labels and not any(m.text in ("?", "？", "嗎", "呢") for m in mentions))  # 不知道是什麼冷媒
    st.money_mentioned = "MONEY_CUE" in labels or any(m.label == "NUM" and m.unit_kind == "money" for m in mentions)
    if "REFILL" in labels:
        st.method = "refill"
    elif "CHARGE" in labels:
        st.method = "charge"
    bills = [m.value for m in mentions if m.label == "BILL_MONTHS"]
    st.bill_months = bills[0] if bills else None
    usages = [m.value for m in mentions if m.label == "USAGE"]
    st.usage = usages[0] if usages else None


def _number_roles(text: str, mentions: list[Mention], numbers: list[Mention],
                  clauses: dict[int, int]) -> dict[int, str]:
    """What each number is: amount | count | label | multiplier | months | days | hours_per_day | rate."""
    roles: dict[int, str] = {}
    for n in numbers:
        before = _previous(mentions, n)
        after = _next(mentions, n)
        if before is not None and before.label == "MULTIPLY" and _gap(text, before, n).strip() == "":
            roles[n.start] = "multiplier"
        elif n.unit_kind == "month_label":
            roles[n.start] = "label"
        elif after is not None and after.label == "EQUIPMENT" and _LABEL_GAP.match(_gap(text, n, after)) \
                and n.unit_kind in ("mass", "volume", "counter", None):
            roles[n.start] = "label"  # 3.5噸貨車, 5人座
        elif n.unit_kind == "counter":
            roles[n.start] = "count"
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


def _gap(text: str, a: Mention, b: Mention) -> str:
    return text[a.end:b.start]


def _period_in_clause(mentions: list[Mention], n: Mention, clauses: dict[int, int], kind: str) -> bool:
    return any(m.label == "PERIOD" and m.value == kind and clauses[m.start] == clauses[n.start] for m in mentions)


def _in_clause(mentions: list[Mention], clause: int, clauses: dict[int, int], *labels: str) -> list[Mention]:
    return [m for m in mentions if m.label in labels and clauses[m.start] == clause]


def _claims(text: str, mentions: list[Mention], numbers: list[Mention], roles: dict[int, str],
            clauses: dict[int, int]) -> list[Claim]:
    amounts = [n for n in numbers if roles[n.start] == "amount"]
    groups: list[list[Mention]] = []
    for n in amounts:  # readings: "8200、9100、…、8700 度" (only the last may carry the unit)
        last = groups[-1][-1] if groups else None
        if (last is not None and clauses[last.start] == clauses[n.start] and last.unit is None
                and _LIST_GAP.match(_gap(text, last, n)) and n.unit_kind != "money"):
            groups[-1].append(n)
        else:
            groups.append([n])
    claims: list[Claim] = []
    topic: dict[str, Any] = {}
    previous_end = 0
    for index, group in enumerate(groups):
        first, last = group[0], group[-1]
        next_start = groups[index + 1][0].start if index + 1 < len(groups) else len(text)
        clause = clauses[first.start]
        claim = Claim(readings=[n.value for n in group], unit=last.unit, unit_kind=last.unit_kind,
                      start=first.start, end=last.end, text=text[first.start:last.end])
        scope = [m for m in mentions if clauses[m.start] == clause]
        name = _name_for(scope, first, last, previous_end)
        if name is None:  # the topic of an earlier clause: "鍋爐燒重油，一個月大概用40公秉"
            earlier = [m for m in mentions if m.label in ("SOURCE", "REFRIGERANT") and m.end <= first.start]
            name = earlier[-1] if earlier else None
        _apply_name(claim, name, topic)
        _apply_context(claim, scope, mentions, clauses, clause, topic, (previous_end, next_start))
        previous = claims[-1] if claims else None
        if claim.period is None and previous is not None and (previous.period == "year" or previous.total) \
                and not claim.money and claim.part_year_months is None:
            claim.period = "year"  # "全年用電230萬度，天然氣28萬度": one period for the list
        claims.append(claim)
        previous_end = last.end
        for key in ("source", "source_alias", "usage", "equipment", "equipment_text", "refrigerant"):
            if getattr(claim, key) is not None:
                topic[key] = getattr(claim, key)
    return claims


def _name_for(scope: list[Mention], first: Mention, last: Mention, previous_end: int) -> Mention | None:
    """The source (or refrigerant) a number belongs to: the nearest named before it in its clause (after the
    previous amount), else the first named right after it ("10萬度是買的綠電")."""
    names = [m for m in scope if m.label in ("SOURCE", "REFRIGERANT")]
    before = [m for m in names if previous_end <= m.start and m.end <= first.start]
    if before:
        return before[-1]
    after = [m for m in names if m.start >= last.end]
    return after[0] if after else None


def _apply_name(claim: Claim, name: Mention | None, topic: dict[str, Any]) -> None:
    if name is None:
        for key in ("source", "source_alias", "refrigerant"):
            if key in topic and getattr(claim, key) is None:
                setattr(claim, key, topic[key])
        if "usage" in topic and topic.get("source") == claim.source:
            claim.usage = topic["usage"]
        return
    if name.label == "REFRIGERANT":
        claim.source, claim.refrigerant, claim.source_alias = "refrigerant", name.text, name.text
        return
    value = name.value if isinstance(name.value, dict) else {"source": name.value}
    claim.source = value.get("source")
    claim.source_alias = name.text
    claim.usage = value.get("usage") or claim.usage
    if value.get("refrigerant"):
        claim.refrigerant = name.text


def _apply_context(claim: Claim, scope: list[Mention], mentions: list[Mention], clauses: dict[int, int],
                   clause: int, topic: dict[str, Any], window: tuple[int, int]) -> None:
    """Equipment, usage, period, money, counts, refrigerant method from the clause (or the message).
    ``window``: from the end of the previous amount to the start of the next one (what is this amount's)."""
    low, high = window
    equipment = [m for m in scope if m.label == "EQUIPMENT" and low <= m.start < claim.start] or \
        [m for m in scope if m.label == "EQUIPMENT" and claim.end <= m.start < high] or \
        [m for m in mentions if m.label == "EQUIPMENT" and m.end <= claim.start and clauses[m.start] < clause]
    if equipment:
        claim.equipment, claim.equipment_text = equipment[-1].value, equipment[-1].text
    elif "equipment" in topic:
        claim.equipment, claim.equipment_text = topic["equipment"], topic.get("equipment_text")
    info = calc_factors.equipment().get(claim.equipment or "")
    if claim.source is None and info is not None and info.kind == "refrigeration" and claim.unit_kind == "mass":
        claim.source = "refrigerant"
    if claim.source == "refrigerant" and claim.refrigerant is None:
        gases = [m for m in scope if m.label == "REFRIGERANT"]
        if gases:
            claim.refrigerant = gases[0].text
    if claim.usage is None:
        usages = [m for m in scope if m.label == "USAGE"]
        if usages:
            claim.usage = usages[0].value
        elif info is not None and info.kind == "combustion" and info.usage:
            claim.usage = info.usage
    if claim.source == "natural_gas" and claim.source_alias and "瓦斯" in claim.source_alias and (
        claim.unit_kind == "mass" or any(m.label in ("NUM", "PER_ITEM") and (m.unit_detail or m.value) == "cylinder"
                                         for m in mentions)
    ):
        claim.source, claim.source_alias = "lpg", claim.source_alias  # 瓦斯 by the 桶 or by the kg is LPG
    # period: this clause, else an earlier clause of the message without an amount of its own
    periods = [m for m in scope if m.label == "PERIOD"]
    if not periods:
        periods = [m for m in mentions if m.label == "PERIOD" and clauses[m.start] < clause
                   and not any(n.label == "NUM" and clauses[n.start] == clauses[m.start] and n.unit_kind
                               in ("energy", "volume", "mass", "time", None) for n in mentions)]
    if not periods:  # "帳單上計費度數 78000，一個月的": a period said right after, in a clause of its own
        periods = [m for m in mentions if m.label == "PERIOD" and clauses[m.start] == clause + 1
                   and not any(n.label == "NUM" and clauses[n.start] == clause + 1 for n in mentions)]
    if periods:
        near = min(periods, key=lambda m: abs(m.start - claim.start))
        claim.period = near.value
    elif any(m.label == "YEAR" for m in scope):
        claim.period = "year"  # "去年用電50萬度", "2023年天然氣…": the amount of that year
    bills = [m.value for m in mentions if m.label == "BILL_MONTHS"]
    if bills:
        claim.bill_months = bills[0]
        if claim.period is None:
            claim.period = "bill"
    parts = [m.value for m in mentions if m.label == "PART_YEAR"]
    months = [m for m in mentions if m.label == "NUM" and m.unit_kind == "months"]
    if parts:
        claim.part_year_months = parts[0]
    elif months and any(m.label in ("PART_YEAR_CUE", "TOTAL") for m in mentions) and months[0].value < 12:
        claim.part_year_months = int(months[0].value)
    claim.total = any(m.label == "TOTAL" for m in scope)
    cues = [m for m in scope if m.label == "MONEY_CUE"] or [  # "我只知道電費，一年大概90萬"
        m for m in mentions if m.label == "MONEY_CUE" and clauses[m.start] == clause - 1
        and not any(n.label == "NUM" and clauses[n.start] == clause - 1 for n in mentions)]
    if claim.unit_kind == "money":
        claim.money = True
    elif claim.unit_kind is None and cues:
        claim.money = True
    if claim.money and claim.source is None and cues:
        claim.source = _money_source(cues)
    if claim.unit is None and not claim.money:
        hint = _unit_hint(scope)
        if hint is not None:
            claim.unit, claim.unit_kind = hint
    if claim.source is None:
        hinted = [_hinted_source(m.text) for m in mentions if m.label == "UNIT_HINT" and clauses[m.start] <= clause]
        hinted = [h for h in hinted if h]
        if hinted:
            claim.source = hinted[-1]  # "計費度數 18,400": a Taipower bill
    # counts × per-item amounts
    per_item = [m for m in scope if m.label == "PER_ITEM" and m.start < claim.start]
    counts = [m for m in mentions if m.label == "NUM" and m.unit_kind == "counter" and m.start < claim.start
              and clauses[m.start] <= clause]
    if per_item:
        group = per_item[-1].value
        matching = [m for m in counts if m.unit_detail == group] or counts
        claim.per_item, claim.counter = True, group
        if matching:
            claim.count = matching[-1].value
    elif counts and clauses[counts[-1].start] == clause and claim.source not in ("septic_tank",):
        claim.count_label = counts[-1].text
        if counts[-1].unit_detail == "bill":  # "六期分別是 …": so many bills
            claim.bill_count = counts[-1].value
            claim.period = claim.period or "bill"
    refill = [m for m in mentions if m.label == "REFILL"]
    charge = [m for m in mentions if m.label == "CHARGE"]
    if claim.source == "refrigerant":
        near_refill = [m for m in refill if clauses[m.start] == clause] or refill
        near_charge = [m for m in charge if clauses[m.start] == clause] or charge
        if near_charge and (not near_refill or near_charge[-1].start > near_refill[-1].start):
            claim.method = "charge"
        elif near_refill:
            claim.method = "refill"


def _hinted_source(word: str) -> str | None:
    return next((source for source, words in lexicon.grouped("source_hints").items() if word in words), None)


def _unit_hint(scope: list[Mention]) -> tuple[str, str] | None:
    hints = [m.value for m in scope if m.label == "UNIT_HINT"]
    if not hints:
        return None
    word = lexicon.unit_words().get(hints[0].lower())
    return (hints[0], word.kind) if word is not None else None


def _money_source(cues: list[Mention]) -> str | None:
    for source, words in lexicon.grouped("money_cue_sources").items():
        if any(c.text in words for c in cues):
            return source
    return None


def _septic(mentions: list[Mention], numbers: list[Mention], roles: dict[int, str], clauses: dict[int, int],
            claims: list[Claim]) -> list[Claim]:
    """員工40個，一天8小時，一年300天 → a septic-tank claim (people × hours × days, the missing ones asked)."""
    people = [n for n in numbers if roles[n.start] == "count" and n.unit_detail == "person"]
    cue = any(m.label == "PEOPLE_CUE" for m in mentions) or any(
        m.label == "SOURCE" and isinstance(m.value, dict) and m.value.get("source") == "septic_tank" for m in mentions)
    if not people or not cue:
        return claims
    hours = [n for n in numbers if roles[n.start] == "hours_per_day"]
    days = [n for n in numbers if roles[n.start] == "days"]
    first = people[0]
    claim = Claim(readings=[], unit="小時", unit_kind="time", source="septic_tank", source_alias="化糞池",
                  people=first.value, hours_per_day=hours[0].value if hours else None,
                  days_per_year=days[0].value if days else None, start=first.start,
                  end=max([first.end] + [n.end for n in hours + days]))
    if claim.hours_per_day is not None and claim.days_per_year is not None:
        claim.readings = [claim.people * claim.hours_per_day * claim.days_per_year]
    # hours given without a day ("8小時") were read as amounts: they belong to this claim
    taken = {n.start for n in hours}
    kept = [c for c in claims if not (c.unit_kind == "time" and c.source in (None, "septic_tank")
                                      and c.start not in taken and c.readings and len(c.readings) == 1
                                      and c.readings[0] <= 24)]
    return kept + [claim]


def _resolve_corrections(mentions: list[Mention], claims: list[Claim]) -> list[Claim]:
    """"電一年50萬度，喔不對，是58萬度": the claim after the correction word replaces the one before it;
    "汽油是2,600公升不是2,400": after 不是 comes the old value, so the claim before it stays."""
    markers = [m.start for m in mentions if m.label in ("CORRECTION", "CHANGE_TO")]
    reverse = [m.start for m in mentions if m.label == "NOT_THIS"]
    out: list[Claim] = []
    for claim in claims:
        prev = out[-1] if out else None
        if prev is not None and any(prev.end <= p <= claim.start for p in reverse) and \
                claim.source in (None, prev.source) and not claim.money:
            prev.corrected_from = claim.amount
            continue
        if prev is not None and any(prev.end <= p <= claim.start for p in markers) and \
                (claim.source is None or claim.source == prev.source) and not claim.money and not prev.money:
            for key in ("source", "source_alias", "usage", "equipment", "equipment_text", "refrigerant",
                        "method", "period", "bill_months"):
                if getattr(claim, key) is None:
                    setattr(claim, key, getattr(prev, key))
            claim.corrected_from = prev.amount
            out[-1] = claim
            continue
        out.append(claim)
    return out


_PERIODIC = ("month", "bill", "quarter", "week", "day")


def _keep_annual(claims: list[Claim]) -> list[Claim]:
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


def _green_parts(mentions: list[Mention], claims: list[Claim]) -> None:
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


def _leftovers(st: Statement, mentions: list[Mention], numbers: list[Mention], roles: dict[int, str],
               claims: list[Claim], clauses: dict[int, int]) -> None:
    """Names, counts, periods and negations that belong to no claim."""
    used = [(c.start, c.end) for c in claims]
    claimed_clauses = {clauses.get(c.start) for c in claims}

    def inside_claim(m: Mention) -> bool:
        return any(s <= m.start < e for s, e in used)

    for m in mentions:
        if m.label == "SOURCE" and isinstance(m.value, dict) and m.value.get("source"):
            if not any(c.source == m.value["source"] for c in claims):
                st.sources.append(m.value["source"])
        elif m.label == "REFRIGERANT":
            if not any(c.refrigerant == m.text for c in claims):
                st.refrigerants.append(m.text)
        elif m.label == "EQUIPMENT" and m.value:
            if not any(c.equipment == m.value for c in claims):
                st.equipment.append(m.value)
                st.equipment_texts.append(m.text)
    for n in numbers:
        role = roles[n.start]
        if role == "count" and not any(c.count == n.value or c.count_label == n.text for c in claims) \
                and not any(c.people == n.value for c in claims):
            st.counts.append((n.value, n.unit or ""))
        elif role == "multiplier":
            st.multiplier = n.value
        elif role == "hours_per_day" and not any(c.hours_per_day == n.value for c in claims):
            st.hours_per_day = n.value
        elif role == "days" and not any(c.days_per_year == n.value for c in claims):
            st.days_per_year = n.value
    for c in claims:
        if c.source is None and c.unit is None and not c.money and len(c.readings) == 1 and not c.per_item:
            st.bare_numbers.append(c.readings[0])
    if not claims:
        periods = [m.value for m in mentions if m.label == "PERIOD"]
        st.period = periods[0] if periods else ("bill" if st.bill_months else None)
        parts = [m.value for m in mentions if m.label == "PART_YEAR"]
        st.part_year_months = parts[0] if parts else None
    # negations: a clause with a negation word and no amount of its own
    topic_sources: list[str] = []
    for m in mentions:
        if m.label == "SOURCE" and isinstance(m.value, dict):
            topic_sources.append(m.value["source"])
        if m.label != "NEGATION" or clauses[m.start] in claimed_clauses or st.delete or st.correction:
            continue
        clause = clauses[m.start]
        named = [x for x in mentions if clauses[x.start] == clause and x.label in ("SOURCE", "CATEGORY", "EQUIPMENT")]
        if not named:
            earlier = [x for x in mentions if clauses[x.start] == clause - 1
                       and x.label in ("SOURCE", "CATEGORY", "EQUIPMENT")]
            named = earlier[-1:]
        for x in named:
            if x.label == "SOURCE" and isinstance(x.value, dict):
                _add(st.negated_sources, x.value["source"])
            elif x.label == "CATEGORY":
                _add(st.negated_categories, x.value)
            elif x.label == "EQUIPMENT":
                info = calc_factors.equipment().get(x.value or "")
                if info is not None:
                    category = "refrigerant" if info.kind == "refrigeration" else info.usage
                    if category:
                        _add(st.negated_categories, category)
    for source in st.negated_sources:
        if source in st.sources:
            st.sources.remove(source)


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)

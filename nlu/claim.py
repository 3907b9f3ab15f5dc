"""What the statement interpreter (nlu/statements.py) returns: a Claim per amount as stated, and the
Statement of one message (claims plus names, periods, negations and flags the dialogue acts on)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


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
    counter_word: str | None = None  # the counter as the user wrote it (間, 桶, 支): shown in the arithmetic
    per_item: bool = False  # the amount is per item (每台, 一桶, 每次)
    units_each: Decimal | None = None  # "兩台，每台…4 次": the per-event count is for each of so many units
    units_word: str | None = None  # their counter as the user wrote it (台)
    count_label: str | None = None  # a count said as a label ("3台"), not multiplied
    bill_count: Decimal | None = None  # "六期分別是 …": the readings are so many bills
    money: bool = False  # the amount is money
    quantity_unknown: bool = False  # money said with "公升數不知道": the quantity is not known
    corrected_from: Decimal | None = None  # a self-correction replaced this earlier value
    extrapolate: bool | None = None  # a part of the year: "推估全年" (True) or "照這個算，不用推全年" (False)
    annual_check: tuple[Decimal, str] | None = None  # a per-period figure said beside the annual one
    green_part: Decimal | None = None  # of this total, so much is green power
    part_of_earlier: bool = False  # green power said to be inside the electricity total given earlier
    people: Decimal | None = None  # septic tank: employees
    people_parts: list[Decimal] = field(default_factory=list)
    hours_parts: list[Decimal] = field(default_factory=list)  # "每天 8 小時加班 2 小時": summed into hours_per_day
    seasons: list[tuple[Decimal, Decimal]] = field(default_factory=list)  # (months, count a month), summed
    #: units of different sizes (nlu/item_sizes.py): (count, size each), their products are the readings
    item_sizes: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    units_said: Decimal | None = None  # the count said before those sizes ("冰水機兩台"): asked when they differ
    #: the months of each season as said, in the order of ``seasons``: {months, set, other, except}
    #: (nlu/month_segments.py)
    season_months: list[dict[str, str]] = field(default_factory=list)
    #: month segments (nlu/month_segments.py), the readings in order: {months, set, other, amount, per, except
    #: (the months left out, 除了…以外)}
    segments: list[dict[str, str]] = field(default_factory=list)
    #: approximate numbers as said ("四萬多", "七八百") and the value taken: (said, value, unit as said, how:
    #: more | range)
    approximate: list[tuple[str, str, str, str]] = field(default_factory=list)
    days_per_month: Decimal | None = None  # a per-day amount: "一個月跑 22 天"
    #: money said with the user's own unit price ("油錢每月三千，一公升30塊"): (price, unit as written)
    unit_price: tuple[Decimal, str] | None = None
    supplier_factor: Decimal | None = None  # "他們給的係數是 0.21 公噸CO2e/公噸蒸汽", said with the amount
    charge_beside: Decimal | None = None  # "充填量 40 公斤，補了 6 公斤": the charge said beside this top-up  # "白班 30 人、夜班 12 人": summed into people
    hours_per_day: Decimal | None = None
    days_per_year: Decimal | None = None
    text: str = ""
    start: int = 0
    end: int = 0

    @property
    def amount(self) -> Decimal:
        return sum(self.readings, Decimal(0))

    def fill_person_hours(self) -> None:
        """A septic-tank claim's reading, once people, hours a day and days a year are all known."""
        if self.people is not None and self.hours_per_day is not None and self.days_per_year is not None:
            self.readings = [person_hours(self.people, self.hours_per_day, self.days_per_year)]

    def as_dict(self) -> dict[str, Any]:
        """JSON-able (Decimals as strings) — the NLU component's entity value."""
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if value is None or value == [] or value == "" or (value is False and key != "extrapolate"):
                continue
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, list):
                value = [dict(v) if isinstance(v, dict) else [str(x) for x in v] if isinstance(v, tuple) else str(v)
                         for v in value]
            elif isinstance(value, tuple):
                value = [str(v) for v in value]
            out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        values = dict(data)
        values["readings"] = [Decimal(v) for v in values.get("readings", [])]
        values["people_parts"] = [Decimal(v) for v in values.get("people_parts", [])]
        values["hours_parts"] = [Decimal(v) for v in values.get("hours_parts", [])]
        values["seasons"] = [(Decimal(a), Decimal(b)) for a, b in values.get("seasons", [])]
        values["item_sizes"] = [(Decimal(a), Decimal(b)) for a, b in values.get("item_sizes", [])]
        values["segments"] = [dict(s) for s in values.get("segments", [])]
        values["season_months"] = [dict(s) for s in values.get("season_months", [])]
        values["approximate"] = [tuple(a) for a in values.get("approximate", [])]
        for key in ("count", "units_said", "units_each", "charge_beside", "supplier_factor", "days_per_month", "bill_count", "corrected_from", "green_part", "people", "hours_per_day",
                    "days_per_year"):
            if values.get(key) is not None:
                values[key] = Decimal(values[key])
        if values.get("unit_price"):
            price, unit = values["unit_price"]
            values["unit_price"] = (Decimal(price), unit)
        if values.get("annual_check"):
            value, period = values["annual_check"]
            values["annual_check"] = (Decimal(value), period)
        return cls(**values)


def person_hours(people: Decimal, hours_per_day: Decimal, days_per_year: Decimal) -> Decimal:
    """The septic tank's activity: employees × hours a day × days a year — the one computation the
    interpreter, a corrected line and the dialogue's annual figure share."""
    return people * hours_per_day * days_per_year


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
    source_names: list[str] = field(default_factory=list)  # those names as written (瓦斯: which ones it may be)
    refrigerants: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    equipment_texts: list[str] = field(default_factory=list)
    usage: str | None = None
    method: str | None = None
    counts: list[tuple[Decimal, str]] = field(default_factory=list)  # counts without an amount ("5台")
    #: approximate numbers of no claim ("三十幾台" answering how many): (said, value, unit as said, how), as in
    #: Claim.approximate
    approximate: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: counts said to be wrong ("是 2 間不是 3 間" → 3): not in ``counts``
    wrong_counts: list[Decimal] = field(default_factory=list)
    #: unit prices the user gave ("一公升大概30塊"): (price, unit as written, source named or None)
    unit_prices: list[tuple[Decimal, str, str | None]] = field(default_factory=list)
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
    nothing_else: bool = False  # "其他都沒有": every category not answered yet is none
    no_more: bool = False  # "沒了", "就這些": no more of the category just asked (the others stay open)
    #: the message begins by saying something was wrong ("不是啦 是…", "我說錯了…"): what follows replaces it
    leading_correction: bool = False
    unknown_amount: bool = False  # "不知道冷媒多少": the amount (a refrigerant charge) is what is not known
    already_said: bool = False  # "電的話我一開始有講了": data given before, not new data
    finish: bool = False
    #: a finish word that asks for the sum, not a question about how a number counts (see nlu/statements.py)
    asks_for_sum: bool = False
    estimate: bool = False
    #: a part of the year: extrapolate to the year (True: "推估全年"), keep as given (False: "不用推估"), unsaid
    extrapolate: bool | None = None
    unknown: bool = False
    question: bool = False
    start: bool = False  # "要做…盤查", "幫我算碳排": the wish to take an inventory

    @property
    def has_data(self) -> bool:
        """Something the inventory records or acts on (not a pure question)."""
        return bool(
            self.claims or self.negated_sources or self.negated_categories or self.nothing_else or self.no_more
            or (self.equipment and (self.refrigerants or self.counts) and not self.question)
            or ((self.correction or self.back_reference) and (self.period or self.multiplier or self.money_mentioned
                                                              or self.counts))
        )

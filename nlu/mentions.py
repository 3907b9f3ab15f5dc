"""Lexing a message into mentions: numbers with what follows them, names (sources, refrigerants, equipment),
years, and the words around amounts (periods, money, corrections, negations…) from nlu/lexicon.yml.

Mentions are found on the text, longest first, and never overlap: "發電機柴油" is the equipment 發電機 and the
source 柴油 (never 電, electricity); "兩個月一期" is one bill-frequency phrase (not the number 兩); "R-134a 20公斤"
is a refrigerant and a mass. jieba's segmentation is not used here because it does not respect these units
("電用了" → 電用/了, "896萬度" → 896/萬度, "54,835,200" → five tokens).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from calc import CalcInputError
from calc import aliases as calc_aliases
from calc.chinese_numbers import magnitude_pattern
from calc.quantities import parse_number
from contracts.years import find_years
from nlu import lexicon
from nlu.months import spans as month_spans

_CN_DIGITS = "零〇一二兩两三四五六七八九"
_CN_ALL = _CN_DIGITS + "十百千萬万億亿"
#: thousands separators only between groups of three digits ("54,835,200"): "R-32，3台" (a comma NFKC made ASCII)
#: is the gas then 3 units, and "8200，9100，8700度" are three readings, not one number
_ARABIC_NUM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[萬万千百十億亿](?:\d+(?:\.\d+)?)?)*"
_CHINESE_NUM = rf"[{_CN_DIGITS}十][{_CN_ALL}]*(?:點[{_CN_DIGITS}]+)?"


@dataclass(frozen=True)
class Mention:
    label: str
    start: int
    end: int
    text: str
    value: Any = None
    #: NUM only: the unit word after the number (None: bare), its kind and detail (lexicon.UnitWord)
    unit: str | None = None
    unit_kind: str | None = None
    unit_detail: str = ""
    #: NUM only: the number as said when it is approximate ("四萬多", "三十幾", "七八百") or said with an English
    #: magnitude ("1.25 million"); "" otherwise, and how: "more" (多, 餘, 幾: read as the round number), "range"
    #: (七八百: read as its middle) or "magnitude" (exact, but its conversion is shown)
    approx: str = ""
    approx_kind: str = ""

    def __repr__(self) -> str:  # compact in test failures
        extra = f" {self.unit}/{self.unit_kind}" if self.label == "NUM" else ""
        return f"<{self.label} {self.text!r}={self.value!r}{extra}>"


_SPACED_NUMBER = re.compile(r"(?<=\d)\s+(?=[萬万千百億亿]\s*\d*)|(?<=[萬万千百億亿])\s+(?=\d)")


def normalize(text: str) -> str:
    """NFKC (full-width digits and punctuation → ASCII); "12 萬", "2 萬 4 千" → "12萬", "2萬4千"."""
    return _SPACED_NUMBER.sub("", unicodedata.normalize("NFKC", text or ""))


def _alternation(words: list[str]) -> str:
    """Longest first; a word that begins or ends with a Latin letter does not match inside a longer Latin word
    ("van" is not in "relevant", "NG" not in "ENGLISH")."""
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(_bounded(w) for w in ordered)


def _bounded(word: str) -> str:
    pattern = re.escape(word)
    if word[0].isascii() and word[0].isalpha():
        pattern = "(?<![A-Za-z])" + pattern
    if word[-1].isascii() and word[-1].isalpha():
        pattern += "(?![A-Za-z])"
    return pattern


#: the kinds of unit a price is said of ("每公升30元", "一度4塊")
_PRICED_KINDS = ("energy", "volume", "mass")

#: vocabulary labels: (label, lexicon key or callable, priority among equal lengths)
_WORD_LABELS: tuple[tuple[str, str], ...] = (
    ("TOTAL", "totals"),
    ("MONEY_CUE", "money_cues"),
    ("NOT_MONEY", "money_cue_exceptions"),
    ("REFILL", "refill"),
    ("CHARGE", "charge"),
    ("CORRECTION", "corrections"),
    ("CHANGE_TO", "change_to"),
    ("NOT_THIS", "not_this"),
    ("BACKREF", "back_references"),
    ("NEGATION", "negations"),
    ("NOT_NEGATION", "not_negations"),
    ("NOT_SOURCE", "not_sources"),
    ("NOT_VEHICLE", "not_vehicles"),
    ("NOTHING_ELSE", "nothing_else"),
    ("NO_MORE", "no_more"),
    ("OTHER_MONTHS", "other_months"),
    ("ALREADY_SAID", "already_said"),
    ("OVERTIME", "overtime_words"),
    ("FACTOR_CUE", "factor_cues"),
    ("FINISH", "finish"),
    ("START", "start_words"),
    ("ESTIMATE", "estimate"),
    ("UNKNOWN", "unknown"),
    ("DELETE", "deletions"),
    ("UNSPECIFIED", "unspecified"),
    ("KEEP_AS_IS", "keep_as_is"),
    ("EXTRAPOLATE", "extrapolate"),
    ("PART_OF", "part_of"),
    ("PEOPLE_CUE", "people_cues"),
    ("PART_YEAR_CUE", "part_year_cues"),
    ("QUESTION", "question_markers"),
    ("CLAUSE_START", "clause_starts"),
    ("MULTIPLY", "multiply"),
    ("PER_ITEM_AFTER", "per_item_after"),
    ("EACH", "each_after_count"),
)


@lru_cache(maxsize=1)
def _word_patterns() -> list[tuple[str, re.Pattern[str], dict[str, Any]]]:
    """(label, pattern, word → value) for every vocabulary word family."""
    out: list[tuple[str, re.Pattern[str], dict[str, Any]]] = []

    def add(label: str, mapping: dict[str, Any], flags: int = 0) -> None:
        if mapping:
            out.append((label, re.compile(_alternation(list(mapping)), flags), mapping))

    add("UNIT_HINT", {w: unit for unit, items in lexicon.grouped("unit_hints").items() for w in items})
    for kind, items in lexicon.grouped("periods").items():
        add("PERIOD", {w: kind for w in items})
    add("BILL_MONTHS", {w: int(m) for m, items in lexicon.grouped("bill_months").items() for w in items})
    add("PART_YEAR", {w: int(m) for m, items in lexicon.grouped("part_year").items() for w in items})
    add("CATEGORY", {w: c for c, items in lexicon.grouped("category_words").items() for w in items})
    for label, key in _WORD_LABELS:
        add(label, {w: True for w in lexicon.words(key)})
    per_item = {}
    for group, counters in lexicon.grouped("counters").items():
        if group == "bill":
            continue  # 每張, 每期 are a bill period, not a per-item amount
        for counter in counters:
            for lead in lexicon.words("per_item"):
                per_item[f"{lead}{counter}"] = group
    add("PER_ITEM", per_item)
    # "每公升", "/度", "per liter": the unit a price is of (nlu/unit_prices.py)
    quantities = [w.text for w in lexicon.unit_words().values() if w.kind in _PRICED_KINDS]
    add("PER_UNIT", {f"{lead}{unit}": unit for lead in lexicon.words("per_unit") for unit in quantities},
        re.IGNORECASE)
    add("REFRIGERANT", lexicon.refrigerant_names(), re.IGNORECASE)
    add("SOURCE", lexicon.source_names(), re.IGNORECASE)
    add("EQUIPMENT", lexicon.equipment_names(), re.IGNORECASE)
    add("EQUIPMENT", {w: e for e, items in lexicon.grouped("vehicle_words").items() for w in items})
    add("USAGE", lexicon.usage_names(), re.IGNORECASE)
    return out


@lru_cache(maxsize=1)
def _not_amount_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in lexicon.words("not_amount_patterns"))


@lru_cache(maxsize=1)
def _number_pattern() -> re.Pattern[str]:
    units = _alternation(list(lexicon.unit_words()))
    prefixes = _alternation(lexicon.words("money_prefixes"))
    hours = _alternation([w.text for w in lexicon.unit_words().values() if w.kind == "time"])
    halves = lexicon.grouped("halves")
    return re.compile(
        # "兩萬多塊", "三千多度", "三十幾個", "30幾台", "二十來台", "三十出頭": an approximate 多, 餘, 出頭 or
        # (after 十百千 or a round figure) 幾, 來 between the number and its unit; "1.25 million", "2k": an
        # English magnitude inside the number, before a space, a sign or a unit ("3M的濾網" is a brand, not 3,000,000)
        rf"(?P<prefix>{prefixes})?\s*(?<![A-Za-z\-\d])(?P<num>{_ARABIC_NUM}(?P<mag>\s*{magnitude_pattern()}(?=\s|$|[^\w]|{units}))?|{_CHINESE_NUM})(?P<approx>多|餘|出頭|(?<=[十百千萬万0])[幾來])?"
        # "兩百多萬", "一百八十幾萬": the magnitude said after the approximation (not the start of a unit: 萬度)
        rf"(?P<amag>(?<=[多餘幾來])(?!{units})[萬万千億亿])?"
        # "8個半小時", "9小時半": half an hour more
        rf"(?P<half>(?:{_alternation(halves['before_unit'])})(?=\s*(?:{hours})))?\s*(?P<unit>{units})?"
        rf"(?P<half_after>(?<=[^\d\s])(?:{_alternation(halves['after_unit'])}))?",
        re.IGNORECASE,
    )


# Names whose label wins when a longer word of another label covers the same text is impossible; when two
# candidates have the same span, the first label here wins.
_PRIORITY = ("YEAR", "PART_YEAR", "BILL_MONTHS", "NOTHING_ELSE", "NO_MORE", "UNSPECIFIED", "REFRIGERANT", "EQUIPMENT", "SOURCE", "NOT_MONEY",
             "NOT_NEGATION", "PER_ITEM", "PERIOD", "NUM", "USAGE")


def _priority(label: str) -> int:
    return _PRIORITY.index(label) if label in _PRIORITY else len(_PRIORITY)


def lex(text: str, today: date | None = None) -> list[Mention]:
    """The mentions of a (normalised) text, in order, non-overlapping."""
    candidates: list[Mention] = []
    for year in find_years(text, today):
        candidates.append(Mention("YEAR", year.start, year.end, year.text, year))
    for start, end, months in month_spans(text):  # 7到9月, 7、8、9月: so many months
        candidates.append(Mention("PART_YEAR", start, end, text[start:end], len(months)))
    for label, pattern, mapping in _word_patterns():
        lookup = {k.casefold(): v for k, v in mapping.items()} if pattern.flags & re.IGNORECASE else mapping
        for match in _every_match(pattern, text):
            word = match.group(0)
            value = lookup.get(word.casefold() if pattern.flags & re.IGNORECASE else word)
            if label in ("SOURCE", "REFRIGERANT", "EQUIPMENT", "USAGE"):
                value = _resolve(label, word, value)
            candidates.append(Mention(label, match.start(), match.end(), word, value))
    for pattern in _not_amount_patterns():  # "要乘44/12嗎", "3/15那期": a formula's factor, a date
        for match in pattern.finditer(text):
            candidates.append(Mention("NOT_AMOUNT", match.start(), match.end(), match.group(0)))
    months = [m for m in candidates if m.label == "PART_YEAR"]
    for match in _number_pattern().finditer(text):
        for part in _month_after_amount(text, _number(match)):
            number = _before_months(text, part, months)
            if number is not None:
                candidates.append(number)
    chosen: list[Mention] = []
    taken = [False] * (len(text) + 1)
    for m in sorted(candidates, key=lambda m: (-(m.end - m.start), _priority(m.label), m.start)):
        if m.start == m.end or any(taken[m.start:m.end]):
            continue
        chosen.append(m)
        for i in range(m.start, m.end):
            taken[i] = True
    return _bare_vehicles(text, sorted(chosen, key=lambda m: m.start))


def _bare_vehicles(text: str, mentions: list[Mention]) -> list[Mention]:
    """The bare 車 (lexicon.yml ``vehicle_words``) names a vehicle only as the head of a phrase: "送貨的車",
    "那台車", "車兩台" — not "車上冷凍機" (the refrigerated truck said before it is the equipment). Elsewhere it is
    the category word it also is ("沒有車": no mobile combustion)."""
    bare = {w for words in lexicon.grouped("vehicle_words").values() for w in words}
    categories = {w: c for c, words in lexicon.grouped("category_words").items() for w in words}
    after = tuple(lexicon.words("vehicle_word_after"))
    out = []
    for i, m in enumerate(mentions):
        if m.label == "EQUIPMENT" and m.text in bare:
            following = mentions[i + 1] if i + 1 < len(mentions) else None
            counted = following is not None and following.label == "NUM" and following.unit_kind == "counter" \
                and not text[m.end:following.start].strip()
            if not (text[:m.start].endswith(after) or counted):
                if m.text in categories:
                    out.append(Mention("CATEGORY", m.start, m.end, m.text, categories[m.text]))
                continue
        out.append(m)
    return out


def _before_months(text: str, number: Mention | None, months: list[Mention]) -> Mention | None:
    """"大概3萬 7到12月每個月4萬5" (its space taken out by ``normalize``): the 7 begins the months, so the number
    is 3萬, not 3萬7 — which the longer month range would otherwise drop altogether."""
    if number is None:
        return None
    inside = [m.start for m in months if number.start < m.start < number.end]
    if not inside:
        return number
    shorter = _number_pattern().match(text, number.start, min(inside))
    return _number(shorter) if shorter is not None else None


#: "4萬2月": an amount ending in 萬 (千, 百) followed by a month — "1月4萬 2月3.6萬" once ``normalize`` took the
#: space out — is 40,000 then February, not 42,000 "months"
_AMOUNT_THEN_MONTH = re.compile(r"(?P<amount>.*[萬万千百])(?P<month>(?:1[0-2]|0?[1-9])\s*月份?)$")


def _month_after_amount(text: str, number: Mention | None) -> list[Mention | None]:
    if number is None or number.unit_kind != "month_label":
        return [number]
    found = _AMOUNT_THEN_MONTH.match(number.text)
    if found is None:
        return [number]
    split = number.start + found.start("month")
    amount = _number_pattern().match(text, number.start, split)
    month = _number_pattern().match(text, split, number.end)
    return [_number(amount) if amount else None, _number(month) if month else None]


def _every_match(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The longest match starting at each position, overlapping ones included: in 緊急發電機柴油 the source
    發電機柴油 overlaps the equipment 緊急發電機, and 柴油 inside it must still be a candidate."""
    out: list[re.Match[str]] = []
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        out.append(match)
        pos = match.start() + 1
    return out


def _resolve(label: str, word: str, value: Any) -> Any:
    try:
        if label == "SOURCE":
            match = calc_aliases.resolve_source(word)
            return {"source": match.source, "usage": match.emission_type, "refrigerant": match.refrigerant,
                    "alias": word}
        if label == "REFRIGERANT":
            return calc_aliases.resolve_refrigerant(word)
        if label == "EQUIPMENT":
            return calc_aliases.resolve_equipment(word)
        return calc_aliases.resolve_emission_type(word)
    except CalcInputError:
        return value


_RANGE = re.compile(rf"^([{_CN_DIGITS}])([{_CN_DIGITS}])([十百千萬万])?$")


def _range_midpoint(text: str, unit: str | None) -> Decimal | None:
    """"七八百", "三四十", "兩三萬", "兩三台": a range said the Chinese way; its middle (750, 2.5), which the
    arithmetic then shows. (cn2an would read 七八百 as 7,800 and 兩三 as 23.) Two month names ("一二月") are
    no range."""
    found = _RANGE.match(text)
    if not found:
        return None
    word = lexicon.unit_words().get((unit or "").lower())
    if found.group(3) is None and word is not None and word.kind == "month_label":
        return None
    low, high = parse_number(found.group(1)), parse_number(found.group(2))
    if low < 1 or high != low + 1:
        return None
    return (low + high) * (parse_number("一" + found.group(3)) if found.group(3) else 1) / 2


#: "三萬五一個月": the 一 after a digit after 萬/千/百 starts the period (35,000 a month, not 30,051)
_ONE_STARTS_A_PERIOD = re.compile(r"[萬万千百][二兩三四五六七八九]一$")


def _number(match: re.Match[str]) -> Mention | None:
    num_text = match.group("num").rstrip(",.")
    unit = match.group("unit")
    prefix = match.group("prefix")
    only_chinese = not re.search(r"\d", num_text)
    approx = match.group("approx") or ""
    if only_chinese and not approx and _ONE_STARTS_A_PERIOD.search(num_text):
        num_text, unit = num_text[:-1], None
    if only_chinese and not unit and len(num_text) < 2 and not approx:
        return None  # 一, 十 alone are words, not amounts (十幾 is one)
    try:
        middle = _range_midpoint(num_text, unit)
        value = middle or parse_number(num_text)
    except CalcInputError:
        return None
    unit_kind = lexicon.unit_words()[unit.lower()].kind if unit and unit.lower() in lexicon.unit_words() else None
    half = bool(match.group("half")) or (bool(match.group("half_after")) and unit_kind == "time")
    if half:
        value += Decimal("0.5")
    magnitude = match.group("amag") or ""
    if magnitude:
        value = value * parse_number("一" + magnitude)
    said = num_text + approx + magnitude if approx or middle else ""
    how = "more" if approx else "range" if middle else ""
    if match.group("mag") and not said:  # "1.25 million" is shown with what it was read as
        said, how = num_text, "magnitude"
    start = match.start("prefix") if prefix else match.start("num")
    end = match.end("unit") if unit else match.start("num") + len(num_text)
    if not unit and (approx or magnitude):  # "一百八十幾萬": the 幾 is the number's, no question word
        end = match.end("amag") if magnitude else match.end("approx")
    if half and match.group("half_after"):
        end = match.end("half_after")
    kind, detail = None, ""
    if unit:
        word = lexicon.unit_words().get(unit.lower())
        if word is not None:
            kind, detail = word.kind, word.detail
        if kind == "money" and detail != "1":
            value = value * Decimal(detail)
    if prefix and kind is None:
        kind, detail = "money", "1"
        end = match.start("num") + len(num_text)
        unit = None
    return Mention("NUM", start, end, match.string[start:end], value, unit, kind, detail, said, how)

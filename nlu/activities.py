"""Find (source, amount, unit) statements, inventory years and deletions in a Chinese message.

"天然氣用了3,882立方公尺、電用了896萬度" → two activities. The names come from calc's own alias tables
(calc.aliases: sources, refrigerants, equipment, usages; units) — the product holds one list of aliases.

How: a blank spaCy "zh" pipeline with the jieba segmenter makes the Doc; the mentions are found on the text
and laid onto the Doc's tokens with ``doc.char_span(..., alignment_mode="expand")`` as entity spans
(SOURCE, QUANTITY, REFRIGERANT, EQUIPMENT, USAGE, YEAR). They are found on the text rather than with token
patterns because jieba's segmentation does not respect them: "電用了" segments as 電用 / 了, "896萬度" as
896 / 萬度, "54,835,200" as five tokens. A quantity then pairs with the nearest source before it in the same
clause (or, failing that, the nearest after it), the way people write "燃料煤用了8,537公噸、重油221公秉".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from calc import CalcInputError
from calc import aliases as calc_aliases

# Digits (ASCII or full-width), Chinese numerals and multipliers: 8,537 / 5萬4千8百 / 三千八百 / 1.2萬
_NUM_START = r"[0-9０-９零〇一二兩三四五六七八九十]"
_NUM_BODY = r"[0-9０-９,，.．零〇一二兩三四五六七八九十百千萬億]*"
# Clause boundaries: a quantity pairs with a source in its own clause first.
_CLAUSE_BREAK = re.compile(r"[、，,；;。\n]|還有|另外|以及")
_DELETE_WORDS = ("刪掉", "刪除", "移除", "去掉", "不要", "拿掉", "取消")
_RELATIVE_YEARS = {"今年": 0, "去年": -1, "前年": -2, "大前年": -3}


@dataclass
class Activity:
    """One amount the user gave, in calc's activity shape (source id, amount text, unit text, …)."""

    source: str
    amount: str
    unit: str | None
    text: str
    start: int
    end: int
    usage: str | None = None
    refrigerant: str | None = None
    equipment: str | None = None
    alias: str | None = None

    def to_calc(self) -> dict[str, Any]:
        """The activity as calc.compute_json takes it."""
        out: dict[str, Any] = {"source": self.source, "amount": self.amount}
        if self.unit:
            out["unit"] = self.unit
        for key in ("usage", "refrigerant", "equipment"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


@dataclass
class Statement:
    """Everything inventory-related found in one message."""

    activities: list[Activity] = field(default_factory=list)
    year: int | None = None
    #: sources named without an amount (e.g. a button "天然氣", or "刪掉汽油")
    sources: list[str] = field(default_factory=list)
    deletions: list[str] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Mention:
    label: str
    start: int
    end: int
    text: str
    value: str


def _alternation(words: list[str]) -> str:
    """A regex alternation, longest first so 千立方公尺 wins over 立方公尺 and 外購電力 over 電力."""
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    flags = re.IGNORECASE
    units = _alternation(calc_aliases.unit_aliases())
    return {
        "QUANTITY": re.compile(rf"(?P<num>{_NUM_START}{_NUM_BODY})\s*(?P<unit>{units})?", flags),
        # refrigerant names (R-134a) first: they are also source aliases (→ refrigerant)
        "REFRIGERANT": re.compile(_alternation(list(calc_aliases.refrigerant_aliases())), flags),
        "SOURCE": re.compile(_alternation(list(calc_aliases.source_aliases())), flags),
        "EQUIPMENT": re.compile(_alternation(list(calc_aliases.equipment_aliases())), flags),
        "USAGE": re.compile(_alternation(list(calc_aliases.emission_type_aliases())), flags),
    }


_YEAR_RE = re.compile(
    r"(?:民國\s*(?P<roc1>\d{2,3})\s*年?)|(?P<roc2>1[01]\d)\s*年|(?P<ad>20[1-3]\d)\s*年|"
    r"(?P<rel>大前年|前年|去年|今年)"
)


#: calc's own tolerant lookups (case, width, hyphens): the id a matched name stands for
_RESOLVERS = {
    "SOURCE": lambda text: calc_aliases.resolve_source(text).source,
    "REFRIGERANT": calc_aliases.resolve_refrigerant,
    "EQUIPMENT": calc_aliases.resolve_equipment,
    "USAGE": calc_aliases.resolve_emission_type,
}


def _resolve(label: str, text: str) -> str:
    try:
        return _RESOLVERS[label](text)
    except CalcInputError:
        return text


def find_year(text: str, today: date | None = None) -> int | None:
    """The inventory year a message names (2021, 110年, 民國110年, 去年), as a Western year."""
    today = today or date.today()
    match = _YEAR_RE.search(text)
    if not match:
        return None
    if match.group("rel"):
        return today.year + _RELATIVE_YEARS[match.group("rel")]
    roc = match.group("roc1") or match.group("roc2")
    if roc:
        return int(roc) + 1911
    return int(match.group("ad"))


class ActivityParser:
    """Parses messages; build once (it loads spaCy and jieba), reuse for every message."""

    def __init__(self) -> None:
        import jieba
        import spacy

        for term in calc_aliases.dictionary_terms():
            if len(term) > 1:
                jieba.add_word(term, freq=2_000_000)
        self.nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})

    def _mentions(self, text: str) -> list[_Mention]:
        found: list[_Mention] = []
        taken = [False] * len(text)
        year_spans = [m.span() for m in _YEAR_RE.finditer(text)]
        for start, end in year_spans:
            found.append(_Mention("YEAR", start, end, text[start:end], text[start:end]))
            for i in range(start, end):
                taken[i] = True
        # names before quantities, so "R-134a" or "8,537" inside a name is not read as an amount
        for label in ("REFRIGERANT", "SOURCE", "EQUIPMENT", "USAGE", "QUANTITY"):
            pattern = _patterns()[label]
            for match in pattern.finditer(text):
                start, end = match.span()
                if start == end or any(taken[start:end]):
                    continue
                surface = match.group(0)
                if label == "QUANTITY":
                    value = surface.strip()
                    if not re.search(r"[0-9０-９]", value) and not match.group("unit"):
                        continue  # a lone Chinese numeral (一, 十) is not an amount without a unit
                else:
                    value = _resolve(label, surface)
                found.append(_Mention(label, start, end, surface, value))
                for i in range(start, end):
                    taken[i] = True
        return sorted(found, key=lambda m: m.start)

    def parse(self, text: str, today: date | None = None) -> Statement:
        text = unicodedata.normalize("NFKC", text)
        doc = self.nlp(text)
        mentions = self._mentions(text)
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        from spacy.util import filter_spans

        doc.ents = filter_spans(spans)
        statement = Statement(year=find_year(text, today))
        statement.entities = [
            {"entity": m.label.lower(), "start": m.start, "end": m.end, "value": m.value, "text": m.text}
            for m in mentions
        ]
        clauses = _clause_ids(text)
        names = [m for m in mentions if m.label in ("SOURCE", "REFRIGERANT")]
        used_names: set[int] = set()
        for q in (m for m in mentions if m.label == "QUANTITY"):
            name = _pair(q, names, clauses, used_names)
            if name is None:
                continue
            used_names.add(name.start)
            unit_match = _patterns()["QUANTITY"].fullmatch(q.text.strip())
            unit = unit_match.group("unit") if unit_match else None
            amount = q.text.strip()[: len(q.text.strip()) - len(unit)] if unit else q.text.strip()
            clause = clauses[q.start]
            activity = Activity(
                source="refrigerant" if name.label == "REFRIGERANT" else name.value,
                amount=amount.strip(),
                unit=unit,
                text=text[min(name.start, q.start): max(name.end, q.end)],
                start=min(name.start, q.start),
                end=max(name.end, q.end),
                alias=name.text,
            )
            if name.label == "REFRIGERANT":
                activity.refrigerant = name.text
            for other in mentions:
                if clauses[other.start] != clause:
                    continue
                if other.label == "EQUIPMENT" and activity.equipment is None:
                    activity.equipment = other.text
                elif other.label == "USAGE" and activity.usage is None:
                    activity.usage = other.value
                elif other.label == "REFRIGERANT" and activity.source == "refrigerant":
                    activity.refrigerant = activity.refrigerant or other.text
            statement.activities.append(activity)
        deleting = any(w in text for w in _DELETE_WORDS)
        for name in names:
            if name.start in used_names:
                continue
            source = "refrigerant" if name.label == "REFRIGERANT" else name.value
            (statement.deletions if deleting else statement.sources).append(source)
        return statement


def _clause_ids(text: str) -> list[int]:
    ids, current, pos = [0] * (len(text) + 1), 0, 0
    for match in _CLAUSE_BREAK.finditer(text):
        for i in range(pos, match.end()):
            ids[i] = current
        current += 1
        pos = match.end()
    for i in range(pos, len(text) + 1):
        ids[i] = current
    return ids


def _pair(q: _Mention, names: list[_Mention], clauses: list[int], used: set[int]) -> _Mention | None:
    """The source a quantity belongs to: nearest before it in its clause, else nearest after it, else the
    nearest unused one before it in the message."""
    clause = clauses[q.start]
    before = [n for n in names if n.end <= q.start and clauses[n.start] == clause]
    if before:
        return before[-1]
    after = [n for n in names if n.start >= q.end and clauses[n.start] == clause and n.start not in used]
    if after:
        return after[0]
    earlier = [n for n in names if n.end <= q.start and n.start not in used]
    return earlier[-1] if earlier else None

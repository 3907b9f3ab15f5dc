"""Training examples for inventory statements, generated from calc's alias and unit tables.

The NLU must recognise "燃料煤用了8,537公噸" for every name calc knows, so the examples are made from calc's
own lists (one list of aliases in the product). Deterministic: the same tables give the same examples.
"""

from __future__ import annotations

import random

from calc import SOURCES
from calc import aliases as calc_aliases
from calc import units as calc_units

_TEMPLATES = [
    "{name}用了{amount}{unit}",
    "{name}{amount}{unit}",
    "{name} {amount} {unit}",
    "{name}一年大約{amount}{unit}",
    "去年{name}用量是{amount}{unit}",
    "我們{name}一年用{amount}{unit}左右",
    "{name}的用量{amount}{unit}",
    "剛剛{name}打錯了，是{amount}{unit}",
    "{name}改成{amount}{unit}",
    "{name}：{amount}{unit}",
    "{name}每個月大概{amount}{unit}",
    "{name}一個月{amount}{unit}",
    "{name}每期{amount}{unit}",
    "{name}兩個月一期，一期{amount}{unit}",
]
_PAIR_TEMPLATES = [
    "{n1}用了{a1}{u1}、{n2}用了{a2}{u2}",
    "{n1}{a1}{u1}，{n2}{a2}{u2}",
    "{n1}是{a1}{u1}，另外{n2}{a2}{u2}",
]
_AMOUNT_TEMPLATES = ["{amount}{unit}", "大概{amount}{unit}", "一年{amount}{unit}", "約{amount} {unit}", "{amount}"]
_AMOUNTS = ["3,882", "8,537", "221", "74.4千", "896萬", "1.2萬", "三千八百", "56", "1,850", "25,660", "0.9",
            "11,295.6", "5萬4千8百", "１２００", "150萬", "二十", "4,500", "36.5", "12萬3000", "七百五十"]


def _names_by_source() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for alias, source in calc_aliases.source_aliases().items():
        if not alias.isascii() or source == "refrigerant":
            names.setdefault(source, []).append(alias)
    return names


def _units_by_quantity() -> dict[str, list[calc_units.UnitDef]]:
    out: dict[str, list[calc_units.UnitDef]] = {}
    for unit in calc_units.units():
        out.setdefault(unit.quantity, []).append(unit)
    return out


def _units_for(source: str, by_quantity: dict[str, list[calc_units.UnitDef]]) -> list[str]:
    info = SOURCES[source]
    defs = list(by_quantity.get(info.quantity, []))
    if info.quantity == "volume":  # liquids in litres, gases in cubic metres: the unit's family, not its name
        liquid = info.canonical_unit == "L"
        defs = [u for u in defs if (u.family == "litre") == liquid]
    units = [u.alias for u in defs]
    if source == "natural_gas":
        units += ["度", "千度"]  # gas bills count m³ as 度
    return units or [""]


def inform_activity_examples(seed: int = 42, per_source: int = 8) -> list[str]:
    rng = random.Random(seed)
    by_quantity = _units_by_quantity()
    examples: list[str] = []
    names = _names_by_source()
    for source in sorted(names):
        for _ in range(per_source):
            examples.append(
                rng.choice(_TEMPLATES).format(
                    name=rng.choice(names[source]),
                    amount=rng.choice(_AMOUNTS),
                    unit=rng.choice(_units_for(source, by_quantity)),
                )
            )
    for refrigerant in sorted(calc_aliases.refrigerant_aliases())[:10]:
        examples.append(f"冷氣機冷媒{refrigerant}填充量{rng.choice(['1.5', '3', '0.9', '12'])}公斤")
    sources = sorted(names)
    for _ in range(20):
        s1, s2 = rng.sample(sources, 2)
        examples.append(
            rng.choice(_PAIR_TEMPLATES).format(
                n1=rng.choice(names[s1]), a1=rng.choice(_AMOUNTS), u1=rng.choice(_units_for(s1, by_quantity)),
                n2=rng.choice(names[s2]), a2=rng.choice(_AMOUNTS), u2=rng.choice(_units_for(s2, by_quantity)),
            )
        )
    return sorted(set(examples))


def inform_amount_examples(seed: int = 7, count: int = 40) -> list[str]:
    rng = random.Random(seed)
    units = [u.alias for u in calc_units.units() if not u.alias.isascii()]
    return sorted(
        {rng.choice(_AMOUNT_TEMPLATES).format(amount=rng.choice(_AMOUNTS), unit=rng.choice(units)) for _ in range(count)}
    )

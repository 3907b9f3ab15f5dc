"""What the Ministry's form shows in the columns of a line that calc's result does not hold as such: the material,
direct or indirect, the emission type's name, the method, the evidence, the electricity factor, GWP formats."""

from __future__ import annotations

from collections.abc import Iterable

from gateway.inventory.labels import Labels
from gateway.inventory.payload import InventoryInput, LineJSON, ResultJSON
from contracts import numbers
from knowledge.sources import public_source


def material(line: LineJSON, labels: Labels) -> str:
    if line.refrigerant:
        return labels.text("workbook.material_with_refrigerant", name=line.source_name, refrigerant=line.refrigerant)
    return line.source_name


def direct(line: LineJSON, labels: Labels) -> str:
    return labels.text("workbook.direct" if line.category_id == "category_1" else "workbook.indirect")


def emission_type(line: LineJSON, labels: Labels) -> str:
    return labels.mapping("workbook.emission_types").get(line.emission_type_id, line.emission_type)


def method(line: LineJSON, given: InventoryInput, labels: Labels) -> str:
    if line.source in labels.list("workbook.mass_balance_sources"):
        return labels.text("workbook.methods.mass_balance")
    activity = given.activities[line.index] if 0 <= line.index < len(given.activities) else None
    if activity is not None and activity.factor not in (None, ""):
        return labels.text("workbook.methods.supplier")
    return labels.text("workbook.methods.official")


def evidence(line: LineJSON, labels: Labels) -> str:
    by_source = labels.mapping("workbook.evidence.by_source")
    if line.source in by_source:
        return by_source[line.source]
    return labels.mapping("workbook.evidence.by_type").get(line.emission_type_id, "")


def electricity_factor(result: ResultJSON, labels: Labels) -> str:
    key = "workbook.cover."
    for line in result.lines:
        if line.source == "electricity" and line.factor.data_year is not None:
            factor = line.factor
            value = next(iter(factor.values.values()), None)
            return labels.text(
                key + ("electricity_stand_in" if factor.stand_in else "electricity_value"),
                name=factor.name,
                factor=numbers.factor(value) if value is not None else "",
                announcement=factor.announcement or public_source(factor.source),
            )
    return labels.text(key + "electricity_none")


def gwp_format(gwp: float) -> str:
    return "#,##0" if float(gwp).is_integer() else "#,##0.0##"


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))

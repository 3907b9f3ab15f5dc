"""The result of an inventory as messages: total, categories, hot spots, basis, reduction ideas with calc's
what-if savings, carbon-fee exposure, next steps — plus the ``inventory_result`` payload that the gateway
stores (and turns into the chart and the Excel workbook) and LINE shows as a Flex summary."""

from __future__ import annotations

from typing import Any

from calc import CalcInputError, whatif

from actions.inventory_flow import config, fmt, text

HOTSPOTS = 3
GREEN_POWER_SHARE = "20%"
FUEL_SWITCH_SOURCES = ("coal", "sub_bituminous_coal", "fuel_oil")
LOW_GWP_REFRIGERANT = "R-32"


def _percent(value: float) -> str:
    return f"{fmt(round(value, 1))}%"


def reduction_ideas(payload: dict[str, Any], result: dict[str, Any]) -> list[str]:
    """Ideas tied to the hot spots, each with its what-if saving where calc can compute one."""
    ideas_text = config()["ideas"]
    lines = sorted(result["lines"], key=lambda l: l["tco2e"], reverse=True)
    sources = [l["source"] for l in lines if l["tco2e"] > 0]
    ideas: list[str] = []
    for source in sources:
        if source in FUEL_SWITCH_SOURCES and not any("燃料轉換" in i for i in ideas):
            try:
                scenario = whatif.run(payload, {"type": "fuel_switch", "from": source})
                ideas.append(ideas_text["fuel_switch"].format(
                    source=next(l["source_alias"] or l["source_name"] for l in lines if l["source"] == source),
                    saved=fmt(scenario.to_dict()["saved_tco2e"])))
            except CalcInputError:
                pass
        elif source == "electricity" and not any("綠電" in i for i in ideas):
            try:
                scenario = whatif.run(payload, {"type": "green_power", "share": GREEN_POWER_SHARE})
                ideas.append(ideas_text["green_power"].format(
                    share=GREEN_POWER_SHARE, saved=fmt(scenario.to_dict()["saved_tco2e"])))
            except CalcInputError:
                pass
            if sources and sources[0] == "electricity":
                ideas.append(ideas_text["efficiency"])
        elif source == "refrigerant" and not any("冷媒" in i for i in ideas):
            try:
                scenario = whatif.run(payload, {"type": "refrigerant_swap", "to": LOW_GWP_REFRIGERANT})
                saved = scenario.to_dict()["saved_tco2e"]
                if saved > 0:
                    ideas.append(ideas_text["refrigerant_swap"].format(to=LOW_GWP_REFRIGERANT, saved=fmt(saved)))
            except CalcInputError:
                pass
    if any(l["emission_type_id"] == "stationary" and l["tco2e"] > 0 for l in lines):
        ideas.append(ideas_text["heat_recovery"])
    return ideas


def compose_result(payload: dict[str, Any], result: dict[str, Any]) -> list[dict[str, Any]]:
    lines = sorted(result["lines"], key=lambda l: l["tco2e"], reverse=True)
    summary = [
        text("result_header", year=f"{result['year']}（民國{result['roc_year']}）", gwp=result["gwp"],
             company=payload.get("company") or "未填公司名稱", total=fmt(result["total_tco2e"])),
    ]
    for category in result["by_category"].values():
        summary.append(text("result_category", label=category["label"], name=category["name"],
                            value=fmt(category["tco2e"]), share=_percent(category["share_percent"])))
    summary.append(text("result_hotspots"))
    for rank, line in enumerate(lines[:HOTSPOTS], start=1):
        summary.append(text("result_hotspot", rank=rank, name=line["source_alias"] or line["source_name"],
                            value=fmt(line["tco2e"]), share=_percent(line["share_percent"])))
    electricity = next((l for l in result["lines"] if l["source"] == "electricity"), None)
    electricity_note = ""
    if electricity is not None:
        factor_value = next(iter(electricity["factor"]["values"].values()))
        electricity_note = text("result_electricity", year=electricity["factor"].get("data_year", result["year"]),
                                factor=factor_value)
    factor_sources = sorted({l["factor"]["version"] for l in result["lines"]})
    summary.append(text("result_basis", factor_source=f"環境部排放係數 {'、'.join(factor_sources)} 版",
                        gwp=result["gwp"], electricity_note=electricity_note))

    details = []
    ideas = reduction_ideas(payload, result)
    if ideas:
        details.append(text("result_ideas"))
        details += [f"・{idea}" for idea in ideas]
    fee = result.get("carbon_fee") or {}
    if fee:
        threshold = fmt(fee["threshold_tco2e"])
        if fee.get("liable"):
            fees = fee["fees"]
            details.append(text("result_fee_liable", threshold=threshold, general=fmt(fees["general"]["fee_ntd"]),
                                preferential="／".join(fmt(f["fee_ntd"]) + " 元" for k, f in fees.items()
                                                      if k != "general")))
        else:
            details.append(text("result_fee_not_liable", threshold=threshold))
    notes = [n for l in result["lines"] for n in l.get("notes", [])]
    if notes:
        details.append(text("result_notes", notes="；".join(dict.fromkeys(notes))))
    details.append(text("result_next"))

    buttons = [
        {"title": text("button_gases"), "payload": "/inventory_gases"},
        {"title": text("button_factors"), "payload": "/inventory_factors"},
        {"title": text("button_human"), "payload": "/request_human"},
    ]
    return [
        {"text": "\n".join(summary)},
        {"custom": {"type": "inventory_result", "inventory": payload, "result": result}},
        {"text": "\n".join(details), "buttons": buttons},
    ]

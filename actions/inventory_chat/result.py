"""The result of an inventory as messages: a first bubble that fits a phone (total, the top three sources, the
single biggest reduction idea), the `inventory_result` payload the gateway stores (and turns into the chart
and the workbook), and the details behind buttons: categories, reduction ideas, carbon fee, gases, factors.

Reduction ideas come from actions/inventory.yml by the kind of source that is a hot spot (and the sector,
when the user said it); calc's what-if scenarios compute their savings. No idea is picked by its wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actions.inventory_chat import catalogue
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.presenter import intent_button
from calc import CalcInputError, whatif
from contracts.numbers import decimals_for, factor, number, percent, tonnes
from contracts.payloads import INVENTORY_RESULT, InventoryResultPayload

HOTSPOTS = 3


@dataclass(frozen=True)
class Idea:
    kind: str
    text: str
    saved: float  # tCO2e a year (0 when calc cannot put a number on it)


def _sorted_lines(result: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(result["lines"], key=lambda ln: ln["tco2e"], reverse=True)


def line_label(line: dict[str, Any]) -> str:
    return line.get("label") or line.get("source_name") or text("unknown_source_name")


def ideas(payload: dict[str, Any], result: dict[str, Any], sector: str | None = None) -> list[Idea]:
    """Ideas for the hot spots, biggest saving first; each kind once."""
    config = catalogue.config()["ideas"]
    out: dict[str, Idea] = {}
    lines = [ln for ln in _sorted_lines(result) if ln["tco2e"] > 0]
    for line in lines:
        source, usage = line["source"], line["emission_type_id"]
        for kind in config["by_source"].get(source, []) + config["by_usage"].get(usage, []):
            if kind in out:
                continue
            idea = _idea(kind, payload, line)
            if idea is not None:
                out[kind] = idea
    if sector and sector in config.get("by_sector", {}):
        for kind in config["by_sector"][sector]:
            out.setdefault(kind, Idea(kind, catalogue.text_at(f"ideas.texts.{kind}"), 0.0))
    return sorted(out.values(), key=lambda i: i.saved, reverse=True)


def _idea(kind: str, payload: dict[str, Any], line: dict[str, Any]) -> Idea | None:
    key = f"ideas.texts.{kind}"
    scenario = catalogue.config()["ideas"]["scenarios"].get(kind)
    if scenario is None:
        return Idea(kind, catalogue.text_at(key, source=line_label(line)), 0.0)
    spec = dict(scenario)
    if spec.get("type") == "fuel_switch":
        spec["from"] = line["source"]
    try:
        saved = float(whatif.run(payload, spec).to_dict()["saved_tco2e"])
    except CalcInputError:
        return None
    if saved <= 0:
        return None
    said = catalogue.text_at(key, source=line_label(line), saved=tonnes(saved), share=spec.get("share", ""),
                             to=spec.get("to", ""))
    return Idea(kind, said, saved)


def compose(payload: dict[str, Any], result: dict[str, Any], sector: str | None = None) -> list[dict[str, Any]]:
    lines = _sorted_lines(result)
    top = [ln for ln in lines if ln["tco2e"] > 0][:HOTSPOTS]
    places = decimals_for([ln["tco2e"] for ln in top] + [result["total_tco2e"]])
    hot = "、".join(text("result_hotspot", rank=i + 1, name=line_label(ln), value=tonnes(ln["tco2e"], places),
                         share=percent(ln["share_percent"], 0)) for i, ln in enumerate(top))
    found = ideas(payload, result, sector)
    company = text("result_company", company=payload["company"]) if payload.get("company") else ""
    parts = [text("result_header", year=result["year"], roc=result["roc_year"], company=company,
                  total=tonnes(result["total_tco2e"], places))]
    if hot:
        parts.append(text("result_top", hotspots=hot))
    if found:
        parts.append(text("result_best_idea", idea=found[0].text))
    if any(ln.get("estimate") for ln in result["lines"]):
        parts.append(text("result_has_estimates"))
    buttons = [
        intent_button(text("button_details"), "inventory_details"),
        intent_button(text("button_ideas"), "inventory_ideas"),
        intent_button(text("button_fee"), "inventory_fee"),
        intent_button(text("button_human"), "request_human"),
    ]
    return [
        {"text": "\n".join(parts), "buttons": buttons},
        {"custom": InventoryResultPayload(type=INVENTORY_RESULT, inventory=payload, result=result)},
    ]


def details(payload: dict[str, Any], result: dict[str, Any]) -> list[dict[str, Any]]:
    """各類別明細: categories, every line with its share, basis, notes."""
    places = decimals_for([ln["tco2e"] for ln in result["lines"]] + [result["total_tco2e"]])
    out = [text("details_header", total=tonnes(result["total_tco2e"], places))]
    for category in result["by_category"].values():
        out.append(text("details_category", label=category["label"], name=category["name"],
                        value=tonnes(category["tco2e"], places), share=percent(category["share_percent"])))
    for line in _sorted_lines(result):
        estimate = text("details_estimate") if line.get("estimate") else ""
        out.append(text("details_line", name=line_label(line), value=tonnes(line["tco2e"], places),
                        share=percent(line["share_percent"]), estimate=estimate))
    electricity = next((ln for ln in result["lines"] if ln["source"] == "electricity"), None)
    note = ""
    if electricity is not None:
        value = next(iter(electricity["factor"]["values"].values()))
        note = text("result_electricity", year=electricity["factor"].get("data_year", result["year"]),
                    factor=factor(value))
    versions = "、".join(sorted({ln["factor"]["version"] for ln in result["lines"]}))
    out.append(text("result_basis", versions=versions, gwp=result["gwp"], electricity_note=note))
    notes = list(dict.fromkeys(n for ln in result["lines"] for n in ln.get("notes", [])))
    if notes:
        out.append(text("result_notes", notes="；".join(notes)))
    assumptions = payload.get("assumptions") or []
    if assumptions:
        out.append(text("result_assumptions", items="；".join(assumptions)))
    return [{"text": "\n".join(out), "buttons": _more_buttons("inventory_details")}]


def reduction(payload: dict[str, Any], result: dict[str, Any], sector: str | None = None) -> list[dict[str, Any]]:
    found = ideas(payload, result, sector)
    if not found:
        return [{"text": text("ideas_none"), "buttons": _more_buttons("inventory_ideas")}]
    lines = [text("ideas_header")] + [text("ideas_item", idea=i.text) for i in found]
    return [{"text": "\n".join(lines), "buttons": _more_buttons("inventory_ideas")}]


def fee(result: dict[str, Any]) -> list[dict[str, Any]]:
    info = result.get("carbon_fee") or {}
    if not info:
        return [{"text": text("fee_unknown"), "buttons": _more_buttons("inventory_fee")}]
    threshold = tonnes(info["threshold_tco2e"], 0)
    if info.get("liable"):
        fees = info["fees"]
        body = text("result_fee_liable", threshold=threshold, general=number(int(fees["general"]["fee_ntd"])),
                    preferential="／".join(text("money_value", value=number(int(f["fee_ntd"])))
                                         for k, f in fees.items() if k != "general"))
    else:
        body = text("result_fee_not_liable", threshold=threshold)
    return [{"text": body + "\n" + text("result_next"), "buttons": _more_buttons("inventory_fee")}]


def gases(result: dict[str, Any]) -> list[dict[str, Any]]:
    lines = [text("gases_header", gwp=result["gwp"])]
    values = [g["tco2e"] for g in result["by_gas"].values()]
    places = decimals_for(values)
    for gas in result["by_gas"].values():
        if gas["tonnes"] or gas["tco2e"]:
            lines.append(text("gas_line", name=gas["label"], tonnes=tonnes(gas["tonnes"], max(places, 3)),
                              co2e=tonnes(gas["tco2e"], places)))
    return [{"text": "\n".join(lines), "buttons": _more_buttons("inventory_gases")}]


def factors(result: dict[str, Any]) -> list[dict[str, Any]]:
    lines = [text("factors_header")]
    for line in result["lines"]:
        f = line["factor"]
        values = "、".join(f"{gas} {factor(value)}" for gas, value in f["values"].items())
        lines.append(text("factor_line", name=f["name"], factor=f"{values} {f['unit']}".strip(),
                          source=f["source"], version=f["version"]))
    return [{"text": "\n".join(lines), "buttons": _more_buttons("inventory_factors")}]


def _more_buttons(current: str) -> list[dict[str, str]]:
    options = [("button_details", "inventory_details"), ("button_ideas", "inventory_ideas"),
               ("button_fee", "inventory_fee"), ("button_gases", "inventory_gases"),
               ("button_factors", "inventory_factors")]
    return [intent_button(text(key), intent) for key, intent in options if intent != current]

"""The collected lines in calc's JSON shape (what calc.compute_json takes and the gateway stores).

Refrigerant lines of the same gas, equipment type and method are summed into one activity before calc rounds
(the Ministry's form rounds each gas of a line to four decimals of a tonne, so five air conditioners of 1.5 kg
each would otherwise vanish one by one). Every activity carries its Chinese label, so nothing downstream
(chart, Excel, LINE card) has to show a source id.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from actions.inventory_chat import presenter
from actions.inventory_chat.drafts import line_key
from actions.inventory_chat.state import InventoryState, Line


def activities(state: InventoryState) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    merged: dict[tuple, dict[str, Any]] = {}
    for line in state.lines:
        activity = _activity(line)
        if line.source == "refrigerant":
            key = line_key(line) + (line.unit,)
            if key in merged:
                target = merged[key]
                target["amount"] = f"{Decimal(target['amount']) + Decimal(line.amount):f}"
                target["label"] = f"{target['label']}＋{activity['label']}" if activity["label"] not in \
                    target["label"] else target["label"]
                target["line_ids"].append(line.id)
                target["estimate"] = target.get("estimate") or activity.get("estimate", False)
                if activity.get("explanation"):
                    target["explanation"] = "／".join(
                        e for e in (target.get("explanation"), activity["explanation"]) if e)
                continue
            merged[key] = activity
        out.append(activity)
    for activity in out:
        activity.pop("line_ids", None)
    return out


def _activity(line: Line) -> dict[str, Any]:
    activity: dict[str, Any] = {"source": line.source, "amount": line.amount, "unit": line.unit,
                                "label": presenter.line_name(line), "line_ids": [line.id]}
    for key in ("usage", "refrigerant", "equipment", "method", "factor"):
        value = getattr(line, key)
        if value:
            activity[key] = value
    if line.estimate:
        activity["estimate"] = True
    explanation = "；".join([presenter.note_text(n) for n in line.derivation + line.assumptions] + line.calc_notes)
    if explanation:
        activity["explanation"] = explanation
    return activity


def inventory_payload(state: InventoryState) -> dict[str, Any]:
    payload: dict[str, Any] = {"year": state.year, "activities": activities(state)}
    if state.company:
        payload["company"] = state.company
    assumptions = [presenter.note_text(n) for line in state.lines for n in line.assumptions]
    if assumptions:
        payload["assumptions"] = list(dict.fromkeys(assumptions))
    return payload

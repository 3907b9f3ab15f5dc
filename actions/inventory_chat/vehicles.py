"""A vehicle's fuel is mobile combustion, whatever category or question is on screen: "貨車一台 油錢一個月大概8000"
typed at the welding question is a truck's fuel (which one is asked), never 焊接用CO2 money; typed while the
number of air conditioners is asked it is no answer to that question. What names a vehicle is the interpreter's
``usage`` (a vehicle's or forklift's name, 移動燃燒), unless the amount is another source's (a forklift's
electricity) or energy (度 charged into an electric forklift is no fuel)."""

from __future__ import annotations

import calc
from actions.inventory_chat import catalogue
from actions.inventory_chat.state import Draft
from nlu.claim import Claim

MOBILE = "mobile"


def fuel(claim: Claim) -> bool:
    """The amount is a vehicle's fuel (or its money): a vehicle named, and nothing that says otherwise."""
    if claim.usage != MOBILE or claim.unit_kind == "energy":
        return False
    return claim.source is None or MOBILE in calc.SOURCES[claim.source].emission_types


def foreign(claim: Claim, source: str | None, usage: str | None) -> bool:
    """A vehicle's fuel that cannot be an amount of this source or usage (冷媒, 焊接用CO2, 固定燃燒 …)."""
    if not fuel(claim):
        return False
    if source is not None and MOBILE not in calc.SOURCES[source].emission_types:
        return True
    return usage not in (None, MOBILE)


def foreign_to_draft(claim: Claim, draft: Draft) -> bool:
    answers = draft.answers
    source = answers.get("source") or draft.claim.source
    step = catalogue.step(answers.get("step"))
    usage = answers.get("usage") or draft.claim.usage or (step.usage if step else None)
    return foreign(claim, source, usage)


def foreign_to_step(claim: Claim, step_id: str | None) -> bool:
    """A vehicle's fuel said while another category is asked: that category's source is not its own."""
    step = catalogue.step(step_id)
    return step is not None and foreign(claim, None, step.usage)


def mobile_step() -> catalogue.Step | None:
    return next((s for s in catalogue.steps() if s.usage == MOBILE), None)

"""Rules applied to the user's numbers: SME eligibility, carbon-fee liability and amount, registry obligation,
CBAM scope by product. Each rule's parameters are data here (``*.yaml``, ``cbam_cn_codes.csv``) with their
public source and date; the texts are in messages.yaml.

``apply_rules(text, topic)`` picks the rule a message asks about — by its own words first (碳費, 登錄, CBAM,
資本額 …), then by the conversation's topic (the entry answered last) for a follow-up such as 一年500噸要繳嗎 —
and returns the verdict with the rule applied, or None when no rule has what it needs.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from types import ModuleType

from knowledge.rules import amounts, carbon_fee, cbam, registry, sme
from knowledge.rules.params import parameters
from knowledge.rules.result import DECISIONS, RuleAnswer

__all__ = ["DECISIONS", "RuleAnswer", "apply_rules", "rule_topics", "rules_asked"]


def rule_topics() -> set[str]:
    """The entries whose topic a numeric follow-up is applied to."""
    return {*carbon_fee.topics(), *registry.topics(), *cbam.topics(), "sme_definition", "eligible_industry"}


def rules_asked(text: str) -> set[str]:
    """The rules a (normalised) message asks about by its own words (碳費 → carbon_fee, CBAM → cbam), with
    numbers or without."""
    return {parameters(module.PARAMS)["rule"] for module in (sme, carbon_fee, registry, cbam)
            if amounts.first_word(text, parameters(module.PARAMS)["question_words"]) is not None}


def apply_rules(text: str, topic: str | None = None, only: AbstractSet[str] | None = None,
                said_before: str = "") -> RuleAnswer | None:
    """The rule's answer for a (normalised) message, given the topic of the previous answer; None if no rule
    applies. ``only``: the rules that may answer (a follow-up naming 登錄 after "一年3萬噸 要繳碳費嗎" is the
    registry rule's, though the fee rule would read the joined turns first). ``said_before``: the user's earlier
    turns, oldest first, for the conditions a rule reads from them (the fee's rate: 目標B, then 一年4萬噸要繳多少)."""

    def may(module: ModuleType) -> bool:
        return only is None or parameters(module.PARAMS)["rule"] in only

    if may(sme) and sme.applies(text, topic):
        return sme.evaluate(text)
    has_emissions = bool(carbon_fee.amounts.emissions(text))
    fee, reg, cb = may(carbon_fee), may(registry), may(cbam)
    if fee and carbon_fee.asked_about(text) and has_emissions:
        return carbon_fee.evaluate(text, topic, said_before)
    if reg and registry.asked_about(text) and (has_emissions or registry.listed_industry(text)):
        return registry.evaluate(text)
    if cb and cbam.asked_about(text) and cbam.product_named(text):
        return cbam.evaluate(text)
    # a follow-up of the fee's or the registry's answer may give its amount with no unit ("那一萬八的呢")
    follows_amount = bool(carbon_fee.amounts.emissions(text, bare=True))
    if fee and topic in carbon_fee.topics() and follows_amount:
        return carbon_fee.evaluate(text, topic, said_before)
    if reg and topic in registry.topics() and (follows_amount or registry.listed_industry(text)):
        return registry.evaluate(text, bare=True)
    if cb and topic in cbam.topics() and cbam.product_named(text):
        return cbam.evaluate(text)
    return None

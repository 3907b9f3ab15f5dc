"""What a rule answers: the verdict, how it was applied to the user's numbers, and its public source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from contracts.payloads import RULE, RulePayload
from knowledge.rules.params import as_of, say

DECISIONS = ("yes", "no", "depends")


@dataclass(frozen=True)
class RuleAnswer:
    rule: str
    #: the knowledge entry that states the rule (its related questions are offered as buttons)
    entry_id: str
    decision: str
    #: the first line: the verdict with its reason, plainly ("❌ 輔導資格：員工 250 人…")
    verdict: str
    #: the conversions, the formula with the user's numbers, the rule itself
    details: tuple[str, ...]
    source: str
    as_of: date

    def __post_init__(self) -> None:
        if self.decision not in DECISIONS:
            raise ValueError(f"decision must be one of {DECISIONS}, got {self.decision!r}")

    @property
    def footer(self) -> str:
        return say("footer", source=self.source, as_of=self.as_of.isoformat())

    @property
    def text(self) -> str:
        return "\n".join([self.verdict, *self.details, self.footer])

    def marker(self) -> RulePayload:
        """The internal marker the action leaves for the dashboard and the NLU scorer."""
        return RulePayload(type=RULE, rule=self.rule, entry_id=self.entry_id, decision=self.decision)


def answer(rule: str, params: dict[str, Any], entry_id: str, decision: str, what: str, reason: str,
           details: list[str]) -> RuleAnswer:
    verdict = say(f"verdict.{decision}", what=what, reason=reason)
    return RuleAnswer(rule, entry_id, decision, verdict, tuple(d for d in details if d), str(params["source"]),
                      as_of(params))

"""The custom payloads actions send and the gateway reads (Rasa's ``json_message``), named once, with their
shapes as TypedDicts (the standard library's: both environments, Python 3.10 and 3.11, import them).

    {"type": "inventory_result", "inventory": <calc input>, "result": <calc.compute_json output>}
    {"type": "faq", "entry_id": "...", "topic": "..."}      (counted for the staff dashboard)
    {"type": "fallback", "intent": "..."}                    (a question the bot could not answer)
    {"type": "clarify", "choices": ["<entry id>", ...]}      (the bot asked which entry was meant)
    {"type": "handoff", "topic": <routing key>, "contact_id", "reason", ...}   (open a ticket)
    {"type": "rule", "rule", "entry_id", "decision"}         (a rule's answer: the dashboard, the NLU scorer)
    {"type": "link", "url": "...", "title": "..."}           (added by the gateway: the workbook)

The result's own shape is calc's (calc/result_json.py); the routing keys are contracts/routing.py's.
"""

from __future__ import annotations

from typing import Any, TypedDict

INVENTORY_RESULT = "inventory_result"
FAQ = "faq"
FALLBACK = "fallback"
CLARIFY = "clarify"
HANDOFF = "handoff"
RULE = "rule"
LINK = "link"

#: why a hand-off was asked for: the user asked, two questions the bot could not answer, a sensitive topic
REASON_USER_REQUEST = "user_request"
REASON_FALLBACK = "fallback"
REASON_SENSITIVE = "sensitive"
HANDOFF_REASONS: tuple[str, ...] = (REASON_USER_REQUEST, REASON_FALLBACK, REASON_SENSITIVE)


class InventoryResultPayload(TypedDict):
    type: str  # INVENTORY_RESULT
    inventory: dict[str, Any]  # calc's input, with the conversation's company and site
    result: dict[str, Any]  # calc.compute_json's output (calc/result_json.py describes it)


class FaqPayload(TypedDict):
    type: str  # FAQ
    entry_id: str
    topic: str


class _FallbackPayload(TypedDict):
    type: str  # FALLBACK
    intent: str


class FallbackPayload(_FallbackPayload, total=False):
    repeated: bool  # the second in a row


class ClarifyPayload(TypedDict):
    type: str  # CLARIFY
    choices: list[str]  # entry ids


class RulePayload(TypedDict):
    type: str  # RULE
    rule: str
    entry_id: str
    decision: str  # yes, no, depends…


class _HandoffPayload(TypedDict):
    type: str  # HANDOFF
    topic: str  # a routing key (contracts.routing)
    contact_id: str
    reason: str  # one of HANDOFF_REASONS


class HandoffPayload(_HandoffPayload, total=False):
    inventory: dict[str, Any]  # the inventory under way, as the staff console shows it
    inventory_result: dict[str, Any]  # the last computed result


class LinkPayload(TypedDict):
    type: str  # LINK
    url: str
    title: str

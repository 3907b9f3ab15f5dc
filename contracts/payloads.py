"""The custom payloads actions send and the gateway reads (Rasa's ``json_message``), named once.

    {"type": "inventory_result", "inventory": <calc input>, "result": <calc.compute_json output>}
    {"type": "faq", "entry_id": "...", "topic": "..."}      (counted for the staff dashboard)
    {"type": "fallback", "intent": "..."}                    (a question the bot could not answer)
    {"type": "clarify", "choices": ["<entry id>", ...]}      (the bot asked which entry was meant)
    {"type": "handoff", ...}                                 (open a ticket; see actions/handoff.py)
    {"type": "link", "url": "...", "title": "..."}           (added by the gateway: the workbook)
"""

from __future__ import annotations

INVENTORY_RESULT = "inventory_result"
FAQ = "faq"
FALLBACK = "fallback"
CLARIFY = "clarify"
HANDOFF = "handoff"
LINK = "link"

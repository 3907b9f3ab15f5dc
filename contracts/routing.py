"""The hand-off routing keys, named once: which programme contact a hand-off goes to.

The actions choose one (actions/handoff_routing.yml maps words and intents onto these keys) and send it as
the ``topic`` of the ``handoff`` payload; the gateway files the ticket under it and the staff console counts
by it; each key has exactly one contact (the ``topics`` of knowledge/content/contacts.yaml, checked by
``python -m knowledge check``).
"""

from __future__ import annotations

INVENTORY = "inventory"
OFFSET = "offset"
FOOTPRINT = "footprint"
PROGRAMME = "programme"
AUTHORITY = "authority"

ROUTING_KEYS: tuple[str, ...] = (INVENTORY, OFFSET, FOOTPRINT, PROGRAMME, AUTHORITY)

#: The routing key when none is named: the default of the hand-off rules (actions/handoff_routing.yml), a
#: hand-off payload without a topic, the hotline on the "Rasa unavailable" reply (the inventory counselling).
DEFAULT_TOPIC = INVENTORY

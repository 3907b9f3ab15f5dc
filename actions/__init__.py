"""Rasa custom actions, one module per feature. They are thin: read the tracker, call knowledge/ or calc/,
return messages. `rasa run actions --actions actions` loads every module imported here."""

from actions import faq, handoff  # noqa: F401

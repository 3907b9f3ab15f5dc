"""Rasa custom actions, one module per feature (faq, handoff, inventory). They are thin: read the tracker,
call knowledge/ or calc/, return messages. `rasa run actions --actions actions` imports every submodule, so
this file imports nothing (the plain-Python parts, e.g. inventory_chat/, stay importable without rasa_sdk).
What each module may import: docs/architecture.md."""

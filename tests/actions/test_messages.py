"""The texts and buttons the actions use (actions/*.yml) point at content that exists."""

from __future__ import annotations

from pathlib import Path

import yaml

from knowledge import get_knowledge

ACTIONS = Path(__file__).resolve().parents[2] / "actions"


def test_greeting_buttons_point_at_existing_faq_entries_and_intents():
    messages = yaml.safe_load((ACTIONS / "messages.yml").read_text(encoding="utf-8"))
    kb = get_knowledge()
    payloads = [payload for _title, payload in messages["greet_buttons"]]
    for payload in payloads:
        if payload.startswith("/faq_"):
            assert kb.entry(payload.removeprefix("/faq_")) is not None, payload
    assert "/inventory_start" in payloads and "/request_human" in payloads


def test_inventory_steps_name_only_sources_calc_knows():
    import calc

    config = yaml.safe_load((ACTIONS / "inventory.yml").read_text(encoding="utf-8"))
    for step in config["steps"]:
        for source in step["sources"] + step["buttons"]:
            assert source in calc.SOURCES, (step["id"], source)
    for source in config["plausible"]:
        assert source in calc.SOURCES, source

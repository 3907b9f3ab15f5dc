"""(Runs in .venv-rasa: rasa_sdk.) The hand-off rules name only the routing keys of contracts/routing.py, and a
rules file naming another key is refused when loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.handoff_routing import ROUTING_FILE, load_routing, routing_keys
from contracts.routing import DEFAULT_TOPIC, ROUTING_KEYS


def test_the_rules_use_the_routing_keys():
    routing = load_routing()
    assert set(routing_keys(routing)) <= set(ROUTING_KEYS)
    assert {key for key, _ in routing.keywords} == set(ROUTING_KEYS)


def test_the_rules_default_is_the_one_the_gateway_uses():
    """A request the rules cannot route goes where the gateway files a hand-off that names no topic."""
    assert load_routing().default == DEFAULT_TOPIC


def test_an_unknown_key_is_refused(tmp_path: Path):
    data = yaml.safe_load(ROUTING_FILE.read_text(encoding="utf-8"))
    data["sensitive_intents"]["complaint"] = "complaints_desk"
    path = tmp_path / "handoff_routing.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="complaints_desk"):
        load_routing.__wrapped__(path)

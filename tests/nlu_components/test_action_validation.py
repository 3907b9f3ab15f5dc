"""Rasa's validation of action server answers, with the validator built once: same verdicts, same errors."""

from __future__ import annotations

import time

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from nlu import action_validation

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "inventory_year", "value": 2021, "timestamp": None}],
     "responses": [{"text": "好的", "buttons": [{"title": "是", "payload": "/affirm"}]}]},
    {"responses": [{"custom": {"type": "faq", "id": "eligibility"}}]},
]
INVALID = [
    {"events": [{"event": "slot"}]},  # a slot event without a name
    {"events": "not a list"},
    {"responses": [1, 2]},
    {"events": [{"event": "no_such_event"}]},
]


@pytest.fixture
def action() -> RemoteAction:
    assert action_validation.install()
    yield RemoteAction("action_faq", None)
    action_validation.install()  # the extractor module installs it for the whole process; keep it so


@pytest.mark.parametrize("result", VALID)
def test_valid_answers_pass_as_with_jsonschema_validate(action, result):
    validate(result, RemoteAction.action_response_format_spec())
    assert action._validate_action_result(result) is True


@pytest.mark.parametrize("result", INVALID)
def test_invalid_answers_fail_with_rasas_message(action, result):
    with pytest.raises(ValidationError) as original:
        validate(result, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError, match="Failed to validate Action server response") as ours:
        action._validate_action_result(result)
    assert ours.value.message.startswith(original.value.message)


def test_it_is_installed_by_importing_the_custom_component():
    action_validation.uninstall()
    import importlib

    import nlu.activity_extractor

    importlib.reload(nlu.activity_extractor)
    assert RemoteAction._validate_action_result is action_validation._validate_action_result


def test_a_validation_costs_far_less_than_checking_the_schema_each_time(action):
    result = VALID[1]
    action._validate_action_result(result)
    started = time.perf_counter()
    for _ in range(20):
        action._validate_action_result(result)
    ours = (time.perf_counter() - started) / 20
    started = time.perf_counter()
    for _ in range(20):
        validate(result, RemoteAction.action_response_format_spec())
    theirs = (time.perf_counter() - started) / 20
    assert ours * 5 < theirs, (ours, theirs)

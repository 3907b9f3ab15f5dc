"""Rasa 3.6: validate action server answers with a validator built once, not with `jsonschema.validate`.

`RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)` on every custom action
call. `validate` first checks the *schema* (Rasa's large events schema) against the JSON Schema meta-schema,
every time: measured on this machine, 52 ms a call with jsonschema 4.17.3 and 4 ms with 3.2.0, and still about
15% of a Rasa server's CPU per FAQ turn (py-spy, README "Performance"). The schema is a constant, so this
builds its validator once and validates each answer exactly as before: same schema, same ValidationError,
same message.

Installed by `install()`, which `nlu.activity_extractor` calls when Rasa imports it (Rasa loads the custom
components of rasa_project/config.yml in every process that runs the model, so the server gets it). Only for
Rasa 3.6.x, whose code this replaces; any other version keeps its own.
"""

from __future__ import annotations

import functools
from typing import Any, Dict, Text

import rasa
from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_ORIGINAL = RemoteAction._validate_action_result


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate would on every call
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    error = best_match(_validator().iter_errors(result))  # what jsonschema.validate raises
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> bool:
    """Replace the validation on Rasa 3.6.x; returns whether it did."""
    if not rasa.__version__.startswith("3.6."):
        return False
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    return True


def uninstall() -> None:
    RemoteAction._validate_action_result = _ORIGINAL  # type: ignore[method-assign]

"""Run Rasa custom actions on JSON trackers, in the Rasa environment (.venv-rasa has rasa_sdk).

Reads ``[{"action": name, "tracker": {...}}, ...]`` as JSON on stdin; writes
``[{"messages": [...], "events": [...]}, ...]`` as JSON on stdout. Used by test_handoff_action.py.
"""

from __future__ import annotations

import json
import sys

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerFaq, ActionNotSure
from actions.handoff import ActionHandoff
from actions.small_talk import ActionSmallTalk

ACTIONS = {action.name(): action for action in (ActionHandoff(), ActionNotSure(), ActionAnswerFaq(),
                                                ActionSmallTalk())}


def main() -> None:
    results = []
    for case in json.load(sys.stdin):
        dispatcher = CollectingDispatcher()
        tracker = Tracker.from_dict(case["tracker"])
        events = ACTIONS[case["action"]].run(dispatcher, tracker, {})
        results.append({"messages": dispatcher.messages, "events": events})
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

"""How much the follow-up model adds, measured on follow-ups it did not learn: each follow-up tuning set is scored
with a model trained on everything but that set (two folds), against the word lists alone.

The messages go through the trained Rasa NLU in-process and then actions/context.py, as the action server does
(the earlier turns first, the topic being the entry they were answered with); no dialogue policy, gateway or
judge of the reply's text, so the figures are the entries chosen, a little above what `make eval-nlu` reports.
Runs in the Rasa environment, about 5 minutes:

    .venv-rasa/bin/python -m scripts.followup_folds [--sets tuning5,tuning6] [--show-misses]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from actions.context import Understood, understand
from actions.faq import learned_ranking, outside_probability
from knowledge import KnowledgeBase, get_knowledge
from knowledge.followup_vote import Ranking
from nlu.followup_model import FollowUpModel
from nlu.scope_model import ScopeModel
from scripts.rasa_project import FOLLOW_UP_TUNING_FILES, MODELS
from scripts.train_followup import training_examples

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "nlu" / "questions"
DEFAULT_SETS = ("tuning5", "tuning6")
Parse = Callable[[str], dict[str, Any]]


def nlu_parser() -> Parse:
    """The newest trained Rasa model's NLU, in-process."""
    from rasa.core.agent import Agent

    model = max(MODELS.glob("tanpancha-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    agent, loop = Agent.load(str(model)), asyncio.new_event_loop()
    cache: dict[str, dict[str, Any]] = {}

    def parse(text: str) -> dict[str, Any]:
        if text not in cache:
            cache[text] = loop.run_until_complete(agent.parse_message(text))
        return cache[text]
    return parse


def understood_as(text: str, topic: str | None, earlier: Sequence[str], parse: Parse, kb: KnowledgeBase,
                  model: FollowUpModel | None, scope: ScopeModel | None = None) -> Understood:
    """What actions/context.py makes of ``text`` after ``earlier`` (oldest first), with these models."""
    parsed, normalised = parse(text), kb.normalize(text)
    intent = parsed.get("intent") or {}
    latest_first = [kb.normalize(t) for t in reversed(earlier)]
    ranking: Ranking = learned_ranking(normalised, latest_first, topic, kb, model) if model is not None else ()
    outside = outside_probability(normalised, latest_first, topic, kb, scope) if scope is not None else None
    return understand(normalised, str(intent.get("name") or ""), float(intent.get("confidence") or 0.0),
                      parsed.get("intent_ranking") or [], topic, kb, latest_first, ranking, outside)


def answered(text: str, topic: str | None, earlier: Sequence[str], parse: Parse, kb: KnowledgeBase,
             model: FollowUpModel | None, scope: ScopeModel | None = None) -> str | None:
    """The entry the bot answers ``text`` with (None: a decline, a question back or nothing)."""
    understood = understood_as(text, topic, earlier, parse, kb, model, scope)
    if understood.kind == "rule" and understood.rule is not None:
        return understood.rule.entry_id
    return understood.entry.id if understood.kind == "entry" and understood.entry else None


def score(items: Sequence[dict[str, Any]], parse: Parse, kb: KnowledgeBase, model: FollowUpModel | None,
          show: bool) -> tuple[int, int]:
    right = 0
    for item in items:
        topic, earlier = None, []
        for turn in item.get("context") or ():
            topic = answered(turn, topic, earlier, parse, kb, model) or topic
            earlier.append(turn)
        got = answered(item["text"], topic, earlier, parse, kb, model)
        expected = item.get("expect_entry")
        ok = got in {expected, *(item.get("also_accept") or ())} if expected else got is None
        right += ok
        if show and not ok:
            print(f"  miss {item['id']}: {item.get('context')} → {item['text']!r}: {got} (expected {expected})")
    return right, len(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS))
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    kb, parse = get_knowledge(), nlu_parser()
    for name in args.sets.split(","):
        path = QUESTIONS / f"{name}.yml"
        items = [i for i in yaml.safe_load(path.read_text("utf-8"))["items"] if i["kind"] == "follow_up"]
        others = [f for f in FOLLOW_UP_TUNING_FILES if f.resolve() != path.resolve()]
        model = FollowUpModel().fit(training_examples(kb, files=others))
        alone = score(items, parse, kb, None, False)
        voted = score(items, parse, kb, model, args.show_misses)
        print(f"{name}: word lists alone {alone[0]}/{alone[1]} = {alone[0] / alone[1]:.1%}; "
              f"with the follow-up model trained without it {voted[0]}/{voted[1]} = {voted[0] / voted[1]:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How well the scope model (nlu/scope_model.py) tells ours from out of scope on messages it did not learn: each
tuning set is scored by a model trained on all the others (one fold per set), at several thresholds.

The model alone, no NLU: how many of a set's out-of-scope messages it would decline (alone and after an
answer), and how many of its answerable questions, follow-ups and courtesy it would wrongly decline. Runs in the
Rasa environment, about 5 minutes:

    .venv-rasa/bin/python -m scripts.scope_folds [--sets tuning4,tuning7,tuning8] [--show-misses 0.7] [--pipeline]
"""

from __future__ import annotations

import argparse
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from knowledge import KnowledgeBase, get_knowledge
from nlu.followup_model import FollowUpModel
from nlu.scope_model import ScopeModel
from scripts.rasa_project import FOLLOW_UP_TUNING_FILES, TUNING_FILES
from scripts.train_scope import training_examples

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "nlu" / "questions"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(f.stem for f in TUNING_FILES))
    parser.add_argument("--show-misses", type=float, default=None, help="print the misses at this threshold")
    parser.add_argument("--context-weight", type=float, default=None)
    parser.add_argument("--c", type=float, default=None)
    parser.add_argument("--ngrams", type=int, default=None, help="the longest character n-gram")
    parser.add_argument("--words", type=float, default=None, help="weight of jieba's words")
    parser.add_argument("--pipeline", action="store_true",
                        help="also through the NLU and actions/context.py, with and without the scope model")
    parser.add_argument("--show-changes", action="store_true", help="--pipeline: print what the scope model changed")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    kb = get_knowledge()
    settings = {k: v for k, v in (("context_weight", args.context_weight), ("c", args.c), ("words", args.words),
                                  ("ngrams", (1, args.ngrams) if args.ngrams else None)) if v is not None}
    totals: dict[str, list[float]] = defaultdict(list)
    for name in args.sets.split(","):
        path = QUESTIONS / f"{name}.yml"
        model = ScopeModel(**settings).fit(training_examples(kb, [f for f in TUNING_FILES if f != path]))
        for item in yaml.safe_load(path.read_text("utf-8"))["items"]:
            context = [kb.normalize(c) for c in item.get("context") or ()]
            outside = model.outside(context, kb.normalize(item["text"]))
            group = item["kind"] if item["kind"] != "out_of_scope" else ("oos after" if context else "oos alone")
            totals[group].append(outside)
            if args.show_misses is not None and (outside < args.show_misses) == group.startswith("oos"):
                print(f"  {name} {item['id']} {group} {outside:.2f} {context} → {item['text']!r}")
    if args.pipeline:
        pipeline(args.sets.split(","), kb, settings, args.show_changes)
        return 0
    print("group".ljust(12) + "".join(f"  ≥{t:.1f}".rjust(9) for t in THRESHOLDS) + "   n")
    for group, values in sorted(totals.items()):
        rates = [sum(v >= t for v in values) / len(values) for t in THRESHOLDS]
        print(group.ljust(12) + "".join(f"{r:9.1%}" for r in rates) + f"   {len(values)}")
    print("(out of scope: the share declined; the other kinds: the share wrongly declined)")
    return 0


def pipeline(names: list[str], kb: KnowledgeBase, settings: dict[str, Any], show: bool = False) -> None:
    """Each set through the in-process NLU and actions/context.py (scripts/followup_folds.py), its turns before
    first, with the follow-up and scope models trained without it: the share of out-of-scope messages declined
    and of answerable ones answered right, without the scope model and with it."""
    from scripts.followup_folds import answered, nlu_parser
    from scripts.train_followup import training_examples as followup_examples

    parse = nlu_parser()
    rows: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for name in names:
        path = QUESTIONS / f"{name}.yml"
        followups = FollowUpModel().fit(followup_examples(kb, [f for f in FOLLOW_UP_TUNING_FILES if f != path]))
        scope = ScopeModel(**settings).fit(training_examples(kb, [f for f in TUNING_FILES if f != path]))
        for item in yaml.safe_load(path.read_text("utf-8"))["items"]:
            if item["kind"] == "small_talk":
                continue
            verdicts = []
            for model in (None, scope):
                topic, earlier = None, []
                for turn in item.get("context") or ():
                    topic = answered(turn, topic, earlier, parse, kb, followups, model) or topic
                    earlier.append(turn)
                got = answered(item["text"], topic, earlier, parse, kb, followups, model)
                expected = item.get("expect_entry")
                verdicts.append(got in {expected, *(item.get("also_accept") or ())} if expected else got is None)
            group = item["kind"] if item["kind"] != "out_of_scope" else \
                ("oos after" if item.get("context") else "oos alone")
            rows[group].append((verdicts[0], verdicts[1]))
            if show and verdicts[0] != verdicts[1]:
                print(f"  {'fixed' if verdicts[1] else 'broke'} {item['id']} {item.get('context')} → {item['text']!r}")
    print("group".ljust(12) + "without".rjust(10) + "with".rjust(10) + "   n")
    for group, verdicts in sorted(rows.items()):
        print(group.ljust(12) + "".join(f"{sum(v[i] for v in verdicts) / len(verdicts):10.1%}" for i in (0, 1))
              + f"   {len(verdicts)}")
    print("(out of scope: declined, or at least not answered from an entry; the other kinds: answered right)")


if __name__ == "__main__":
    raise SystemExit(main())

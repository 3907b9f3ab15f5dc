"""Train the follow-up classifier (nlu/followup_model.py) if what it learns from changed: `make train` runs it.

It learns from:
- the tuning sets' follow-ups (tests/nlu/questions/tuning*.yml): the earlier turns, the message, its entry;
- their in-scope, rule and multi questions, alone and after another question (a message naming its subject
  keeps it whatever came before);
- every entry's own phrasings (knowledge/content), alone and after a related entry's phrasing;
- out-of-scope and courtesy messages (the sets' and the Rasa project's), as labels that never answer.
No held-out text trains it (scripts.rasa_project.held_out_texts). Runs in the Rasa environment (scikit-learn):

    .venv-rasa/bin/python -m scripts.train_followup [--force]
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from knowledge import KnowledgeBase, get_knowledge
from knowledge.followup_vote import NOT_ENTRIES, OUT_OF_SCOPE, SMALL_TALK
from nlu.followup_model import MODEL_GLOB, Example, FollowUpModel, examples_hash, model_file
from scripts.model_training import command_line, train_if_changed
from scripts.rasa_project import FOLLOW_UP_TUNING_FILES, PROJECT, held_out_texts

#: Question kinds that name their own subject: learnt with no context and after another entry's question
STANDALONE_KINDS = frozenset({"in_scope", "rule", "multi"})
#: The Rasa project's examples the model learns as ``OUT_OF_SCOPE`` and ``SMALL_TALK`` (neither answers anything)
NOT_OURS_DATA = (
    (OUT_OF_SCOPE, PROJECT / "data" / "nlu" / "out_of_scope.yml", frozenset({"out_of_scope"})),
    (SMALL_TALK, PROJECT / "data" / "nlu" / "chitchat.yml", frozenset({"greet", "goodbye", "thanks"})),
    (SMALL_TALK, PROJECT / "data" / "nlu" / "context.yml", frozenset({"acknowledge", "come_back_later"})),
)
#: The question sets' kinds learnt as those labels
SET_LABELS = {"out_of_scope": OUT_OF_SCOPE, "small_talk": SMALL_TALK}
SEED = 42


def set_examples(paths: Iterable[Path], kb: KnowledgeBase, held_out: set[str]) -> list[Example]:
    """The follow-ups of question sets with their context, and their standalone questions with none."""
    known = {e.id for e in kb.entries}
    out: list[Example] = []
    for path in paths:
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            entry, text = item.get("expect_entry"), kb.normalize(item["text"])
            if item["kind"] in SET_LABELS:
                entry = SET_LABELS[item["kind"]]
            elif entry not in known:
                continue
            if text in held_out:
                continue
            if item["kind"] == "follow_up" or entry in NOT_ENTRIES:
                context = tuple(kb.normalize(c) for c in item.get("context") or ())
                out.append(Example(context, text, entry))
            elif item["kind"] in STANDALONE_KINDS:
                out.append(Example((), text, entry))
    return out


def entry_examples(kb: KnowledgeBase, held_out: set[str]) -> list[Example]:
    """Every entry's phrasings (its title among them), with no context."""
    return [Example((), text, entry.id) for entry in kb.entries
            for text in {kb.normalize(q) for q in (entry.title, *entry.questions)} if text not in held_out]


def not_ours_examples(kb: KnowledgeBase, held_out: set[str]) -> list[Example]:
    """The Rasa project's out-of-scope and courtesy examples, with no context."""
    out = []
    for label, path, intents in NOT_OURS_DATA:
        texts = {kb.normalize(example.removeprefix("- ").strip())
                 for block in yaml.safe_load(path.read_text("utf-8"))["nlu"] if block.get("intent") in intents
                 for example in block["examples"].splitlines() if example.strip()}
        out += [Example((), text, label) for text in sorted(texts) if text not in held_out]
    return out


def after_another(standalone: Sequence[Example], kb: KnowledgeBase, rng: random.Random) -> list[Example]:
    """Each standalone question again after a question of a related (or, without relations, any) entry: the
    conversation was about something else, the message names its own subject. An out-of-scope or courtesy message
    comes after a question of the entry that shares most words with it ("叫師傅來補冷媒多少錢" after "冷媒怎麼算"):
    after an answer it is still none of ours."""
    by_entry: dict[str, list[str]] = {}
    for example in standalone:
        by_entry.setdefault(example.entry_id, []).append(example.text)
    ids = sorted(by_entry)
    out = []
    for example in standalone:
        entry = kb.entry(example.entry_id)
        nearest = [e.id for e, _ in kb.search(example.text, limit=1)] if example.entry_id in NOT_ENTRIES else []
        others = [r for r in (*(entry.related if entry else ()), *nearest) if r in by_entry] or \
            [i for i in ids if i not in NOT_ENTRIES]
        other = rng.choice(others)
        out.append(Example((rng.choice(by_entry[other]),), example.text, example.entry_id))
    return out


def training_examples(kb: KnowledgeBase | None = None,
                      files: Sequence[Path] = FOLLOW_UP_TUNING_FILES) -> list[Example]:
    kb = kb or get_knowledge()
    held_out = held_out_texts()
    rng = random.Random(SEED)
    from_sets = set_examples(files, kb, held_out)
    standalone = entry_examples(kb, held_out) + not_ours_examples(kb, held_out) + \
        [e for e in from_sets if not e.context]
    return sorted(set(from_sets + standalone + after_another(standalone, kb, rng)),
                  key=lambda e: (e.entry_id, e.context, e.text))


def train(force: bool = False) -> Path:
    examples = training_examples()
    return train_if_changed("follow-up model", examples, FollowUpModel, model_file(examples_hash(examples)), MODEL_GLOB, force)


def main(argv: list[str] | None = None) -> int:
    return command_line(__doc__, train, argv)


if __name__ == "__main__":
    raise SystemExit(main())

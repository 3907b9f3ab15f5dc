"""Train the scope model (nlu/scope_model.py) if what it learns from changed: `make train` runs it.

It learns, as out of scope: the question sets' out-of-scope messages with their earlier turns, each also after
the question of the entry that shares most words with it, and the Rasa project's out-of-scope examples; as ours:
every entry's phrasings, the sets' answerable questions (those no entry answers yet among them), their follow-ups
in context and courtesy — the same examples as the follow-up model (scripts/train_followup.py), two labels
instead of one per entry. No held-out text trains it. Runs in the Rasa environment (scikit-learn):

    .venv-rasa/bin/python -m scripts.train_scope [--force]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from knowledge import KnowledgeBase, get_knowledge
from knowledge.followup_vote import OUT_OF_SCOPE
from nlu.context_classifier import Example
from nlu.scope_model import MODEL_GLOB, NOT_OURS, OURS, ScopeModel, examples_hash, model_file
from scripts.model_training import command_line, train_if_changed
from scripts.rasa_project import TUNING_FILES, held_out_texts
from scripts.train_followup import training_examples as followup_examples

#: Question kinds of the sets that are ours though no entry answers them (an honest "no answer yet")
ANSWERABLE_KINDS = frozenset({"in_scope", "multi", "rule"})


def unanswered_examples(files: Sequence[Path], kb: KnowledgeBase, held_out: set[str]) -> list[Example]:
    """The sets' questions that are ours but that no entry answers yet (SBTi, 單據要保存幾年)."""
    out = []
    for path in files:
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            text = kb.normalize(item["text"])
            if item["kind"] in ANSWERABLE_KINDS and item.get("expect_entry") is None and text not in held_out:
                out.append(Example(tuple(kb.normalize(c) for c in item.get("context") or ()), text, OURS))
    return out


def training_examples(kb: KnowledgeBase | None = None, files: Sequence[Path] = TUNING_FILES) -> list[Example]:
    kb = kb or get_knowledge()
    labelled = [Example(e.context, e.text, NOT_OURS if e.entry_id == OUT_OF_SCOPE else OURS)
                for e in followup_examples(kb, files)]
    # a follow-up is ours without its context too ("多少錢" alone is unclear, not out of scope): what is out of scope
    # is a subject of someone else's (護照怎麼申請), not the way of asking
    bare = [Example((), e.text, OURS) for e in labelled if e.context and e.entry_id == OURS]
    return sorted(set(labelled + bare + unanswered_examples(files, kb, held_out_texts())),
                  key=lambda e: (e.entry_id, e.context, e.text))


def train(force: bool = False) -> Path:
    examples = training_examples()
    return train_if_changed("scope model", examples, ScopeModel, model_file(examples_hash(examples)), MODEL_GLOB, force)


def main(argv: list[str] | None = None) -> int:
    return command_line(__doc__, train, argv)


if __name__ == "__main__":
    raise SystemExit(main())

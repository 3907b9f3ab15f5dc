"""Integrity of the held-out NLU sets under tests/nlu (the Rasa evaluation itself lives with the bot)."""
from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from knowledge import KnowledgeBase
from kb_helpers import REPO, out_of_scope_training, read_yaml

HELDOUT = REPO / "tests" / "nlu" / "heldout_faq.yml"
OUT_OF_SCOPE = REPO / "tests" / "nlu" / "out_of_scope.yml"


@pytest.fixture(scope="module")
def heldout() -> list[dict[str, Any]]:
    return read_yaml(HELDOUT)


@pytest.fixture(scope="module")
def out_of_scope() -> list[str]:
    return [item["text"] for item in read_yaml(OUT_OF_SCOPE)]


def training_phrasings(kb: KnowledgeBase) -> set[str]:
    return {kb.normalize(q) for e in kb.entries for q in e.questions}


def test_heldout_shape_and_coverage(kb: KnowledgeBase, heldout: list[dict[str, Any]]) -> None:
    assert len(heldout) >= 120
    assert all(set(item) == {"text", "expect"} for item in heldout)
    ids = {e.id for e in kb.entries}
    unknown = [item["expect"] for item in heldout if item["expect"] not in ids]
    assert not unknown
    per_entry = Counter(item["expect"] for item in heldout)
    assert set(per_entry) == ids, f"entries without a held-out question: {ids - set(per_entry)}"
    assert sum(n >= 2 for n in per_entry.values()) >= 0.8 * len(ids)
    texts = [kb.normalize(item["text"]) for item in heldout]
    assert len(set(texts)) == len(texts)


def test_heldout_is_kept_out_of_training(kb: KnowledgeBase, heldout: list[dict[str, Any]]) -> None:
    train = training_phrasings(kb)
    leaked = [item["text"] for item in heldout if kb.normalize(item["text"]) in train]
    assert not leaked, f"held-out questions found in training phrasings: {leaked}"


def test_heldout_has_simplified_and_typos(heldout: list[dict[str, Any]]) -> None:
    from knowledge.textnorm import has_simplified

    texts = [item["text"] for item in heldout]
    assert sum(has_simplified(t) for t in texts) >= 8
    for typo in ("碳盤茶", "碳盤差", "查正", "排放系數"):
        assert any(typo in t for t in texts), typo


def test_out_of_scope_training_examples() -> None:
    examples = out_of_scope_training()
    assert len(examples) >= 80 and len(set(examples)) == len(examples)


def test_out_of_scope_sets(kb: KnowledgeBase, out_of_scope: list[str]) -> None:
    train = [kb.normalize(t) for t in out_of_scope_training()]
    test = [kb.normalize(t) for t in out_of_scope]
    assert len(test) >= 60 and len(train) >= 80
    assert len(set(test)) == len(test) and len(set(train)) == len(train)
    assert not set(test) & set(train), "out-of-scope test questions must not be training examples"
    faq = training_phrasings(kb)
    assert not (set(test) | set(train)) & faq, "an out-of-scope example is also an FAQ phrasing"


def test_search_suggests_the_right_entry(kb: KnowledgeBase, heldout: list[dict[str, Any]]) -> None:
    """The lexical search (suggestions when the NLU is unsure) finds the expected entry in its top 3."""
    hits = [item["expect"] in [e.id for e, _ in kb.search(item["text"], limit=3)] for item in heldout]
    assert sum(hits) / len(hits) >= 0.9


def test_no_held_out_question_trains_the_classifier(kb: KnowledgeBase) -> None:
    """The tuning sets train the classifier; a text a held-out author wrote too (short ones coincide: 那要多少錢)
    is left out of that training, and no entry's phrasings are a held-out question either."""
    from scripts.rasa_project import held_out_texts, tuning_examples

    held_out = held_out_texts()
    assert len(held_out) > 1000
    trained = {kb.normalize(t) for texts in tuning_examples({e.id for e in kb.entries}).values() for t in texts}
    assert trained and not trained & held_out
    leaked = sorted(held_out & training_phrasings(kb))
    assert not leaked, f"held-out questions found in the entries' phrasings: {leaked[:5]}"

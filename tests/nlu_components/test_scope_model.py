"""The scope model (nlu/scope_model.py) and what it learns from (scripts/train_scope.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu import scope_model
from nlu.context_classifier import Example
from nlu.scope_model import NOT_OURS, OURS, ScopeModel, examples_hash
from scripts.rasa_project import held_out_texts
from scripts.train_scope import training_examples

TOY = [
    Example((), "冷媒怎麼算", OURS),
    Example((), "查證輔導要多少錢", OURS),
    Example(("查證輔導是什麼",), "那要多少錢", OURS),
    Example((), "冷媒一桶多少錢", NOT_OURS),
    Example((), "冷氣壞了找誰修", NOT_OURS),
    Example(("冷媒怎麼算",), "那冷氣多久保養", NOT_OURS),
]


@pytest.fixture(scope="module")
def toy() -> ScopeModel:
    return ScopeModel().fit(TOY)


def test_outside_is_the_probability_of_out_of_scope(toy: ScopeModel):
    assert toy.outside([], "冷氣壞了找誰修") > 0.5 > toy.outside([], "冷媒怎麼算")
    assert 0.0 <= toy.outside(["查證輔導是什麼"], "那要多少錢") <= 1.0


def test_a_saved_model_is_found_and_loaded(toy: ScopeModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(scope_model, "MODELS", tmp_path)
    scope_model.get_scope_model.cache_clear()
    try:
        assert scope_model.get_scope_model() is None  # none trained: the word lists and the classifier decide
        scope_model.get_scope_model.cache_clear()
        toy.save(tmp_path / "scope-test.pickle")
        loaded = scope_model.get_scope_model()
        assert loaded is not None and loaded.outside([], "冷氣壞了找誰修") > 0.5
    finally:
        scope_model.get_scope_model.cache_clear()


def test_the_model_is_named_after_what_it_learns():
    assert examples_hash(TOY) == examples_hash(list(TOY))
    assert examples_hash(TOY) != examples_hash(TOY[:-1])


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return training_examples()


def test_no_held_out_text_trains_the_scope_model(examples: list[Example]):
    held_out = held_out_texts()
    assert not [e for e in examples if e.text in held_out]


def test_it_learns_traps_alone_and_after_an_answer_and_follow_ups_with_and_without_context(examples: list[Example]):
    outside = [e for e in examples if e.entry_id == NOT_OURS]
    assert len({e.text for e in outside}) >= 600  # tuning7 and tuning8's traps among them
    assert sum(bool(e.context) for e in outside) >= 300
    ours_in_context = {e.text for e in examples if e.entry_id == OURS and e.context}
    ours_bare = {e.text for e in examples if e.entry_id == OURS and not e.context}
    assert len(ours_in_context) >= 800 and ours_in_context <= ours_bare

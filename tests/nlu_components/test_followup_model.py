"""The follow-up classifier (nlu/followup_model.py) and what it learns from (scripts/train_followup.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import get_knowledge
from knowledge.followup_vote import OUT_OF_SCOPE
from nlu import followup_model
from nlu.followup_model import Example, FollowUpModel, examples_hash
from scripts.rasa_project import held_out_texts
from scripts.train_followup import training_examples

TOY = [
    Example((), "查證輔導是什麼", "verification_counselling"),
    Example((), "抵換專案輔導在做什麼", "offset_counselling"),
    Example(("查證輔導是什麼",), "要多少錢", "counselling_cost"),
    Example(("查證輔導是什麼",), "找誰", "contact_programme"),
    Example(("抵換專案輔導在做什麼",), "找誰", "contact_offset"),
    Example(("抵換專案輔導在做什麼",), "窗口是誰", "contact_offset"),
]


@pytest.fixture(scope="module")
def toy() -> FollowUpModel:
    return FollowUpModel().fit(TOY)


def test_the_same_message_ranks_by_its_context(toy: FollowUpModel):
    assert toy.rank(["抵換專案輔導在做什麼"], "找誰")[0][0] == "contact_offset"
    assert toy.rank(["查證輔導是什麼"], "找誰")[0][0] == "contact_programme"


def test_a_ranking_holds_probabilities_best_first(toy: FollowUpModel):
    ranking = toy.rank(["查證輔導是什麼"], "要多少錢", limit=3)
    assert len(ranking) == 3 and ranking[0][0] == "counselling_cost"
    assert all(0.0 <= p <= 1.0 for _, p in ranking) and ranking == sorted(ranking, key=lambda r: -r[1])


def test_a_saved_model_is_found_and_loaded(toy: FollowUpModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(followup_model, "MODELS", tmp_path)
    followup_model.get_followup_model.cache_clear()
    try:
        assert followup_model.get_followup_model() is None  # none trained: the word lists decide alone
        followup_model.get_followup_model.cache_clear()
        toy.save(followup_model.model_file(examples_hash(TOY)).parent.joinpath("followup-test.pickle"))
        loaded = followup_model.get_followup_model()
        assert loaded is not None and loaded.rank(["抵換專案輔導在做什麼"], "找誰")[0][0] == "contact_offset"
    finally:
        followup_model.get_followup_model.cache_clear()


def test_the_model_is_named_after_what_it_learns():
    assert examples_hash(TOY) == examples_hash(list(TOY))
    assert examples_hash(TOY) != examples_hash(TOY[:-1])


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return training_examples()


def test_no_held_out_text_trains_the_follow_up_model(examples: list[Example]):
    held_out = held_out_texts()
    assert not [e for e in examples if e.text in held_out]


def test_it_learns_follow_ups_in_context_every_entry_and_out_of_scope(examples: list[Example]):
    kb = get_knowledge()
    in_context = [e for e in examples if e.context]
    assert len({e.text for e in in_context}) >= 800  # the tuning sets' follow-ups, tuning5 and tuning6 among them
    assert {e.id for e in kb.entries if e.questions} <= {e.entry_id for e in examples}
    assert sum(e.entry_id == OUT_OF_SCOPE for e in examples) >= 200

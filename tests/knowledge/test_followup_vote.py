"""The vote of the word lists' resolution and the follow-up model's ranking (knowledge/followup_vote.py)."""

from __future__ import annotations

from knowledge.followup import Resolution
from knowledge.followup_vote import (
    OUT_OF_SCOPE,
    RESOLVER_BONUS,
    TAKE_DECLINED,
    TAKE_OTHER,
    other_entry,
    voted,
)

KNOWN = frozenset({"counselling_cost", "apply_deadlines", "verification_counselling", "contact_offset"})


def test_agreement_makes_an_unsure_resolution_sure():
    resolution, offer = voted(Resolution("counselling_cost", False), [("counselling_cost", 0.4)], KNOWN)
    assert resolution == Resolution("counselling_cost", True) and offer is None


def test_the_word_lists_win_unless_the_model_is_clearly_surer_of_another_entry():
    kept = voted(Resolution("counselling_cost", True),
                 [("apply_deadlines", RESOLVER_BONUS - 0.01), ("counselling_cost", 0.0)], KNOWN)[0]
    assert kept.entry_id == "counselling_cost"
    taken = voted(Resolution("counselling_cost", True),
                  [("apply_deadlines", 0.7), ("counselling_cost", 0.3)], KNOWN)[0]
    assert taken.entry_id == "counselling_cost"  # 0.3 + bonus beats 0.7
    overridden = voted(Resolution("counselling_cost", True), [("apply_deadlines", 0.9), ("counselling_cost", 0.01)],
                       KNOWN)[0]
    assert overridden == Resolution("apply_deadlines", True)


def test_an_unsure_resolution_still_winning_offers_the_models_entry_beside_it():
    resolution, offer = voted(Resolution("counselling_cost", False), [("apply_deadlines", 0.3)], KNOWN)
    assert resolution == Resolution("counselling_cost", False) and offer == "apply_deadlines"


def test_the_models_out_of_scope_and_unknown_entries_never_vote():
    unsure = Resolution("counselling_cost", False)
    assert voted(unsure, [(OUT_OF_SCOPE, 0.9), ("apply_deadlines", 0.1)], KNOWN) == (unsure, None)
    assert voted(unsure, [("no_such_entry", 0.9)], KNOWN) == (unsure, None)
    assert voted(unsure, [], KNOWN) == (unsure, None)


def test_another_entry_needs_enough_probability_and_more_where_the_nlu_declined():
    assert other_entry([("contact_offset", TAKE_OTHER)], KNOWN, None) == "contact_offset"
    assert other_entry([("contact_offset", TAKE_OTHER - 0.01)], KNOWN, None) is None
    assert other_entry([("contact_offset", TAKE_OTHER)], KNOWN, None, declined=True) is None
    assert other_entry([("contact_offset", TAKE_DECLINED)], KNOWN, None, declined=True) == "contact_offset"


def test_another_entry_is_none_when_it_is_what_was_understood_or_out_of_scope():
    assert other_entry([("contact_offset", 0.9)], KNOWN, "contact_offset") is None
    assert other_entry([(OUT_OF_SCOPE, 0.9)], KNOWN, None) is None
    assert other_entry([], KNOWN, None) is None


def test_only_a_sure_out_of_scope_vetoes():
    from knowledge.followup_vote import VETO, vetoed

    assert vetoed([(OUT_OF_SCOPE, VETO)])
    assert not vetoed([(OUT_OF_SCOPE, VETO - 0.01)])
    assert not vetoed([("counselling_cost", 0.99)])
    assert not vetoed([])

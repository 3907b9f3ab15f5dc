"""nlu/knowledge_ranker.py: the classifier's ranking combined with knowledge/'s search (runs in .venv-rasa)."""

from __future__ import annotations

from nlu.knowledge_ranker import KnowledgeRanker, combine

CONFIG = KnowledgeRanker.get_default_config()


def ranking(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


def test_search_rescues_a_question_the_classifier_could_not_decide():
    chosen = combine(ranking(("nlu_fallback", 0.8), ("faq_refrigerant", 0.15), ("faq_gwp_co2e", 0.12)),
                     [("refrigerant", 0.6), ("gwp_co2e", 0.3)], CONFIG)
    assert chosen["name"] == "faq_refrigerant" and chosen["confidence"] > CONFIG["min_score"]


def test_search_and_classifier_agreeing_beat_a_stronger_classifier_guess_alone():
    chosen = combine(ranking(("faq_inventory_example", 0.35), ("faq_sme_definition", 0.2)),
                     [("sme_definition", 0.5), ("septic_tank", 0.1)], CONFIG)
    assert chosen["name"] == "faq_sme_definition"


def test_a_confident_out_of_scope_stays_out_of_scope():
    chosen = combine(ranking(("out_of_scope", 0.7), ("faq_apply_how", 0.1)), [("apply_how", 0.4)], CONFIG)
    assert chosen["name"] == "out_of_scope"


def test_too_little_evidence_falls_back():
    chosen = combine(ranking(("faq_calculator", 0.12)), [("calculator", 0.05)], CONFIG)
    assert chosen["name"] == "nlu_fallback"


def test_other_intents_are_left_alone():
    assert combine(ranking(("inform_activity", 0.9), ("faq_refrigerant", 0.05)), [("refrigerant", 0.9)],
                   CONFIG) is None


def test_an_ambiguous_courtesy_keeps_its_courtesy_intent():
    chosen = combine(ranking(("nlu_fallback", 0.9), ("acknowledge", 0.45), ("thanks", 0.4)), [("apply_how", 0.1)],
                     CONFIG)
    assert chosen == {"name": "acknowledge", "confidence": 0.45}

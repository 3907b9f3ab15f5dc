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


def test_a_message_with_no_word_of_the_programme_is_not_rescued_by_the_search():
    # 護照要怎麼申請: shares 申請 with apply_how, and nothing else
    weak_oos = ranking(("out_of_scope", 0.2), ("faq_apply_how", 0.18))
    assert combine(weak_oos, [("apply_how", 0.7)], CONFIG, anchored=False)["name"] == "out_of_scope"
    assert combine(weak_oos, [("apply_how", 0.7)], CONFIG, anchored=True)["name"] == "faq_apply_how"
    unplaced = ranking(("nlu_fallback", 0.8), ("faq_online_resources", 0.2))
    assert combine(unplaced, [("online_resources", 0.6)], CONFIG, anchored=False, placed=False)["name"] == "out_of_scope"


def test_a_placed_faq_is_kept_even_without_a_programme_word():
    chosen = combine(ranking(("faq_apply_selection", 0.6)), [("apply_selection", 0.5)], CONFIG, anchored=False)
    assert chosen["name"] == "faq_apply_selection"


def _processed(text, intent, confidence, entities=()):
    from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": confidence},
                            INTENT_RANKING_KEY: [{"name": intent, "confidence": confidence}],
                            ENTITIES: list(entities)})
    KnowledgeRanker(CONFIG).process([message])
    return message.get(INTENT)["name"]


def test_a_message_about_something_else_is_out_of_scope_whatever_intent_it_was_given():
    assert _processed("幫我寫一封英文信給廠商催貨", "inventory_start", 0.6) == "out_of_scope"
    assert _processed("公司的ISO 9001外稽要準備哪些文件", "faq_inventory_documents", 0.5) == "out_of_scope"
    assert _processed("謝謝你", "thanks", 0.9) == "thanks"  # a courtesy stays a courtesy


def test_inventory_data_is_never_taken_for_something_else():
    activity = {"entity": "activity", "value": {"source": "refrigerant", "readings": ["3"]}}
    assert _processed("冷氣壞了 修的時候補了3公斤冷媒", "inform_activity", 0.95, [activity]) == "inform_activity"


def test_a_message_naming_our_terms_needs_a_surer_out_of_scope():
    weak_oos = ranking(("out_of_scope", 0.35), ("faq_refrigerant", 0.1))
    assert combine(weak_oos, [("refrigerant", 0.5)], CONFIG, strong=True)["name"] == "faq_refrigerant"
    assert combine(weak_oos, [("refrigerant", 0.5)], CONFIG, strong=False)["name"] == "out_of_scope"
    sure_oos = ranking(("out_of_scope", 0.8), ("faq_refrigerant", 0.1))
    assert combine(sure_oos, [("refrigerant", 0.5)], CONFIG, strong=True)["name"] == "out_of_scope"


def test_an_english_sentence_with_none_of_our_words_is_out_of_scope():
    assert _processed("where can I buy a cheap laptop", "inventory_list", 0.5) == "out_of_scope"
    assert _processed("how do I calculate carbon emissions", "faq_emission_formula", 0.5) == "faq_emission_formula"


def test_a_short_english_question_for_a_contact_is_not_declined_for_being_english():
    assert _processed("who is the contact person", "follow_up", 0.4) == "follow_up"
    assert _processed("how do I contact the Tesla service centre in Taipei", "follow_up", 0.4) == "out_of_scope"

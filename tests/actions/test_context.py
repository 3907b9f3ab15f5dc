"""What a message means in the conversation (actions/context.py), without Rasa: rules first, then follow-ups
resolved against the topic, a question back when unsure, then the NLU's entry."""

from __future__ import annotations

from actions.context import understand
from knowledge import get_knowledge, normalize_text

KB = get_knowledge()


def read(text: str, intent: str = "nlu_fallback", confidence: float = 0.0, topic: str | None = None):
    return understand(normalize_text(text), intent, confidence, [], topic, KB)


def test_numbers_make_a_rule_whatever_the_nlu_thought():
    understood = read("員工250人，資本額2億，可以參加輔導嗎", "inform_activity", 0.9)
    assert understood.kind == "rule" and understood.rule.decision == "no"


def test_a_follow_up_overrides_a_weak_guess_of_the_nlu():
    understood = read("那要多少錢", "faq_carbon_fee_rate", 0.4, topic="verification_counselling")
    assert (understood.kind, understood.entry.id) == ("entry", "counselling_cost")


def test_unsure_follow_ups_are_asked_back_with_the_aspect():
    understood = read("要錢嗎", topic="refrigerant")
    assert understood.kind == "clarify" and understood.choices[0].id == "counselling_cost"
    assert understood.aspect == "費用"


def test_a_confident_question_of_its_own_is_answered_as_recognised():
    understood = read("碳費怎麼算", "faq_carbon_fee_rate", 0.9, topic="verification_counselling")
    assert (understood.kind, understood.entry.id) == ("entry", "carbon_fee_rate")


def test_out_of_scope_after_an_answer_is_not_taken_for_a_vague_follow_up():
    assert read("台中有什麼好吃的", "out_of_scope", 0.8, topic="carbon_fee_rate").kind == "none"


def test_several_questions_answer_the_first_and_offer_the_second():
    understood = read("冷媒怎麼算？化糞池又要怎麼算？", "faq_septic_tank", 0.5)
    assert understood.entry.id == "refrigerant" and understood.second.id == "septic_tank"


def ranked(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


def test_an_undecided_message_is_the_entry_classifier_and_search_agree_on():
    # the numbers made the extractor call it data; the classifier and the search both say GWP
    understood = understand(normalize_text("N2O的GWP是265還是298"), "nlu_fallback", 0.2,
                            ranked(("inform_activity", 0.9), ("faq_gwp_co2e", 0.9)), None, KB)
    assert (understood.kind, understood.entry.id) == ("entry", "gwp_co2e")


def test_an_undecided_message_stays_undecided_when_classifier_and_search_disagree():
    understood = understand(normalize_text("N2O的GWP是265還是298"), "nlu_fallback", 0.2,
                            ranked(("faq_septic_tank", 0.9),), None, KB)
    assert understood.kind == "none"


def test_a_follow_up_asking_whether_the_rule_applies_reads_the_earlier_turns():
    earlier = [normalize_text("我們工廠做不鏽鋼螺帽"), normalize_text("CBAM是什麼")]
    understood = understand(normalize_text("那我們會被影響嗎"), "follow_up", 0.7, [], "cbam_overview", KB, earlier)
    assert understood.kind == "rule" and understood.rule.decision == "yes"


def test_a_follow_up_about_another_aspect_does_not_reuse_the_earlier_turns():
    earlier = [normalize_text("我們工廠做不鏽鋼螺帽")]
    understood = understand(normalize_text("那要找誰"), "follow_up", 0.7, [], "cbam_overview", KB, earlier)
    assert understood.kind != "rule"


def test_a_fee_follow_up_uses_the_amount_said_before():
    earlier = [normalize_text("我們一年大概三萬噸 碳費要繳嗎")]
    understood = understand(normalize_text("那要繳多少"), "follow_up", 0.7, [], "carbon_fee_who", KB, earlier)
    assert understood.kind == "rule" and "1,500,000" in understood.rule.text


def test_a_definition_asked_of_a_term_gets_the_glossary_entry():
    understood = read("客戶一直講碳盤查 那到底是什麼東西", "faq_supply_chain_request", 0.7)
    assert understood.entry.id == "term_inventory"
    understood = read("碳足跡輔導是什麼", "faq_footprint_counselling", 0.7)  # the service, not the term
    assert understood.entry.id == "footprint_counselling"


def test_an_aspect_of_a_named_counselling_gets_the_aspects_entry():
    assert read("抵換專案輔導要自己出錢嗎", "faq_offset_counselling", 0.7).entry.id == "counselling_cost"
    assert read("碳足跡輔導報名到哪天", "faq_footprint_counselling", 0.7).entry.id == "apply_deadlines"
    # a counselling whose own answer states its quota keeps the question
    assert read("查證輔導有幾家名額", "faq_verification_counselling", 0.7).entry.id == "verification_counselling"


def test_the_first_of_two_unpunctuated_questions_is_answered_and_the_second_offered():
    understood = read("化糞池要怎麼算 滅火器又要怎麼算", "faq_co2_extinguisher", 0.5)
    assert understood.entry.id == "septic_tank" and understood.second.id == "co2_extinguisher"


def test_a_message_about_something_else_gets_no_rule_even_with_a_rules_words():
    # 歐盟 and 化學品 are words of the CBAM rule; the message is about another regulation
    assert read("歐盟的RoHS化學品限制要怎麼送驗", "out_of_scope", 1.0).kind == "none"


def test_a_comparison_maps_to_a_glossary_entry_only_when_both_things_are_its_own():
    assert read("範疇一跟範疇二差在哪", "faq_supply_chain_request", 0.7).entry.id == "term_scope"
    assert read("組織盤查跟碳足跡差在哪", "faq_org_vs_product", 0.7).entry.id == "org_vs_product"
    assert read("工廠盤查跟產品碳足跡哪裡不同", "faq_term_footprint", 0.7).entry.id == "org_vs_product"


def test_a_customers_request_from_the_eu_is_the_cbam_exporters_question():
    assert read("荷蘭的客戶要我們交產品碳排數據", "faq_supply_chain_request", 0.7).entry.id == "cbam_exporter"
    assert read("日本客戶要我們交碳排數據", "faq_supply_chain_request", 0.7).entry.id == "supply_chain_request"


def test_a_follow_up_naming_a_rule_applies_it_to_the_amount_said_before():
    earlier = [normalize_text("我們廠去年排碳差不多4萬2千噸")]
    understood = understand(normalize_text("那碳費勒"), "follow_up", 0.6, [], None, KB, earlier)
    assert understood.kind == "rule" and understood.rule.rule == "carbon_fee"
    assert understood.rule.decision == "yes" and "5,100,000" in understood.rule.text  # (42,000 − 25,000) × 300


def test_a_follow_up_naming_a_rule_below_its_threshold_says_no():
    earlier = [normalize_text("一年大概排1800公噸")]
    understood = understand(normalize_text("那要登錄嗎"), "follow_up", 0.6, [], "term_inventory", KB, earlier)
    assert understood.kind == "rule" and (understood.rule.rule, understood.rule.decision) == ("registry", "no")


def test_an_earlier_amount_is_not_carried_into_a_rule_the_follow_up_does_not_name():
    earlier = [normalize_text("我們一年大概三萬噸")]
    understood = understand(normalize_text("那CBAM呢"), "follow_up", 0.6, [], None, KB, earlier)
    assert understood.kind != "rule"


def test_eligibility_words_in_a_follow_up_do_not_reuse_the_firms_size():
    earlier = [normalize_text("我們員工150人")]
    understood = understand(normalize_text("那要怎麼申請"), "follow_up", 0.6, [], None, KB, earlier)
    assert understood.kind != "rule"


def test_a_subject_no_entry_answers_is_said_so_with_the_nearest_entry_to_offer():
    understood = read("供應商大會說要設SBTi目標 我們要怎麼開始", "faq_supply_chain_request", 0.8)
    assert understood.kind == "uncovered" and "SBTi" in understood.notes["subject"]
    assert understood.entry is not None and understood.entry.id == "supply_chain_request"


def test_a_question_about_a_covered_subject_is_not_taken_for_an_uncovered_one():
    assert read("碳盤查要準備哪些資料", "faq_inventory_documents", 0.9).kind == "entry"


def test_asking_for_an_online_version_after_the_courses_gets_the_online_resources():
    understood = read("那有沒有網路上可以看的", "nlu_fallback", 0.3, topic="courses_overview")
    assert (understood.kind, understood.entry.id) == ("entry", "online_resources")


def test_asking_whether_applying_works_online_keeps_the_application_answer():
    understood = read("用網路報名就好嗎", "nlu_fallback", 0.3, topic="apply_how")
    assert (understood.kind, understood.entry.id) == ("entry", "apply_how")


def test_a_pronoun_pointing_back_makes_a_short_message_a_follow_up():
    understood = read("怎麼知道它是不是合格的", "nlu_fallback", 0.3, topic="verification_bodies")
    assert (understood.kind, understood.entry.id) == ("entry", "verification_bodies")


def test_what_to_collect_right_after_starting_an_inventory_is_the_documents_entry():
    understood = read("那我要先整理哪些東西", "nlu_fallback", 0.3, topic="inventory_steps")
    assert (understood.kind, understood.entry.id) == ("entry", "inventory_documents")


def test_the_first_of_two_questions_is_answered_when_the_nlu_saw_the_second():
    understood = read("碳費是怎麼計算的？另外歐盟CBAM對我們有沒有影響", "faq_cbam_overview", 0.8)
    assert understood.entry.id == "carbon_fee_rate" and understood.second is not None
    assert understood.second.id in ("cbam_overview", "cbam_exporter")


def test_a_message_the_classifier_declined_is_answered_when_it_is_ours_and_one_entry_stands_out():
    understood = read("送了自主減量計畫以後費率是不是有比較低", "out_of_scope", 0.7)
    assert (understood.kind, understood.entry.id) == ("entry", "carbon_fee_rate")
    assert read("減肥要怎麼減量", "out_of_scope", 0.7).kind == "none"


def test_a_follow_up_naming_the_fee_after_an_amount_says_what_it_comes_to():
    earlier = [normalize_text("我們一年排放3萬6千噸 要登錄嗎")]
    understood = understand(normalize_text("那碳費呢"), "follow_up", 0.6, [], "registry_rules", KB, earlier)
    assert understood.rule.rule == "carbon_fee" and understood.rule.entry_id == "carbon_fee_rate"
    assert "3,300,000" in understood.rule.text  # (36,000 − 25,000) × 300


def test_a_preferential_rate_asked_after_an_amount_is_computed_with_it():
    earlier = [normalize_text("我們一年大概2萬6千噸"), normalize_text("碳費一噸多少")]
    understood = understand(normalize_text("那如果是優惠費率B呢"), "follow_up", 0.6, [], "carbon_fee_rate", KB, earlier)
    assert understood.kind == "rule" and "2,600,000" in understood.rule.text  # 26,000 × 100, K = 0


def test_an_amount_after_the_firm_named_its_rate_is_computed_with_it_and_the_general_rate_beside_it():
    earlier = [normalize_text("我們的自主減量計畫核定了 是目標A"), normalize_text("碳費是怎麼收的")]
    understood = understand(normalize_text("一年四萬噸的話要繳多少"), "follow_up", 0.6, [], "carbon_fee_rate", KB,
                            earlier)
    assert understood.kind == "rule"
    text = understood.rule.text
    assert "目標A" in text and "2,000,000" in text  # 40,000 × 50, K = 0
    assert "4,500,000" in text  # the general rate for comparison: (40,000 − 25,000) × 300
    plain = understand(normalize_text("一年四萬噸的話要繳多少"), "follow_up", 0.6, [], "carbon_fee_rate", KB,
                       [normalize_text("碳費是怎麼收的")])
    assert "× 50 元" not in plain.rule.text and "前面提到" not in plain.rule.text


def test_follow_ups_on_the_basis_year_verification_and_what_an_amount_covers():
    assert read("那是算哪一年的排放", topic="carbon_fee_who").entry.id == "carbon_fee_who"
    assert read("那需要查證嗎", topic="registry_2026").entry.id == "registry_2026"
    assert read("查證的費用有包在裡面嗎", topic="counselling_cost").entry.id == "counselling_cost"


def test_a_numbered_list_of_questions_answers_the_first_and_offers_the_second():
    understood = read("幫主管問的：1. 查證輔導廠商要自己出多少 2. 什麼時候截止報名", "faq_apply_deadlines", 0.8)
    assert understood.entry.id == "counselling_cost" and understood.second.id == "apply_deadlines"


def test_a_contact_asked_in_two_sentences_of_one_subject_is_that_contact():
    understood = read("抵換專案是哪位在負責？有分機嗎", "faq_offset_counselling", 0.8)
    assert understood.entry.id == "contact_offset"


def test_rules_on_a_non_manufacturer_a_capital_increase_and_high_leakage():
    assert read("我們是貿易商 沒有工廠 可以參加輔導嗎", "faq_eligible_industry", 0.8).rule.decision == "no"
    earlier = [normalize_text("我們資本額6000萬 可以申請嗎")]
    understood = understand(normalize_text("那如果增資到1.5億呢"), "follow_up", 0.6, [], "sme_definition", KB, earlier)
    assert understood.rule.decision == "depends"
    earlier = [normalize_text("一年5萬噸碳費多少")]
    understood = understand(normalize_text("如果是高碳洩漏的呢"), "follow_up", 0.6, [], "carbon_fee_rate", KB, earlier)
    assert understood.kind == "rule" and "3,000,000" in understood.rule.text  # 50,000 × 0.2 × 300


def test_a_phone_number_asked_after_a_contact_is_not_a_deadline():
    assert read("他們電話幾號", topic="contact_footprint").entry.id == "contact_footprint"


def test_whether_the_fee_is_due_after_the_2026_registry_is_its_own_answer():
    assert read("那這樣要繳碳費嗎", topic="registry_2026").entry.id == "registry_2026"


def test_another_aspect_of_a_named_subject_after_a_contact_is_that_aspect():
    understood = read("那查證輔導要錢嗎", "faq_counselling_cost", 0.5, topic="contact_inventory")
    assert understood.entry.id == "counselling_cost"
    assert read("那碳足跡的呢", topic="contact_inventory").entry.id == "contact_footprint"


def test_the_cost_of_a_course_is_the_schedule_entry_that_says_what_is_known_of_fees():
    assert read("上課要錢嗎", topic="course_ceo").entry.id == "course_schedule"


def test_of_two_questions_one_no_entry_answers_the_other_is_answered_and_the_first_said_honestly():
    understood = read("報告要保存幾年？另外盤查要準備哪些單據", "faq_inventory_documents", 0.5)
    assert understood.kind == "entry" and understood.entry.id == "inventory_documents"
    assert "保存" in understood.notes["uncovered"]


def test_one_question_no_entry_answers_is_said_honestly():
    understood = read("盤查資料要保存幾年", "faq_inventory_documents", 0.5)
    assert understood.kind == "uncovered"


def test_a_named_counselling_refines_the_programme_the_classifier_saw():
    assert read("碳足跡輔導是哪個單位在辦", "faq_programme_overview", 0.7).entry.id == "footprint_counselling"
    # naming two counsellings compares them: no refinement
    assert read("查證輔導跟碳足跡輔導差在哪", "faq_programme_overview", 0.7).entry.id != "footprint_counselling"


def test_a_refrigerant_code_settles_an_undecided_message():
    understood = read("Ｒ４０４Ａ要不要算進去", "nlu_fallback", 0.2)
    assert understood.kind == "entry" and understood.entry.id == "refrigerant"


def test_a_refrigerant_code_settles_the_first_of_two_questions():
    understood = read("R32漏的怎麼算，另外化糞池又要怎麼算", "faq_septic_tank", 0.7)
    assert understood.entry.id == "refrigerant" and understood.second.id == "septic_tank"


def test_a_verification_body_named_gets_the_bodies_not_the_counselling():
    assert read("DNV跟SGS能幫忙查證嗎", "faq_verification_counselling", 0.8).entry.id == "verification_bodies"
    assert read("查證輔導要自己出多少錢", "faq_verification_counselling", 0.8).entry.id != "verification_bodies"


def test_a_first_question_clearly_of_another_entry_is_answered_first():
    understood = read("碳費怎麼算？另外CBAM跟我們有沒有關係", "faq_cbam_overview", 0.8)
    assert understood.entry.id == "carbon_fee_rate" and understood.second.id == "cbam_overview"


def test_whether_the_topic_concerns_us_applies_its_rule_to_what_was_said():
    from actions.context import rule_on_earlier_turns

    earlier = [normalize_text("我們是做塑膠射出件的")]
    rule = rule_on_earlier_turns(normalize_text("所以我們不用管吧"), "cbam_overview", earlier, KB)
    assert rule is not None and (rule.rule, rule.decision) == ("cbam", "no")


def test_a_comparison_with_something_not_ours_explains_the_term():
    assert read("碳盤查跟盤點存貨是一樣的意思嗎", "faq_term_inventory", 0.8).entry.id == "term_inventory"
    assert read("碳足跡跟碳盤查差在哪", "faq_term_footprint", 0.8).entry.id == "org_vs_product"


def test_numbers_for_the_topics_rule_count_even_beside_a_foreign_word():
    understood = read("我們勞保投保平均一百六十人", "out_of_scope", 0.9, topic="sme_definition")
    assert understood.kind == "rule" and understood.rule.decision == "yes"
    assert read("勞保要怎麼加保", "out_of_scope", 0.9, topic="sme_definition").kind == "none"


def test_whether_something_counts_after_the_boundary_stays_on_the_boundary():
    understood = read("外租的倉庫也要算進去嗎", "nlu_fallback", 0.2, topic="org_boundary")
    assert understood.kind == "entry" and understood.entry.id == "org_boundary"


def test_bodies_named_beside_the_counselling_get_the_bodies_from_any_path():
    from actions.context import with_named_verifier

    counselling = KB.entry("verification_counselling")
    assert with_named_verifier(normalize_text("ＤＮＶ、ＳＧＳ可以嗎"), counselling, KB).id == "verification_bodies"
    assert with_named_verifier(normalize_text("查證輔導要錢嗎"), counselling, KB).id == counselling.id


def test_a_short_first_question_that_stands_out_is_answered_first():
    understood = read("輔導要不要公司出錢？另外報名什麼時候截止", "faq_apply_deadlines", 0.7)
    assert understood.entry.id == "counselling_cost" and understood.second.id == "apply_deadlines"


def test_a_total_with_the_ministry_named_is_the_registry_rule():
    understood = read("一年差不多五千噸 要報給環境部嗎", "inform_activity", 0.6, topic="inventory_report_use")
    assert understood.kind == "rule" and understood.rule.rule == "registry" and understood.rule.decision == "no"


def test_asking_eligibility_in_so_many_words_applies_the_size_said_before():
    from actions.context import rule_named_on_earlier_turns

    earlier = [normalize_text("我們是彰化做模具的 員工差不多九十個")]
    rule = rule_named_on_earlier_turns(normalize_text("這樣可以申請嗎"), earlier)
    assert rule is not None and (rule.rule, rule.decision) == ("sme_eligibility", "yes") and "90" in rule.text
    assert rule_named_on_earlier_turns(normalize_text("那要怎麼申請"), earlier) is None  # how, not whether


def learned(text: str, ranking, intent: str = "follow_up", confidence: float = 0.5, topic: str | None = None):
    return understand(normalize_text(text), intent, confidence, [], topic, KB, (), ranking)


def test_the_follow_up_model_agreeing_answers_what_the_word_lists_would_have_asked_back():
    assert read("要錢嗎", topic="refrigerant").kind == "clarify"
    understood = learned("要錢嗎", [("counselling_cost", 0.4)], topic="refrigerant")
    assert (understood.kind, understood.entry.id) == ("entry", "counselling_cost")


def test_an_unsure_follow_up_asked_back_also_offers_the_models_entry():
    understood = learned("要錢嗎", [("apply_deadlines", 0.2)], topic="refrigerant")
    assert understood.kind == "clarify"
    assert [e.id for e in understood.choices][:1] == ["counselling_cost"]
    assert "apply_deadlines" in [e.id for e in understood.choices]


def test_the_model_clearly_surer_of_another_entry_takes_the_follow_up():
    understood = learned("那要多少錢", [("apply_deadlines", 0.95)], topic="verification_counselling")
    assert (understood.kind, understood.entry.id) == ("entry", "apply_deadlines")
    kept = learned("那要多少錢", [("apply_deadlines", 0.4), ("counselling_cost", 0.3)],
                   topic="verification_counselling")
    assert kept.entry.id == "counselling_cost"


def test_a_message_declined_by_the_nlu_is_answered_only_when_the_model_is_sure_in_context():
    # a product the rule has no word for (an English one it does not list): the model decides
    text, topic = "我們做的是 ceramic mugs 出口德國", "cbam_overview"
    assert read(text, "out_of_scope", 0.89, topic).kind == "none"
    assert learned(text, [("cbam_overview", 0.45)], "out_of_scope", 0.89, topic).kind == "none"
    understood = learned(text, [("cbam_overview", 0.85)], "out_of_scope", 0.89, topic)
    assert (understood.kind, understood.entry.id) == ("entry", "cbam_overview")
    understood = learned("台中有什麼好吃的", [("out_of_scope", 0.9), ("gwp_co2e", 0.1)], "out_of_scope", 0.8,
                         "carbon_fee_rate")
    assert understood.kind == "none"


def test_without_a_topic_the_model_is_not_asked():
    understood = learned("台中有什麼好吃的", [("gwp_co2e", 0.99)], "out_of_scope", 0.8, None)
    assert understood.kind == "none"


def test_a_change_of_subject_is_no_follow_up_whatever_the_model_says():
    understood = learned("換個話題，基準年到底怎麼挑", [("term_footprint", 0.9)], "faq_base_year", 0.5,
                         "term_footprint")
    assert (understood.kind, understood.entry.id) == ("entry", "base_year")


def test_something_else_after_an_answer_is_declined_whatever_the_nlu_took_it_for():
    understood = learned("那一度電現在多少錢", [("electricity_factor", 0.9)], "follow_up", 0.6, "electricity_factor")
    assert understood.kind == "none"
    understood = learned("那匯率呢", [("cbam_overview", 0.9)], "follow_up", 0.6, "cbam_overview")
    assert understood.kind == "none"


def test_a_sure_out_of_scope_of_the_model_declines_a_follow_up_the_word_lists_took():
    text, topic = "那冷氣漏了叫人來補 一次要多少", "refrigerant"
    assert learned(text, [("out_of_scope", 0.8)], "follow_up", 0.6, topic).kind == "none"
    kept = learned("那要多少錢", [("out_of_scope", 0.5), ("counselling_cost", 0.4)], "follow_up", 0.6,
                   "verification_counselling")
    assert (kept.kind, kept.entry.id) == ("entry", "counselling_cost")


def scoped(text: str, outside: float, intent: str = "faq_refrigerant", confidence: float = 0.9,
           topic: str | None = None):
    return understand(normalize_text(text), intent, confidence, [], topic, KB, (), (), outside)


def test_the_scope_model_sure_of_out_of_scope_declines_what_the_nlu_answered():
    from actions.context import OUTSIDE

    assert scoped("R410A冷媒一桶現在多少錢", OUTSIDE).kind == "none"
    assert scoped("那冷氣多久要保養一次", OUTSIDE + 0.2, "follow_up", 0.6, "refrigerant").kind == "none"
    kept = scoped("R410A冷媒要怎麼算", OUTSIDE - 0.01)
    assert (kept.kind, kept.entry.id) == ("entry", "refrigerant")


def test_numbers_of_the_topics_rule_are_answered_though_a_word_is_never_ours_but_not_when_the_scope_model_is_sure():
    from actions.context import OUTSIDE

    text = "我們勞保平均大概一百二十人"
    understood = scoped(text, OUTSIDE - 0.4, "out_of_scope", 1.0, "sme_definition")
    assert understood.kind == "rule" and understood.rule is not None and understood.rule.decision == "yes"
    assert scoped("那現在出口到歐洲的40呎貨櫃 運費一個多少", OUTSIDE + 0.4, "out_of_scope", 1.0,
                  "cbam_overview").kind == "none"


def test_numbers_after_the_counselling_are_the_rule_of_the_entry_the_follow_up_model_is_sure_of():
    understood = understand(normalize_text("我們勞保平均210人"), "out_of_scope", 1.0, [], "inventory_counselling", KB,
                            (), [("sme_definition", 0.8)], 0.1)
    assert understood.kind == "rule" and understood.rule is not None and understood.rule.rule == "sme_eligibility"



def test_a_buttons_payload_is_never_weighed_by_the_scope_model():
    from actions.faq import outside_probability

    assert outside_probability("/faq_calculator", [], None, KB) is None


def test_a_long_story_the_classifier_declined_gets_its_likeliest_faq_when_the_scope_model_is_sure_it_is_ours():
    from actions.context import RANKED_FAQ, SURELY_OURS_RANKED

    text = normalize_text("我們是家庭式的小工廠 做了三十幾年 聽公會的人說政府有免費幫忙做碳盤查 電腦都不太會用 到底要怎麼申請")
    ranking = [{"name": "out_of_scope", "confidence": 0.6}, {"name": "faq_apply_how", "confidence": RANKED_FAQ + 0.05}]
    taken = understand(text, "out_of_scope", 0.6, ranking, None, KB, (), (), SURELY_OURS_RANKED)
    assert (taken.kind, taken.entry.id) == ("entry", "apply_how")
    # not sure enough that it is ours, or the classifier's FAQ too unlikely: declined as before
    assert understand(text, "out_of_scope", 0.6, ranking, None, KB, (), (), SURELY_OURS_RANKED + 0.05).kind == "none"
    weak = [ranking[0], {"name": "faq_apply_how", "confidence": RANKED_FAQ - 0.05}]
    assert understand(text, "out_of_scope", 0.6, weak, None, KB, (), (), 0.0).kind == "none"
    # a message naming none of our subjects never gets an FAQ this way
    lunch = normalize_text("那天中午有供餐嗎 要不要自己帶便當")
    assert understand(lunch, "out_of_scope", 0.6, ranking, None, KB, (), (), 0.0).kind == "none"


def test_a_message_of_nothing_but_an_aspect_is_a_follow_up_whatever_the_scope_model_made_of_it():
    from actions.context import OUTSIDE

    understood = understand(normalize_text("電話咧"), "nlu_fallback", 0.2, [], "contact_programme", KB, (), (),
                            OUTSIDE + 0.05)
    assert (understood.kind, understood.entry.id) == ("entry", "contact_programme")
    # the same aspect with a story of its own around it stays with the scope model
    story = normalize_text("修冷氣的師傅電話咧")
    assert understand(story, "nlu_fallback", 0.2, [], "refrigerant", KB, (), (), OUTSIDE + 0.05).kind == "none"


def test_what_the_fee_comes_to_after_its_verdict_is_applied_to_the_earlier_amount_whatever_the_scope_model_said():
    from actions.context import OUTSIDE

    earlier = [normalize_text("一年排碳兩萬七千噸 要繳碳費嗎")]
    understood = understand(normalize_text("那要繳多少"), "nlu_fallback", 0.2, [], "carbon_fee_who", KB, earlier, (),
                            OUTSIDE + 0.05)
    assert understood.kind == "rule" and understood.rule.entry_id == "carbon_fee_rate"
    assert "600,000" in understood.rule.text


def test_a_shop_that_only_sells_is_not_a_manufacturer():
    understood = read("我們是五金行 只有在賣 沒有自己做 可以申請嗎", topic="eligible_industry")
    assert understood.kind == "rule" and understood.rule.decision == "no"


def test_what_the_programme_never_does_gets_no_rule_though_it_names_a_product_of_it():
    understood = understand(normalize_text("歐盟對 bolts 的 anti-dumping 稅率多少"), "out_of_scope", 1.0, [],
                            "cbam_overview", KB)
    assert understood.kind == "none"


def test_asking_whom_to_call_with_nothing_before_gets_the_contacts():
    understood = read("有問題要打給誰 給我電話", "follow_up", 0.7)
    assert (understood.kind, understood.entry.id) == ("entry", "contacts_all")
    # a cost asked with nothing before stays unanswered: which cost is not known
    assert read("那要多少錢", "follow_up", 0.7).kind != "entry"


def test_two_questions_about_one_subject_answer_it_for_the_first():
    # the first question's own search has the recognised entry all but level with its best: it is the first's
    understood = read("抵換專案 is what? 跟碳權有關嗎", "faq_term_offset", 0.47)
    assert understood.entry.id == "term_offset"


def test_when_the_courses_are_held_is_their_schedule_not_a_definition():
    # 是什麼時候 holds 是什麼: the time is asked, not what the courses are
    assert read("下一梯是什麼時候 在哪邊上", topic="courses_overview").entry.id == "course_schedule"


def test_a_widening_asked_after_who_must_register_is_the_2026_expansion():
    assert read("那以後登錄的對象會擴大嗎", topic="registry_rules").entry.id == "registry_2026"


def test_separately_and_still_do_not_split_a_question():
    from actions.context import questions_in

    assert questions_in("鍋爐的重油沒有另外抄表要怎麼估") == ["鍋爐的重油沒有另外抄表要怎麼估"]
    assert questions_in("輔導今年還有名額嗎") == ["輔導今年還有名額嗎"]
    assert questions_in("碳費怎麼算還有cbam會不會影響") == ["碳費怎麼算", "cbam會不會影響"]


def test_what_a_counselling_does_asked_first_is_answered_before_its_cost():
    understood = read("聽說有碳足跡的輔導，是做什麼的？要付費嗎？", "faq_footprint_counselling", 0.55)
    assert understood.entry.id == "footprint_counselling"


def test_recruitment_and_finding_customers_are_never_the_programmes():
    assert read("產發署約僱人員的招考簡章在哪", "faq_contact_authority", 0.4, topic="agency_rename").kind == "none"
    # the NLU's lexicon component declines what the programme never does; no CBAM rule is applied to it either
    assert read("可以幫我們介紹做CBAM的日本買家嗎", "out_of_scope", 1.0).kind == "none"
    assert read("可以幫我們介紹做CBAM的日本買家嗎", "faq_cbam_exporter", 0.4).kind != "rule"


def test_a_longer_follow_up_is_answered_when_classifier_and_follow_up_model_agree_despite_the_scope_model():
    understood = understand(normalize_text("下一梯是什麼時候在哪邊上課"), "faq_course_schedule", 0.45, [],
                            "courses_overview", KB, [normalize_text("有哪些課")],
                            learned=(("course_schedule", 0.95),), outside=0.7)
    assert understood.entry.id == "course_schedule"
    unsure = understand(normalize_text("下一梯是什麼時候在哪邊上課"), "faq_course_schedule", 0.45, [],
                        "courses_overview", KB, [normalize_text("有哪些課")],
                        learned=(("course_schedule", 0.6),), outside=0.7)
    assert unsure.kind == "none"


def test_whom_to_contact_asked_in_english_after_an_answer_is_that_subjects_contact():
    assert read("who is the contact person", "follow_up", 0.4, topic="term_offset").entry.id == "contact_offset"


def test_taiwanese_how_to_apply_is_the_application_not_the_free_of_charge_it_mentions():
    understood = read("阮頭家講有免費的盤查輔導 欲按怎申請 表格愛寄佗位", "faq_apply_how", 0.4)
    assert understood.entry.id == "apply_how"


def test_which_firms_asked_with_emphasis_is_who_must_not_the_term():
    understood = read("到底是哪些工廠規定一定要做盤查", "faq_who_must_inventory", 0.55)
    assert understood.entry.id == "who_must_inventory"


def test_selection_asked_in_english_after_a_counselling_is_the_selection():
    assert read("要 screening 嗎", topic="inventory_counselling").entry.id == "apply_selection"


def test_a_buttons_payload_after_a_rule_is_not_resolved_as_a_short_follow_up():
    from knowledge.followup import spoken_length

    assert spoken_length("/faq_eligible_industry") == len("/faq_eligible_industry")
    assert spoken_length("who should I contact") < len("who should I contact")

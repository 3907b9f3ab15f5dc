"""Follow-ups resolved against the topic of the previous answer (knowledge/followup.py, followups.yaml)."""

from __future__ import annotations

import pytest

from knowledge import normalize_text
from knowledge.followup import entry_ids, load_followups, resolve


@pytest.mark.parametrize("topic, text, expected", [
    ("verification_counselling", "那要多少錢", "counselling_cost"),      # the aspect, for this topic
    ("verification_counselling", "截止日呢", "apply_deadlines"),
    ("offset_counselling", "要錢嗎", "counselling_cost"),
    ("carbon_fee_rate", "要錢嗎", "carbon_fee_rate"),                    # the same aspect, another topic
    ("footprint_counselling", "那要找誰", "contact_footprint"),          # the topic's own contact
    ("term_offset", "窗口電話多少", "contact_offset"),
    ("electricity_factor", "那2025呢", "electricity_factor"),            # no aspect: the topic again
    ("course_seed", "幾天", "course_seed"),
    ("course_ceo", "那講習班呢", "course_workshop"),                     # a neighbour named
    ("refrigerant", "那R22呢", "refrigerant"),
    ("verification_bodies", "SGS可以嗎", "verification_bodies"),
    ("term_footprint", "跟盤查差在哪", "org_vs_product"),
    ("carbon_fee_rate", "那我們要繳嗎", "carbon_fee_who"),
    ("registry_rules", "期限是什麼時候", "registry_rules"),
    ("offset_counselling", "報名到哪天", "apply_deadlines"),              # 2026-12-01: more ways to ask
    ("calculator", "要怎麼操作", "calculator"),
    ("footprint_counselling", "那自籌款呢", "counselling_cost"),
    ("current_year", "那要打去哪裡", "contact_programme"),
    ("term_offset", "這個有人可以幫忙申請嗎", "offset_counselling"),     # 2026-12-01 (fourth round): help with it
    ("term_footprint", "你們有協助嗎", "footprint_counselling"),
    ("inventory_counselling", "可以上網申請嗎", "apply_how"),            # applying online is how to apply
    ("verification_counselling", "要跟誰申請", "apply_how"),
    ("cbam_overview", "那要先準備啥", "cbam_exporter"),
    ("inventory_counselling", "我要報名 第一步是什麼", "apply_how"),     # wanting to join: how to apply
    ("case_textile", "那家花了多少錢", "case_textile"),                # what the case cost is in the case
    ("refrigerant", "R407C那種呢", "refrigerant"),                    # a value the topic's own answer lists
    ("offset_counselling", "收件到幾號", "apply_deadlines"),
    ("carbon_fee_rate", "能不能少繳一點", "carbon_fee_rate"),          # a cheaper way is the rates
    ("course_ceo", "公司裡什麼人適合", "course_ceo"),                  # whom a course is for is in its answer
    ("term_emission_factor", "公告的數字哪裡查", "emission_factor_source"),
    ("base_year", "萬一併了一間廠 要重算嗎", "base_year"),              # 萬一… starts a follow-up
    ("apply_how", "送件後會不會被退件", "apply_selection"),
    ("term_scope", "其餘的也要做嗎", "term_scope"),                     # the rest of what was just explained
    ("apply_how", "申請表要寄到哪", "apply_how"),                      # where the form goes is how to apply
    ("registry_rules", "那物流業也需要喔", "registry_rules"),            # also …? of what was just said
    ("term_footprint", "說白話一點", "term_footprint"),                 # plainer words, same answer
    ("netzero_pledges", "台灣有幾家", "netzero_pledges"),
    ("course_ceo", "要怎麼報名", "course_schedule"),                   # a course's sign-up is in the schedule entry
    ("emission_sources", "那要準備哪些單據", "inventory_documents"),
    ("septic_tank", "那要填哪個", "septic_tank"),
    ("term_scope", "講簡單點", "term_scope"),
    ("emission_formula", "那數字要從哪查", "emission_factor_source"),
])
def test_a_follow_up_is_answered_for_the_topic(kb, topic, text, expected):
    resolution = resolve(normalize_text(text), topic, kb)
    assert resolution is not None and resolution.sure, (text, resolution)
    assert resolution.entry_id == expected


def test_an_aspect_far_from_its_general_answer_is_asked_back(kb):
    resolution = resolve("要錢嗎", "refrigerant", kb)  # the fee of a refrigerant? ask before answering
    assert resolution is not None and not resolution.sure and resolution.entry_id == "counselling_cost"


@pytest.mark.parametrize("topic, text", [
    ("verification_counselling", "碳費怎麼算"),                          # names its own subject
    ("verification_counselling", "請問一下冷媒的逸散率要怎麼查，我們有三台冰水機"),  # a full question
    (None, "那要多少錢"),                                                # no topic to resolve against
])
def test_a_question_of_its_own_is_not_a_follow_up(kb, topic, text):
    assert resolve(normalize_text(text), topic, kb) is None


def test_the_file_names_only_entries_that_exist(kb):
    missing = entry_ids(load_followups()) - {e.id for e in kb.entries}
    assert not missing


@pytest.mark.parametrize("topic, text, sure", [
    ("electricity_factor", "111年的", True),     # that year's figure of a yearly topic
    ("electricity_factor", "那2023呢", True),
    ("sme_definition", "111年的", False),        # a year means nothing special for eligibility
])
def test_a_year_alone_asks_for_that_years_figure_of_a_yearly_topic(kb, topic, text, sure):
    resolution = resolve(normalize_text(text), topic, kb)
    assert resolution is not None and resolution.entry_id == topic and resolution.sure is sure


@pytest.mark.parametrize("topic, text, expected", [
    ("course_workshop", "那老闆適合的是哪個", "course_ceo"),       # a neighbour by what it is for, fillers aside
    ("course_ceo", "那基層同仁呢", "course_seed"),
    ("course_seed", "廠長呢", "course_workshop"),
    ("refrigerant", "那綠電呢", "green_electricity"),               # a neighbour by a term
    ("contact_inventory", "那抵換專案的呢", "contact_offset"),     # after a contact: the contact of what is named
    ("verification_counselling", "DNV可以嗎", "verification_bodies"),  # a verification body by its alias
    ("term_verification", "找台灣衛理做可以嗎", "verification_bodies"),
    ("septic_tank", "工時哪裡查", "septic_tank"),                    # where to find the topic's own data
    ("apply_how", "有什麼評選標準", "apply_selection"),
    ("inventory_counselling", "這個也要評選才能報名嗎", "apply_selection"),  # selection wins over eligibility
    ("verification_counselling", "要付多少$", "counselling_cost"),
    ("footprint_counselling", "是哪個單位在辦", "footprint_counselling"),  # its own answer says who runs it
])
def test_a_follow_up_is_compared_with_the_topic_and_its_neighbours_on_its_own_words(kb, topic, text, expected):
    resolution = resolve(normalize_text(text), topic, kb)
    assert resolution is not None and resolution.sure, (text, resolution)
    assert resolution.entry_id == expected


def test_fillers_and_numbers_are_not_what_a_follow_up_names():
    from knowledge.followup import content_of

    assert content_of("那給老闆上的那個呢", load_followups()).split() == ["老闆"]
    assert content_of("那2025年的呢", load_followups()).split() == ["年"]


def test_a_neighbour_that_matches_less_than_an_entry_further_away_does_not_take_the_message(kb):
    # 碳費 shares 費 with the counselling's cost, but the carbon fee's own entries match it far better
    assert resolve(normalize_text("碳費怎麼算"), "verification_counselling", kb) is None


def test_a_verification_body_is_named_as_a_whole_word(kb):
    from knowledge.followup import names_verifier

    assert names_verifier("bv可以做嗎", kb) and names_verifier("找sgs", kb)
    assert not names_verifier("obvious", kb) and not names_verifier("etcetera", kb)


@pytest.mark.parametrize("topic, text, expected", [
    ("electricity_factor", "那柴油的呢", "emission_factor_source"),     # a fuel after the electricity factor
    ("electricity_factor", "那LPG呢", "emission_factor_source"),
    ("electricity_factor", "那蒸汽的呢", "purchased_steam"),            # a neighbour, not a fuel
    ("emission_formula", "GWP要去哪裡查", "gwp_co2e"),                  # the aspect's words are not the subject
    ("inventory_documents", "有沒有範本", "inventory_example"),
    ("reduction_hotspots", "有實例嗎", "case_textile"),
    ("term_inventory", "跟碳足跡一樣嗎", "org_vs_product"),             # a comparison names the other thing
])
def test_a_follow_up_naming_another_subject_asks_the_same_of_it(kb, topic, text, expected):
    resolution = resolve(normalize_text(text), topic, kb)
    assert resolution is not None and resolution.sure and resolution.entry_id == expected, resolution


@pytest.mark.parametrize("topic, text", [
    ("registry_2026", "那要請第三方查證嗎"),
    ("registry_2026", "需要找人查證嗎"),
])
def test_whether_an_obligation_needs_verification_is_its_own_answer(kb, topic, text):
    resolution = resolve(normalize_text(text), topic, kb)
    assert resolution is not None and resolution.entry_id == topic


@pytest.mark.parametrize("text, aspect", [
    ("品牌客戶寄mail來要我們做盤查 我們要從哪開始", "steps"),  # the customer's e-mail is the story, not the question
    ("我們主要做貿易 但有一條小line做組裝", None),              # a production line, not the LINE app
    ("窗口的mail多少", "contact"),
    ("你們有官方line嗎", "contact"),
    ("承辦人的email", "contact"),
])
def test_the_contact_aspect_needs_a_contact_asked_for(text, aspect):
    from knowledge.followup import aspect_of, load_followups

    found = aspect_of(normalize_text(text), load_followups())
    assert (found.id if found else None) == aspect


@pytest.mark.parametrize("topic, text, entry", [
    ("offset_counselling", "欲揣啥人", "contact_offset"),      # Taiwanese: whom to look for
    ("course_seed", "愛上偌久", "course_seed"),                # how long (the course's own answer has its days)
    ("carbon_fee_rate", "啥物時陣開始收", "carbon_fee_who"),   # when it starts
    ("inventory_steps", "第一步那個邊界要怎麼抓", "org_boundary"),  # the step the steps' answer names first
    ("inventory_steps", "第一步的範圍要怎麼畫", "org_boundary"),
])
def test_taiwanese_aspects_and_the_first_step_resolve(kb, topic, text, entry):
    resolution = resolve(normalize_text(text), topic, kb)
    assert resolution is not None and resolution.entry_id == entry and resolution.sure

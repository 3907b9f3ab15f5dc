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

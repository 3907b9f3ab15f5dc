"""The Rasa NLU component over the statement interpreter (nlu/activity_extractor.py). Runs in .venv-rasa."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa", reason="run in .venv-rasa: make test does")

from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from nlu.activity_extractor import ActivityExtractor  # noqa: E402


@pytest.fixture(scope="module")
def extractor() -> ActivityExtractor:
    return ActivityExtractor(ActivityExtractor.get_default_config())


def parsed(extractor: ActivityExtractor, text: str, intent: str = "faq_natural_gas", confidence: float = 0.3):
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": confidence}})
    extractor.process([message])
    return message


@pytest.mark.parametrize("text", ["用電每個月大概3萬5千度", "燃料煤用了8,537公噸", "乾燥設備天然氣用了54,835,200立方公尺",
                                  "沒有買蒸汽", "其他都沒有了，幫我算"])
def test_data_statements_become_inform_activity(extractor, text):
    message = parsed(extractor, text)
    assert message.get(INTENT)["name"] == "inform_activity" and message.get(INTENT)["confidence"] >= 0.95


def test_activity_entities_carry_the_claim_on_token_aligned_spans(extractor):
    message = parsed(extractor, "乾燥設備天然氣用了54,835,200立方公尺、電用了896萬度")
    activities = [e for e in message.get(ENTITIES) if e["entity"] == "activity"]
    assert [(a["value"]["source"], a["value"]["readings"]) for a in activities] == [
        ("natural_gas", ["54835200"]), ("electricity", ["8960000"])]
    text = message.get(TEXT)
    assert text[activities[0]["start"]:activities[0]["end"]].startswith("54,835,200")


def test_a_year_and_the_wish_to_take_an_inventory_start_one(extractor):
    message = parsed(extractor, "想做112年度碳盤查", "faq_org_vs_product", 0.24)
    assert message.get(INTENT)["name"] == "inventory_start"
    assert any(e["entity"] == "inventory_year" and e["value"] == 2023 for e in message.get(ENTITIES))


def test_an_inventory_intent_keeps_its_name_but_is_made_sure(extractor):
    message = parsed(extractor, "刪掉汽油1,850公升", "inventory_delete", 0.4)
    assert message.get(INTENT) == {"name": "inventory_delete", "confidence": 0.95}


@pytest.mark.parametrize("text", ["重油一公升排多少二氧化碳？", "碳盤查要準備哪些資料", "我們公司250人可以申請輔導嗎"])
def test_questions_are_left_to_the_classifier(extractor, text):
    assert parsed(extractor, text).get(INTENT)["name"] == "faq_natural_gas"

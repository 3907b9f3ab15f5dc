"""The key facts of every topic, asked the way people ask, answered through /api/chat.

A wrong edit of the content (a deadline, an amount, a phone number) or a model that sends the question to the
wrong entry fails the build.
"""

from __future__ import annotations

import uuid

import pytest

from tests.fakes.replies import texts

pytestmark = pytest.mark.rasa

KEY_FACTS = [
    ("我們公司250人可以申請輔導嗎", ["1億", "200"]),
    ("報名截止日是哪天", ["3/1", "4/23"]),
    ("查證輔導要自己出多少錢", ["9萬"]),
    ("有哪些輔導項目", ["240", "40", "60", "22"]),
    ("盤查輔導找誰", ["范御羣", "(02)2784-4188", "5148", "pol78917@ftis.org.tw"]),
    ("抵換專案找誰", ["楊智傑", "5248", "jackyang@ftis.org.tw"]),
    ("碳足跡輔導找誰", ["朱志弘", "(03)591-2565", "vespachu@itri.org.tw"]),
    ("計畫主持人是誰", ["馬勝雄", "5130", "ma@ftis.org.tw"]),
    ("主辦單位聯絡人", ["林玠佑", "(02)2754-1255", "2714", "jylin7@moeaidb.gov.tw"]),
    ("電力排碳係數多少", ["0.509", "0.495", "0.474"]),
    ("碳費怎麼算", ["300", "25,000"]),
    ("CBAM是什麼", ["2026", "鋼鐵", "鋁"]),
    ("工業局改名了嗎", ["產業發展署", "2023年9月26日"]),
    ("有哪些碳盤查課程", ["CEO班", "講習班", "種子班"]),
    ("排放量怎麼計算", ["活動數據", "排放係數", "GWP"]),
    ("查證機構有哪些", ["taftw.org.tw"]),
    ("活動數據怎麼取得", ["採購量", "庫存", "採購金額"]),
    ("紡織業案例", ["27,240"]),
    ("哪些企業要做碳盤查", ["金管會", "CBAM"]),
]


@pytest.mark.parametrize("question, facts", KEY_FACTS, ids=[q for q, _ in KEY_FACTS])
def test_key_facts(chat, question, facts):
    answer = texts(chat(f"facts-{uuid.uuid4().hex[:8]}", question))
    missing = [fact for fact in facts if fact not in answer]
    assert not missing, f"{question} → missing {missing} in: {answer[:300]}"

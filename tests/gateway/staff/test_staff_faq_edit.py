"""Admins edit an FAQ answer in the console: checked like `make check-knowledge`, written into the knowledge
file in place, versioned, and served by the bot at once (the gateway and knowledge.get_knowledge())."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from gateway.staff.faq_edit import replace_entry_values
from gateway.texts import load_texts
from knowledge import get_knowledge, validate_content
from knowledge.check import CONTENT_DIR, errors

TEXTS = load_texts()
ENTRY = "sme_definition"
NEW_ANSWER = "115年度計畫的輔導對象：\n・實收資本額新臺幣1億元以下，或\n・經常僱用員工數未滿200人"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    return folder


@pytest.fixture
def admin_gateway(make_gateway, content):
    gateway = make_gateway(knowledge_dir=content)
    gateway.add_user("boss", "admin", "陳主任")
    return gateway


def _file_of(folder: Path, entry_id: str) -> Path:
    return next(p for p in folder.glob("*.yaml") if f"- id: {entry_id}\n" in p.read_text(encoding="utf-8"))


def test_an_admin_edit_is_written_in_place_versioned_and_live_at_once(admin_gateway, content):
    path = _file_of(content, ENTRY)
    before_text = path.read_text(encoding="utf-8")
    before = get_knowledge(content).entry(ENTRY)
    boss = admin_gateway.login("boss")

    response = boss.put(f"/api/staff/faq/{ENTRY}",
                        json={"answer": NEW_ANSWER + "  \r\n", "source": "115年度計畫簡章", "as_of": "2026-02-01"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["entry"]["answer"] == NEW_ANSWER and body["entry"]["as_of"] == "2026-02-01"

    live = get_knowledge(content).entry(ENTRY)  # what the actions read on the next question
    assert (live.answer, live.source, live.as_of.isoformat()) == (NEW_ANSWER, "115年度計畫簡章", "2026-02-01")
    assert errors(validate_content(content)) == []
    after_text = path.read_text(encoding="utf-8")
    # only the three values changed: comments, questions and the other entries are as they were
    changed = {line for line in after_text.splitlines() if line not in before_text.splitlines()}
    assert changed and changed <= {*("    " + line for line in NEW_ANSWER.split("\n")), "  source: 115年度計畫簡章",
                       "  as_of: 2026-02-01"}
    assert "  answer: |" in after_text.splitlines()
    assert len(after_text.splitlines()) == len(before_text.splitlines()) - before.answer.count("\n") \
        + NEW_ANSWER.count("\n")
    assert [line for line in before_text.splitlines() if line.startswith("#")] == \
        [line for line in after_text.splitlines() if line.startswith("#")]

    versions = boss.get(f"/api/staff/faq/{ENTRY}/versions").json()
    assert len(versions) == 1
    assert versions[0]["editor"] == "boss" and versions[0]["file"] == path.name
    assert versions[0]["before"] == {"answer": before.answer, "source": before.source,
                                     "as_of": before.as_of.isoformat()}
    assert versions[0]["after"]["answer"] == NEW_ANSWER
    listed = {e["id"]: e for e in boss.get("/api/staff/faq").json()}
    assert listed[ENTRY]["answer"] == NEW_ANSWER


def test_an_edit_that_fails_the_knowledge_check_is_refused_and_nothing_changes(admin_gateway, content):
    path = _file_of(content, ENTRY)
    before_text = path.read_text(encoding="utf-8")
    boss = admin_gateway.login("boss")

    future = boss.put(f"/api/staff/faq/{ENTRY}", json={"answer": "新答案", "source": "來源", "as_of": "2999-01-01"})
    assert future.status_code == 422
    assert future.json()["error"].startswith("內容未通過知識庫檢查")
    assert any("future" in p for p in future.json()["problems"])
    assert path.read_text(encoding="utf-8") == before_text
    assert boss.get(f"/api/staff/faq/{ENTRY}/versions").json() == []

    blank = boss.put(f"/api/staff/faq/{ENTRY}", json={"answer": "   ", "source": "來源", "as_of": "2025-01-01"})
    assert blank.status_code == 422 and "answer" in blank.json()["error"]
    bad_date = boss.put(f"/api/staff/faq/{ENTRY}", json={"answer": "x", "source": "來源", "as_of": "去年"})
    assert bad_date.status_code == 422 and "as_of" in bad_date.json()["error"]
    missing = boss.put("/api/staff/faq/no_such_entry", json={"answer": "x", "source": "y", "as_of": "2025-01-01"})
    assert missing.status_code == 404 and missing.json()["error"] == TEXTS.get("staff.faq_not_found")
    assert path.read_text(encoding="utf-8") == before_text


def test_a_contacts_entry_must_keep_showing_its_contact(admin_gateway, content):
    """A cross-entry rule of the knowledge check (the answer must print the contact's phone and e-mail)."""
    boss = admin_gateway.login("boss")
    response = boss.put("/api/staff/faq/contact_offset",
                        json={"answer": "請來電洽詢。", "source": "測試", "as_of": "2025-01-01"})
    assert response.status_code == 422
    assert any("contact" in p for p in response.json()["problems"])


@pytest.mark.parametrize("answer", ["一行", "第一行\n\n第三行：冒號 # 井號", "- 看起來像清單\n'引號'"])
def test_the_in_place_edit_reads_back_exactly(content, answer):
    path = _file_of(content, ENTRY)
    text = replace_entry_values(path.read_text(encoding="utf-8"), ENTRY,
                                {"answer": answer, "source": "來源: 有冒號", "as_of": "2025-01-01"})
    (entry,) = [e for e in yaml.safe_load(text) if e["id"] == ENTRY]
    assert entry["answer"].strip() == answer and entry["source"] == "來源: 有冒號"
    others_before = [e for e in yaml.safe_load(path.read_text(encoding="utf-8")) if e["id"] != ENTRY]
    assert [e for e in yaml.safe_load(text) if e["id"] != ENTRY] == others_before

"""Finding 5 of issue 14 on the real stack: after 「刪除我的資料」 nothing of the user is left, neither in the
gateway's database nor in the SQLite tracker store the Rasa servers write (var/rasa-tracker.db of make run)."""

from __future__ import annotations

import json
import sqlite3
import uuid

import pytest

from gateway.privacy import CONFIRM_PAYLOAD
from tests.fakes.replies import texts

pytestmark = pytest.mark.rasa


def rows_with(path, needle: str) -> list[str]:
    """Rows holding `needle` as is or as JSON writes it (Rasa's events escape non-ASCII: \\u793a…)."""
    forms = {needle, json.dumps(needle)[1:-1]}
    found = []
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                if any(form in " ".join(str(value) for value in row) for form in forms):
                    found.append(f"{table}: {row!r}"[:160])
    return found


def test_deleting_my_data_leaves_no_row_with_my_text_in_either_store(chat, chat_client, stack):
    company = f"示範紡織{uuid.uuid4().hex[:6]}"
    who = f"privacy-{uuid.uuid4().hex[:6]}"
    chat(who, "我想做碳盤查")
    chat(who, "110年")
    chat(who, f"公司是{company}")
    gateway_db = stack.var_dir / "gateway.db"
    assert rows_with(stack.tracker_db, company), "Rasa keeps what the user typed"
    assert rows_with(gateway_db, company)

    assert "刪除" in texts(chat(who, "刪除我的資料"))
    done = texts(chat(who, CONFIRM_PAYLOAD))
    assert "已刪除" in done and "對話引擎" in done

    assert rows_with(stack.tracker_db, company) == []
    assert rows_with(stack.tracker_db, chat_client.conversation_key(who)) == []
    assert rows_with(gateway_db, company) == []
    # and the dialogue starts afresh: the next message is a new conversation
    assert "哪一年" in texts(chat(who, "我想做碳盤查"))

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from knowledge import ContentError, get_knowledge, load_knowledge
from knowledge.textnorm import normalize_text

from kb_helpers import edit_yaml, find_entry


def test_cached_until_a_file_changes(content_copy: Path) -> None:
    first = load_knowledge(content_copy)
    assert load_knowledge(content_copy) is first
    assert get_knowledge(content_copy) is first


def _bump(path: Path) -> None:
    # make sure the mtime moves even on coarse-clock filesystems
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def test_edited_answer_is_live_without_restart(content_copy: Path) -> None:
    kb = get_knowledge(content_copy)
    old = kb.entry("carbon_fee_rate").answer
    edit_yaml(content_copy / "context.yaml",
              lambda d: find_entry(d, "carbon_fee_rate").update(answer="碳費費率已調整，請洽環境部。"))
    _bump(content_copy / "context.yaml")
    new = get_knowledge(content_copy)
    assert new is not kb
    assert new.entry("carbon_fee_rate").answer == "碳費費率已調整，請洽環境部。" != old
    # the search index follows the edit too
    assert new.search("碳費費率已調整")[0][0].id == "carbon_fee_rate"


def test_edited_link_and_date_are_live(content_copy: Path) -> None:
    get_knowledge(content_copy)
    edit_yaml(content_copy / "eligibility.yaml",
              lambda d: find_entry(d, "calculator").update(answer="新網址：https://example.org/calc", as_of="2026-11-01"))
    _bump(content_copy / "eligibility.yaml")
    entry = get_knowledge(content_copy).entry("calculator")
    assert "https://example.org/calc" in entry.answer and entry.as_of.isoformat() == "2026-11-01"


def test_broken_edit_keeps_serving_last_good(content_copy: Path) -> None:
    good = get_knowledge(content_copy)
    edit_yaml(content_copy / "context.yaml", lambda d: find_entry(d, "carbon_fee_rate").pop("source"))
    _bump(content_copy / "context.yaml")
    assert get_knowledge(content_copy) is good  # the bot keeps answering
    with pytest.raises(ContentError) as err:
        load_knowledge(content_copy)  # the strict loader says why
    assert "missing field 'source'" in str(err.value)


def test_first_load_of_broken_content_raises(content_copy: Path) -> None:
    (content_copy / "contacts.yaml").unlink()
    with pytest.raises(ContentError):
        get_knowledge(content_copy)


def test_new_file_is_picked_up(content_copy: Path) -> None:
    kb = get_knowledge(content_copy)
    (content_copy / "extra.yaml").write_text(
        (content_copy / "glossary.yaml").read_text(encoding="utf-8")
        .replace("id: term_", "id: extra_term_").replace("title: ", "title: 另")
        .replace("    - ", "    - 另外問"), encoding="utf-8")
    time.sleep(0.01)
    bigger = get_knowledge(content_copy)
    assert len(bigger.entries) == len(kb.entries) + sum(e.topic == "glossary" for e in kb.entries)
    assert bigger.entry("extra_term_scope") is not None


def test_entries_are_ordered_by_topic(kb) -> None:
    from knowledge import TOPICS

    order = [TOPICS.index(e.topic) for e in kb.entries]
    assert order == sorted(order)
    assert kb.entries[0].id == "sme_definition"


def test_entry_for_intent(kb) -> None:
    assert kb.entry_for_intent("faq_refrigerant") is kb.entry("refrigerant")
    assert kb.entry_for_intent("out_of_scope") is None
    assert kb.entry("nothing") is None


def test_normalize_text_uses_current_corrections() -> None:
    assert normalize_text("碳盤茶") == "碳盤查"

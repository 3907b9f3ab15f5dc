"""The validator accepts the shipped content and catches each kind of error."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from knowledge import validate_content, validate_entry
from knowledge.__main__ import main
from knowledge.check import errors

from kb_helpers import TODAY, edit_yaml, find_entry


def messages(path: Path) -> list[str]:
    return [f"{p.where}: {p.message}" for p in errors(validate_content(path, today=TODAY))]


def test_shipped_content_has_no_problems() -> None:
    problems = validate_content(today=TODAY)
    assert problems == [], "\n".join(map(str, problems))


def test_cli_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_cli_check_fails_on_broken_copy(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_yaml(content_copy / "method.yaml", lambda d: d[0].pop("source"))
    assert main(["check", "--path", str(content_copy)]) == 1
    out = capsys.readouterr().out
    assert "missing field 'source'" in out and "check failed" in out


def _entry_change(entry_id: str, change: Any) -> Any:
    def apply(data: list[dict[str, Any]]) -> None:
        change(find_entry(data, entry_id))
    return apply


ENTRY_BREAKS = [
    ("missing source", lambda e: e.pop("source"), "missing field 'source'"),
    ("missing as_of", lambda e: e.pop("as_of"), "missing field 'as_of'"),
    ("bad as_of", lambda e: e.update(as_of="2023-13-45"), "as_of must be an ISO date"),
    ("future as_of", lambda e: e.update(as_of="2099-01-01"), "is in the future"),
    ("bad id", lambda e: e.update(id="Refrigerant-Calc"), "id must be snake_case"),
    ("bad topic", lambda e: e.update(topic="misc"), "topic must be one of"),
    ("long title", lambda e: e.update(title="這是一個非常非常非常非常長的按鈕標題文字"), "at most 16"),
    ("few questions", lambda e: e.update(questions=e["questions"][:3]), "give 8-25"),
    ("repeated question", lambda e: e["questions"].append(e["questions"][0]), "question repeated"),
    ("empty answer", lambda e: e.update(answer="  "), "answer must be a non-empty string"),
    ("unknown related", lambda e: e.update(related=["no_such_entry"]), "related id 'no_such_entry' does not exist"),
    ("self related", lambda e: e.update(related=[e["id"]]), "related lists the entry itself"),
    ("no related", lambda e: e.update(related=[]), "related must be a non-empty list"),
    ("unknown contact", lambda e: e.update(contact="nobody"), "contact 'nobody' is not in contacts.yaml"),
    ("unknown field", lambda e: e.update(answr="typo"), "unknown field 'answr'"),
]


@pytest.mark.parametrize("label,change,expected", ENTRY_BREAKS, ids=[b[0] for b in ENTRY_BREAKS])
def test_entry_errors_are_caught(content_copy: Path, label: str, change: Any, expected: str) -> None:
    edit_yaml(content_copy / "method.yaml", _entry_change("refrigerant", change))
    found = messages(content_copy)
    assert any(expected in m for m in found), found


def test_duplicate_id_is_caught(content_copy: Path) -> None:
    edit_yaml(content_copy / "glossary.yaml", _entry_change("term_scope", lambda e: e.update(id="refrigerant")))
    assert any("duplicate entry id 'refrigerant'" in m for m in messages(content_copy))


def test_question_shared_by_two_entries_is_caught(content_copy: Path) -> None:
    edit_yaml(content_copy / "glossary.yaml",
              _entry_change("term_scope", lambda e: e["questions"].append("冷媒排放怎麼算")))
    assert any("appears in several entries" in m for m in messages(content_copy))


def test_question_shared_after_normalisation_is_caught(content_copy: Path) -> None:
    # Same question in Simplified characters: identical once normalised.
    edit_yaml(content_copy / "glossary.yaml",
              _entry_change("term_scope", lambda e: e["questions"].append("冷媒排放怎么算")))
    assert any("appears in several entries" in m for m in messages(content_copy))


def test_contact_errors_are_caught(content_copy: Path) -> None:
    def break_contacts(data: list[dict[str, Any]]) -> None:
        data[0]["phone"] = "02-27844188"
        data[1]["email"] = "jackyang at ftis"
        data[2].pop("title")
        data[3]["ext"] = 12  # not a quoted string
    edit_yaml(content_copy / "contacts.yaml", break_contacts)
    found = messages(content_copy)
    for expected in ("phone must look like", "email is not an e-mail address", "missing field 'title'",
                     "ext must be digits"):
        assert any(expected in m for m in found), (expected, found)


def test_duplicate_and_missing_routing_keys_are_caught(content_copy: Path) -> None:
    def reroute(data: list[dict[str, Any]]) -> None:
        data[0]["topics"] = ["offset"]  # inventory now has nobody, offset has two
    edit_yaml(content_copy / "contacts.yaml", reroute)
    found = messages(content_copy)
    assert any("routing key 'inventory' has no contact" in m for m in found)
    assert any("routing key 'offset' goes to 2 contacts" in m for m in found)


def test_a_topic_that_is_not_a_routing_key_is_caught(content_copy: Path) -> None:
    edit_yaml(content_copy / "contacts.yaml", lambda d: d[0]["topics"].append("inventroy"))
    assert any("topic 'inventroy' is not a routing key" in m for m in messages(content_copy))


def test_contact_changed_in_one_place_only_is_caught(content_copy: Path) -> None:
    edit_yaml(content_copy / "contacts.yaml", lambda d: d[0].update(ext="5149"))
    found = messages(content_copy)
    assert any("answer does not show contact ext '5149'" in m for m in found), found


def test_yaml_syntax_error_is_reported(content_copy: Path) -> None:
    (content_copy / "context.yaml").write_text("- id: x\n  title: [unclosed\n", encoding="utf-8")
    assert any("cannot parse" in m for m in messages(content_copy))


def test_missing_reserved_file_is_reported(content_copy: Path) -> None:
    (content_copy / "verifiers.yaml").unlink()
    assert any("verifiers.yaml: file is missing" in m for m in messages(content_copy))


def test_verifier_errors_are_caught(content_copy: Path) -> None:
    def break_verifiers(data: dict[str, Any]) -> None:
        data["directory_url"] = "https://example.com/verifiers"
        data["bodies"][0]["status"] = "probably"
    edit_yaml(content_copy / "verifiers.yaml", break_verifiers)
    found = messages(content_copy)
    assert any("directory_url must be the TAF directory" in m for m in found)
    assert any("status must be one of" in m for m in found)


def test_correction_that_rewrites_content_is_caught(content_copy: Path) -> None:
    edit_yaml(content_copy / "lexicon.yaml", lambda d: d["corrections"].update({"冷媒": "冷煤"}))
    assert any("rewrites this text" in m for m in messages(content_copy))


def test_missing_message_is_caught(content_copy: Path) -> None:
    edit_yaml(content_copy / "messages.yaml", lambda d: d.pop("not_sure"))
    assert any("missing message 'not_sure'" in m for m in messages(content_copy))


def test_validate_entry_checks_one_edited_entry(kb: Any) -> None:
    """The staff console validates an admin's edit of one entry with the same rules."""
    entry = kb.entry("carbon_fee_rate")
    raw = {
        "id": entry.id, "topic": entry.topic, "title": entry.title, "questions": list(entry.questions),
        "answer": entry.answer, "source": entry.source, "as_of": entry.as_of.isoformat(),
        "related": list(entry.related), "notice": entry.notice,
    }
    ids = {e.id for e in kb.entries}
    contact_ids = {c.id for c in kb.contacts}
    assert errors(validate_entry(raw, entry_ids=ids, contact_ids=contact_ids, today=TODAY)) == []
    raw["answer"] = ""
    raw["related"] = ["carbon_fee_who", "gone"]
    found = [p.message for p in validate_entry(raw, entry_ids=ids, contact_ids=contact_ids, today=TODAY)]
    assert "answer must be a non-empty string" in found
    assert "related id 'gone' does not exist" in found


def test_stale_entry_without_notice_warns(kb: Any) -> None:
    entry = kb.entry("programme_overview")
    raw = {
        "id": entry.id, "topic": entry.topic, "title": entry.title, "questions": list(entry.questions),
        "answer": entry.answer, "source": entry.source, "as_of": entry.as_of, "related": list(entry.related),
    }
    problems = validate_entry(raw, today=TODAY)
    assert [p.severity for p in problems] == ["warning"]
    assert "no notice" in problems[0].message


def test_a_pattern_of_an_unknown_entry_is_caught(content_copy: Path) -> None:
    edit_yaml(content_copy / "lexicon.yaml", lambda lex: lex.setdefault("pattern_entries", {}).update(nosuch=["x"]))
    assert any("pattern_entries: 'nosuch' is not an entry id" in m for m in messages(content_copy))

"""KNOWLEDGE_DIR: the action server calls ``get_knowledge()`` without a path, so the variable alone decides
which content it answers from — in production the volume the staff console writes (docker-compose.yml)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import yaml

from knowledge import get_knowledge, load_knowledge
from knowledge.__main__ import main as knowledge_cli
from knowledge.check import CONTENT_DIR

from kb_helpers import find_entry

NEW_ANSWER = "碳費費率已由環境部調整，最新費率請見環境部公告。"


def _write_like_the_console(path: Path, entry_id: str, answer: str) -> None:
    """Replace a content file atomically (temp file + rename), as the staff console's FAQ editor does."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    find_entry(data, entry_id)["answer"] = answer
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    os.replace(tmp, path)


def test_without_knowledge_dir_the_shipped_content_is_served(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KNOWLEDGE_DIR", raising=False)
    assert get_knowledge().source_dir == CONTENT_DIR.resolve()
    monkeypatch.setenv("KNOWLEDGE_DIR", "  ")  # `KNOWLEDGE_DIR=` in .env means unset, as for the gateway
    assert get_knowledge().source_dir == CONTENT_DIR.resolve()


def test_an_edit_in_knowledge_dir_is_answered_without_restart(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(content_copy))
    before = get_knowledge()
    assert before.source_dir == content_copy.resolve()
    old = before.entry("carbon_fee_rate").answer
    assert old != NEW_ANSWER

    _write_like_the_console(content_copy / "context.yaml", "carbon_fee_rate", NEW_ANSWER)

    after = get_knowledge()  # what actions/faq.py calls on every FAQ turn
    assert after.entry("carbon_fee_rate").answer == NEW_ANSWER
    assert after.search("環境部調整")[0][0].id == "carbon_fee_rate"
    # the shipped content is untouched: only the folder KNOWLEDGE_DIR names was edited
    assert load_knowledge(CONTENT_DIR).entry("carbon_fee_rate").answer == old


def test_cli_checks_the_content_knowledge_dir_names(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(content_copy))
    assert knowledge_cli(["check"]) == 0
    assert str(content_copy.resolve()) in capsys.readouterr().out
    (content_copy / "contacts.yaml").unlink()
    assert knowledge_cli(["check"]) == 1

"""Public sources only (issue 13): `knowledge check` rejects a source that names a file or a path, and an
entry without source or as_of; the shipped content, its answers and the rules' parameters have none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from knowledge.check import validate_content
from knowledge.sources import public_source, source_problems

FILE_NAME = re.compile(r"\.(?:md|ya?ml|csv|json|ods|xlsx|txt)\b|reference/|official/|shared/")


@pytest.mark.parametrize("source", [
    "reference/factors.md（Carbon fee）",
    "verifiers.yaml",
    "official/electricity-factors-105-113.csv",
    "112年度計畫簡報（shared/seed/programme-2023-deck.txt）",
    "C:\\data\\factors",
    "見 facts.md",
])
def test_file_names_and_paths_are_rejected(source):
    assert source_problems(source)


@pytest.mark.parametrize("source", [
    "碳費收費辦法（環境部 2024年8月29日發布）第5條、第6條",
    "112年度計畫簡報 參、常見問題 Q1",
    "財團法人全國認證基金會 https://www.taftw.org.tw/directory/scheme/cav/",
    "Regulation (EU) 2023/956 附件一 https://eur-lex.europa.eu/eli/reg/2023/956/oj",
    "環境部 溫室氣體排放係數管理表 6.0.4版 表1–3",
])
def test_public_sources_pass(source):
    assert source_problems(source) == []


def test_public_source_keeps_only_the_public_parts():
    assert public_source("溫室氣體排放係數管理表6.0.4版 表5；electricity-factors-105-113.csv") == \
        "溫室氣體排放係數管理表6.0.4版 表5"


def _entry_file(folder: Path) -> Path:
    return folder / "glossary.yaml"


@pytest.mark.parametrize("change, complaint", [
    (lambda e: e.update(source="reference/facts.md"), "names a file"),
    (lambda e: e.update(source="見 shared/seed 簡報"), "looks like a path"),
    (lambda e: e.pop("source"), "missing field 'source'"),
    (lambda e: e.pop("as_of"), "missing field 'as_of'"),
])
def test_check_knowledge_fails_on_a_bad_or_missing_source(content_copy, change, complaint):
    path = _entry_file(content_copy)
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(entries[0])
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems = [p for p in validate_content(content_copy) if p.severity == "error"]
    assert any(complaint in p.message for p in problems), problems


def test_the_shipped_content_cites_no_file(kb):
    for entry in kb.entries:
        assert not source_problems(entry.source), (entry.id, entry.source)
        assert not FILE_NAME.search(entry.answer), entry.id  # answers may show web addresses, never files
    for contact in kb.contacts:
        assert not source_problems(contact.source), contact.id
    assert not source_problems(kb.verifiers.source)
    assert all(not source_problems(body.basis) for body in kb.verifiers.bodies)

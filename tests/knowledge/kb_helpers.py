"""Helpers for the knowledge tests (imported by module name: this folder is on sys.path under pytest)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

TODAY = date(2026, 11, 26)
REPO = Path(__file__).resolve().parents[2]


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_yaml(path: Path, change: Callable[[Any], object]) -> None:
    """Apply ``change`` to the parsed file in place and write it back."""
    data = read_yaml(path)
    change(data)
    write_yaml(path, data)


def out_of_scope_training() -> list[str]:
    """The out_of_scope intent's training examples (Rasa NLU data of the Rasa project)."""
    data = read_yaml(REPO / "rasa_project" / "data" / "nlu" / "out_of_scope.yml")
    return [line.strip()[2:].strip() for block in data["nlu"] if block["intent"] == "out_of_scope"
            for line in block["examples"].splitlines() if line.strip()]


def find_entry(data: list[dict[str, Any]], entry_id: str) -> dict[str, Any]:
    return next(e for e in data if e["id"] == entry_id)

"""The workbook's and the chart's texts (headings as on the Ministry's form), loaded from labels.yml (zh-TW).

Kept apart from gateway/messages.yml: these are the layout of an official form (lists of column headings), not
chat replies.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(__file__).with_name("labels.yml")


class Labels:
    """Dotted-key access: ``labels.text("chart.title", company=…)``, ``labels.list("workbook.activity.headers")``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def node(self, key: str) -> Any:
        value: Any = self._data
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                raise KeyError(f"{LABELS_FILE.name} lacks {key}")
            value = value[part]
        return value

    def text(self, key: str, **values: Any) -> str:
        value = self.node(key)
        if not isinstance(value, str):
            raise TypeError(f"{LABELS_FILE.name}: {key} must be text")
        value = value.strip()
        return value.format(**values) if values else value

    def list(self, key: str) -> list[str]:
        value = self.node(key)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise TypeError(f"{LABELS_FILE.name}: {key} must be a list of texts")
        return list(value)

    def mapping(self, key: str) -> dict[str, str]:
        value = self.node(key)
        if not isinstance(value, dict):
            raise TypeError(f"{LABELS_FILE.name}: {key} must be a mapping")
        return {str(k): str(v) for k, v in value.items()}


@lru_cache
def load_labels(path: Path = LABELS_FILE) -> Labels:
    with path.open(encoding="utf-8") as handle:
        return Labels(yaml.safe_load(handle) or {})

"""The workbook's and the chart's texts (headings as on the Ministry's form), loaded from labels.yml (zh-TW).

Kept apart from gateway/messages.yml: these are the layout of an official form (lists of column headings), not
chat replies.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from textdata import Catalogue, fill, load_catalogue

LABELS_FILE = Path(__file__).with_name("labels.yml")


class Labels:
    """Dotted-key access: ``labels.text("chart.title", company=…)``, ``labels.list("workbook.activity.headers")``."""

    def __init__(self, data: Mapping[str, Any] | Catalogue) -> None:
        self._catalogue = data if isinstance(data, Catalogue) else Catalogue(data, LABELS_FILE.name)

    def node(self, key: str) -> Any:
        return self._catalogue.node(key)

    def text(self, key: str, **values: Any) -> str:
        return self._catalogue.text(key, **values)

    def list(self, key: str, **values: Any) -> list[str]:
        """The texts at ``key``; with ``values``, each with its placeholders filled in."""
        texts = self._catalogue.words(key)
        return [fill(t, values, self._catalogue.where(key)) for t in texts] if values else texts

    def mapping(self, key: str) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._catalogue.mapping(key).items()}


@lru_cache
def load_labels(path: Path = LABELS_FILE) -> Labels:
    return Labels(load_catalogue(path))

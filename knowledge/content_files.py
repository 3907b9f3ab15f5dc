"""Where the content lives (``$KNOWLEDGE_DIR`` or knowledge/content/), its reserved files, and reading every
YAML file of a content folder."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from knowledge.problems import Problem
from textdata import CatalogueError, read_yaml

CONTENT_DIR = Path(__file__).parent / "content"
#: Environment variable naming the content folder served when no path is given (see ``content_dir``).
KNOWLEDGE_DIR_ENV = "KNOWLEDGE_DIR"
CONTACTS_FILE = "contacts.yaml"
VERIFIERS_FILE = "verifiers.yaml"
LEXICON_FILE = "lexicon.yaml"
MESSAGES_FILE = "messages.yaml"
RESERVED_FILES = (CONTACTS_FILE, VERIFIERS_FILE, LEXICON_FILE, MESSAGES_FILE)


def content_dir() -> Path:
    """The content folder used when no path is given: ``$KNOWLEDGE_DIR`` if set, else the shipped content.

    Read on every call, so the action server (which passes no path) serves the same folder as the gateway
    (which passes its KNOWLEDGE_DIR setting), e.g. the shared volume the staff console edits in production.
    """
    value = os.environ.get(KNOWLEDGE_DIR_ENV, "").strip()
    return Path(value) if value else CONTENT_DIR


def read_content(path: Path | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """Parse every *.yaml file of a content folder (default: ``content_dir()``): ({file: data}, problems)."""
    folder = Path(path) if path is not None else content_dir()
    if not folder.is_dir():
        return {}, [Problem(str(folder), "content folder does not exist")]
    content: dict[str, Any] = {}
    problems: list[Problem] = []
    for file in sorted(folder.glob("*.yaml")):
        try:
            content[file.name] = read_yaml(file)
        except CatalogueError as exc:
            problems.append(Problem(file.name, f"cannot parse: {exc.__cause__}".replace("\n", " ")))
    return content, problems


def entry_files(content: Mapping[str, Any]) -> list[str]:
    return [name for name in sorted(content) if name not in RESERVED_FILES]

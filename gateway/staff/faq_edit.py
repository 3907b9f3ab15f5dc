"""Admins edit an FAQ answer (answer, source, as_of) from the console.

The change is written into the entry's knowledge YAML file in place: only the edited values are replaced
(located with PyYAML's composer), so comments, order and the other entries stay as the content editors wrote
them. Before writing, the whole content is checked with knowledge's own rules (`validate_content`, what
`make check-knowledge` runs); the file is replaced atomically, and `knowledge.get_knowledge()` serves the new
answer on its next call (it reloads when a file changes). Every edit is kept as a version (who, when,
before/after) in the database.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import Engine, select

from gateway.db import make_sessionmaker
from gateway.models import utcnow
from gateway.staff.models import FaqVersion
from knowledge import Entry, Problem, get_knowledge, validate_content
from knowledge.check import CONTENT_DIR, entry_files, errors, read_content

EDITABLE_FIELDS = ("answer", "source", "as_of")
#: The content's dates are Taiwan dates ("as_of in the future" is judged there).
CONTENT_TIMEZONE = ZoneInfo("Asia/Taipei")


class FaqEditError(Exception):
    def __init__(self, text_key: str, status_code: int, problems: list[Problem] | None = None, **values: Any):
        super().__init__(text_key)
        self.text_key = text_key
        self.status_code = status_code
        self.problems = problems or []
        self.values = values


@dataclass(frozen=True)
class FaqChange:
    answer: str
    source: str
    as_of: date

    def as_values(self) -> dict[str, Any]:
        # a multi-line answer ends with a line break, so it is written as a `|` block like the others
        answer = self.answer.strip() + "\n" if "\n" in self.answer.strip() else self.answer.strip()
        return {"answer": answer, "source": self.source, "as_of": self.as_of}


def entry_fields(entry: Entry) -> dict[str, str]:
    return {"answer": entry.answer, "source": entry.source, "as_of": entry.as_of.isoformat()}


class _ValueDumper(yaml.SafeDumper):
    """Multi-line strings as block literals, like the content files."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_ValueDumper.add_representer(str, _represent_str)


def _emit_value(key: str, value: Any, column: int, block_region: bool) -> str:
    """The YAML text of ``value`` as it stands after ``key: `` in a mapping whose keys start at ``column``."""
    dumped = yaml.dump({key: value}, Dumper=_ValueDumper, allow_unicode=True, width=1_000_000, sort_keys=False)
    first, *rest = dumped[len(key) + 2:].split("\n")
    text = first + "".join("\n" + (" " * column + line if line else line) for line in rest)
    return text if block_region else text.rstrip("\n")


def replace_entry_values(text: str, entry_id: str, values: Mapping[str, Any]) -> str:
    """``text`` (an entry file) with the given fields of entry ``entry_id`` replaced; KeyError if absent."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.SequenceNode):
        raise KeyError(entry_id)
    for item in root.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        pairs = {key.value: (key, value) for key, value in item.value if isinstance(key, yaml.ScalarNode)}
        id_node = pairs.get("id", (None, None))[1]
        if not (isinstance(id_node, yaml.ScalarNode) and id_node.value == entry_id):
            continue
        edits = []
        for field, new_value in values.items():
            key_node, value_node = pairs[field]
            start, end = value_node.start_mark.index, value_node.end_mark.index
            region = text[start:end]
            block = region.endswith("\n")
            replacement = _emit_value(field, new_value, key_node.start_mark.column, block)
            if block:  # keep blank lines that separated this value from what follows
                tail = region[len(region.rstrip()):]
                replacement += tail.removeprefix("\n")
            edits.append((start, end, replacement))
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return text
    raise KeyError(entry_id)


class FaqEditor:
    def __init__(self, engine: Engine, knowledge_dir: Path | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.folder = Path(knowledge_dir) if knowledge_dir is not None else CONTENT_DIR
        self.clock = clock
        self._sessions = make_sessionmaker(engine)
        self._lock = threading.Lock()

    def entries(self) -> list[Entry]:
        return list(get_knowledge(self.folder).entries)

    def entry(self, entry_id: str) -> Entry:
        entry = get_knowledge(self.folder).entry(entry_id)
        if entry is None:
            raise FaqEditError("staff.faq_not_found", 404)
        return entry

    def versions(self, entry_id: str) -> list[FaqVersion]:
        with self._sessions() as session:
            return list(session.scalars(
                select(FaqVersion).where(FaqVersion.entry_id == entry_id).order_by(FaqVersion.id.desc())
            ))

    def edit(self, entry_id: str, change: FaqChange, editor: str) -> tuple[Entry, FaqVersion, list[Problem]]:
        """Write the change, or raise FaqEditError (nothing written) with the problems found."""
        before = entry_fields(self.entry(entry_id))
        with self._lock:
            content, parse_problems = read_content(self.folder)
            if errors(parse_problems):
                raise FaqEditError("staff.faq_invalid", 422, errors(parse_problems))
            file_name = self._file_of(content, entry_id)
            path = self.folder / file_name
            old_text = path.read_text(encoding="utf-8")
            new_text = replace_entry_values(old_text, entry_id, change.as_values())
            new_data = yaml.safe_load(new_text)
            self._check_written(new_data, entry_id, change)
            today = self.clock().astimezone(CONTENT_TIMEZONE).date()
            problems = validate_content({**content, file_name: new_data}, today=today)
            if errors(problems):
                raise FaqEditError("staff.faq_invalid", 422, errors(problems))
            _write_atomically(path, new_text)
        entry = self.entry(entry_id)
        version = FaqVersion(entry_id=entry_id, file=file_name, editor=editor, created_at=self.clock(),
                             before=before, after=entry_fields(entry))
        with self._sessions.begin() as session:
            session.add(version)
        return entry, version, [p for p in problems if p.severity != "error"]

    @staticmethod
    def _file_of(content: Mapping[str, Any], entry_id: str) -> str:
        for name in entry_files(content):
            data = content[name]
            if isinstance(data, list) and any(isinstance(e, Mapping) and e.get("id") == entry_id for e in data):
                return name
        raise FaqEditError("staff.faq_not_found", 404)

    @staticmethod
    def _check_written(data: Any, entry_id: str, change: FaqChange) -> None:
        """The edited text must read back as exactly the change (a guard on the in-place edit)."""
        raw = next(e for e in data if isinstance(e, Mapping) and e.get("id") == entry_id)
        as_of = raw.get("as_of")
        if (str(raw.get("answer", "")).strip() != change.answer.strip()
                or str(raw.get("source", "")).strip() != change.source.strip()
                or (as_of.isoformat() if isinstance(as_of, date) else str(as_of)) != change.as_of.isoformat()):
            raise FaqEditError("staff.faq_write_failed", 500)


def _write_atomically(path: Path, text: str) -> None:
    # the temporary name does not end in .yaml, so the knowledge loader never reads a half-written file
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""Loading the YAML content into a KnowledgeBase, cached and reloaded when a content file changes."""
from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.check import (
    CONTACTS_FILE, LEXICON_FILE, MESSAGES_FILE, VERIFIERS_FILE, Problem, as_date, content_dir, entry_files,
    errors, read_content, validate_content,
)
from knowledge.corrections import Corrections
from knowledge.kb import KnowledgeBase
from knowledge.model import TOPICS, Contact, Entry, Verifier, VerifierList

log = logging.getLogger(__name__)


class ContentError(ValueError):
    """The content does not pass validation; ``problems`` lists why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("invalid knowledge content:\n" + "\n".join(map(str, problems)))


def build(content: Mapping[str, Any], source_dir: Path) -> KnowledgeBase:
    """A KnowledgeBase from parsed content that ``validate_content`` accepted."""
    entries: list[tuple[int, int, Entry]] = []
    for file_no, name in enumerate(entry_files(content)):
        for pos, raw in enumerate(content[name]):
            entry = Entry(
                id=raw["id"], topic=raw["topic"], title=raw["title"].strip(),
                questions=tuple(q.strip() for q in raw["questions"]), answer=raw["answer"].strip(),
                source=raw["source"].strip(), as_of=as_date(raw["as_of"]), related=tuple(raw["related"]),
                contact=raw.get("contact"), notice=(raw.get("notice") or "").strip() or None,
            )
            entries.append((TOPICS.index(entry.topic), file_no * 10_000 + pos, entry))
    contacts = [
        Contact(
            id=c["id"], name=c["name"], title=c["title"], org=c["org"], unit=c.get("unit"), role=c["role"],
            phone=c["phone"], ext=c.get("ext"), email=c["email"], topics=tuple(c["topics"]),
            source=c["source"], as_of=as_date(c["as_of"]), note=c.get("note"),
        )
        for c in content[CONTACTS_FILE]
    ]
    v = content[VERIFIERS_FILE]
    verifiers = VerifierList(
        directory_url=v["directory_url"], source=v["source"], as_of=as_date(v["as_of"]),
        bodies=tuple(Verifier(b["name"], b.get("name_en"), b["status"], b["basis"], tuple(b.get("aliases") or ()))
                     for b in v["bodies"]),
    )
    lexicon = content[LEXICON_FILE]
    return KnowledgeBase(
        entries=[e for _, _, e in sorted(entries, key=lambda t: t[:2])],
        contacts=contacts, verifiers=verifiers, terms=lexicon["terms"], anchors=lexicon.get("anchors") or (),
        organisations=lexicon.get("organisations") or {}, contact_words=lexicon.get("contact_words") or (),
        foreign_subjects=lexicon.get("foreign_subjects") or (), core_words=lexicon.get("core_words") or (),
        foreign_always=lexicon.get("foreign_always") or (), false_friends=lexicon.get("false_friends") or (),
        foreign_patterns=lexicon.get("foreign_patterns") or (),
        foreign_always_patterns=lexicon.get("foreign_always_patterns") or (),
        honorifics=lexicon.get("honorifics") or (),
        domain_patterns=lexicon.get("domain_patterns") or (), uncovered=lexicon.get("uncovered") or {},
        pattern_entries=lexicon.get("pattern_entries") or {},
        corrections=Corrections(lexicon["corrections"]), messages=content[MESSAGES_FILE],
        source_dir=source_dir,
    )


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, mtime and size of every content file: any edit, addition or removal changes it."""
    out = []
    try:
        with os.scandir(folder) as it:
            for item in it:
                if item.name.endswith(".yaml"):
                    try:
                        st = item.stat()
                    except FileNotFoundError:  # removed while listing
                        continue
                    out.append((item.name, st.st_mtime_ns, st.st_size))
    except FileNotFoundError:
        pass
    return tuple(sorted(out))


@dataclass
class _Slot:
    signature: tuple[tuple[str, int, int], ...]
    kb: KnowledgeBase | None
    error: ContentError | None
    last_good: KnowledgeBase | None


_cache: dict[Path, _Slot] = {}
_lock = threading.Lock()


@functools.lru_cache(maxsize=64)
def _resolved(folder: Path) -> Path:
    """`Path.resolve` (realpath: a system call per path part) once per folder, not on every message."""
    return folder.resolve()


def _load(path: Path | None, keep_last_good: bool) -> KnowledgeBase:
    folder = _resolved(Path(path if path is not None else content_dir()))
    signature = _signature(folder)
    slot = _cache.get(folder)
    if slot is None or slot.signature != signature:
        with _lock:
            slot = _cache.get(folder)
            if slot is None or slot.signature != signature:
                last_good = slot.last_good if slot else None
                content, problems = read_content(folder)
                problems += validate_content(content)
                if errors(problems):
                    slot = _Slot(signature, None, ContentError(errors(problems)), last_good)
                    log.error("knowledge content in %s is invalid: %s", folder, slot.error)
                else:
                    kb = build(content, folder)
                    slot = _Slot(signature, kb, None, kb)
                _cache[folder] = slot
    if slot.kb is not None:
        return slot.kb
    if keep_last_good and slot.last_good is not None:
        return slot.last_good
    assert slot.error is not None
    raise slot.error


def load_knowledge(path: Path | None = None) -> KnowledgeBase:
    """The content of ``path`` (default: $KNOWLEDGE_DIR, else knowledge/content), cached until a file changes.

    Raises ContentError when the content does not validate.
    """
    return _load(path, keep_last_good=False)


def get_knowledge(path: Path | None = None) -> KnowledgeBase:
    """The current knowledge base, cheap to call per message (a stat of the content files).

    An edit is live on the next call. If an edit breaks the content, the last good version keeps being
    served (the problem is logged); only a first load that fails raises ContentError.
    """
    return _load(path, keep_last_good=True)

"""Validation of the content: one rule set for the CLI (``python -m knowledge check``), the loader and the
staff console's edit form (``validate_entry`` on one edited entry). The entries' rules and the whole content's
are here; the reserved files' (contacts, verifiers, lexicon, messages) are knowledge/check_reserved.py, the
field checks every file shares knowledge/problems.py, reading the folder knowledge/content_files.py."""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from knowledge.check_reserved import (
    validate_contact, validate_contacts, validate_lexicon, validate_messages, validate_verifiers,
)
from knowledge.content_files import (
    CONTACTS_FILE, CONTENT_DIR, KNOWLEDGE_DIR_ENV, LEXICON_FILE, MESSAGES_FILE, RESERVED_FILES, VERIFIERS_FILE,
    content_dir, entry_files, read_content,
)
from knowledge.corrections import Corrections
from knowledge.folding import fold_text
from knowledge.model import TOPICS
from knowledge.problems import (
    ID_RE, Problem, as_date, as_of_problems, errors, is_text, key_problems, source_field_problems,
)

# The public names of content validation, wherever they are defined (the loader, the CLI, the staff console).
__all__ = [
    "CONTACTS_FILE", "CONTENT_DIR", "KNOWLEDGE_DIR_ENV", "LEXICON_FILE", "MESSAGES_FILE", "RESERVED_FILES",
    "VERIFIERS_FILE", "Problem", "as_date", "content_dir", "entry_files", "errors", "read_content",
    "validate_contact", "validate_content", "validate_entry",
]

ENTRY_REQUIRED = ("id", "topic", "title", "questions", "answer", "source", "as_of", "related")
ENTRY_OPTIONAL = ("contact", "notice")

MAX_ID_LEN = 32
MAX_TITLE_LEN = 16
MIN_QUESTIONS, MAX_QUESTIONS = 8, 25
MAX_RELATED = 5
STALE_AFTER_DAYS = 365


def validate_entry(
    raw: Any,
    *,
    entry_ids: Collection[str] | None = None,
    contact_ids: Collection[str] | None = None,
    where: str | None = None,
    today: date | None = None,
) -> list[Problem]:
    """Rules for one entry. ``entry_ids``/``contact_ids`` (when given) are the ids related/contact may use."""
    today = today or date.today()
    if not isinstance(raw, Mapping):
        return [Problem(where or "entry", "an entry must be a mapping")]
    eid = raw.get("id")
    where = where or f"entry {eid!r}"
    out = key_problems(raw, ENTRY_REQUIRED, ENTRY_OPTIONAL, where)

    if "id" in raw and not (isinstance(eid, str) and ID_RE.match(eid) and len(eid) <= MAX_ID_LEN):
        out.append(Problem(where, f"id must be snake_case ASCII (<= {MAX_ID_LEN} chars), got {eid!r}"))
    if "topic" in raw and raw["topic"] not in TOPICS:
        out.append(Problem(where, f"topic must be one of {', '.join(TOPICS)}; got {raw['topic']!r}"))
    if "title" in raw:
        title = raw["title"]
        if not is_text(title):
            out.append(Problem(where, "title must be a non-empty string"))
        elif len(title) > MAX_TITLE_LEN:
            out.append(Problem(where, f"title is {len(title)} chars, at most {MAX_TITLE_LEN}: {title!r}"))
    if "questions" in raw:
        out += _check_questions(raw["questions"], where)
    for field in ("answer", "source"):
        if field in raw and not is_text(raw[field]):
            out.append(Problem(where, f"{field} must be a non-empty string"))
    out += source_field_problems(raw, where)
    if "as_of" in raw:
        out += as_of_problems(raw["as_of"], where, today)
    if "related" in raw:
        out += _check_related(raw["related"], eid, entry_ids, where)
    if raw.get("contact") is not None:
        if not isinstance(raw["contact"], str):
            out.append(Problem(where, "contact must be a contact id"))
        elif contact_ids is not None and raw["contact"] not in contact_ids:
            out.append(Problem(where, f"contact {raw['contact']!r} is not in {CONTACTS_FILE}"))
    if raw.get("notice") is not None and not is_text(raw["notice"]):
        out.append(Problem(where, "notice must be a non-empty string when present"))

    day = as_date(raw.get("as_of"))
    if day and today - day > timedelta(days=STALE_AFTER_DAYS) and not raw.get("notice"):
        out.append(Problem(where, f"as_of {day} is over {STALE_AFTER_DAYS} days old and there is no notice "
                                  "telling the user it may be out of date", "warning"))
    return out


def _check_questions(questions: Any, where: str) -> list[Problem]:
    if not isinstance(questions, list) or not all(is_text(q) for q in questions):
        return [Problem(where, "questions must be a list of non-empty strings")]
    out = []
    if not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
        out.append(Problem(where, f"{len(questions)} questions; give {MIN_QUESTIONS}-{MAX_QUESTIONS}"))
    for q, n in Counter(fold_text(q) for q in questions).items():
        if n > 1:
            out.append(Problem(where, f"question repeated: {q!r}"))
    for q in questions:
        if fold_text(q) != q:
            out.append(Problem(where, f"question is not in normal form (full-width, spaces or Simplified "
                                      f"characters): {q!r} -> {fold_text(q)!r}", "warning"))
    return out


def _check_related(related: Any, eid: Any, entry_ids: Collection[str] | None, where: str) -> list[Problem]:
    if not isinstance(related, list) or not related or not all(isinstance(r, str) for r in related):
        return [Problem(where, "related must be a non-empty list of entry ids")]
    out = []
    if len(related) > MAX_RELATED:
        out.append(Problem(where, f"{len(related)} related entries; at most {MAX_RELATED} (buttons)"))
    if len(set(related)) != len(related):
        out.append(Problem(where, "related lists an id twice"))
    if eid in related:
        out.append(Problem(where, "related lists the entry itself"))
    if entry_ids is not None:
        out += [Problem(where, f"related id {r!r} does not exist") for r in related if r not in entry_ids]
    return out


def validate_content(content: Path | str | Mapping[str, Any] | None = None, *,
                     today: date | None = None) -> list[Problem]:
    """All rules over a whole content folder (or its parsed files, as ``read_content`` returns them)."""
    today = today or date.today()
    problems: list[Problem] = []
    if content is None or isinstance(content, (Path, str)):
        content, problems = read_content(Path(content) if content is not None else None)
    for name in RESERVED_FILES:
        if name not in content:
            problems.append(Problem(name, "file is missing"))

    contacts_raw = content.get(CONTACTS_FILE)
    if CONTACTS_FILE in content:
        problems += validate_contacts(contacts_raw, today)
    if VERIFIERS_FILE in content:
        problems += validate_verifiers(content[VERIFIERS_FILE], today)
    if LEXICON_FILE in content:
        problems += validate_lexicon(content[LEXICON_FILE])
    if MESSAGES_FILE in content:
        problems += validate_messages(content[MESSAGES_FILE])

    contact_list = contacts_raw if isinstance(contacts_raw, list) else []
    contacts = {c["id"]: c for c in contact_list if isinstance(c, Mapping) and "id" in c}
    located: list[tuple[str, Mapping[str, Any]]] = []
    for name in entry_files(content):
        data = content[name]
        if not isinstance(data, list) or not data:
            problems.append(Problem(name, "an entry file must be a non-empty list of entries"))
            continue
        for i, raw in enumerate(data):
            eid = raw.get("id") if isinstance(raw, Mapping) else None
            located.append((f"{name}[{i}] {eid or ''}".rstrip(), raw))
    entry_ids = {raw["id"] for _, raw in located if isinstance(raw, Mapping) and isinstance(raw.get("id"), str)}
    for where, raw in located:
        problems += validate_entry(raw, entry_ids=entry_ids, contact_ids=set(contacts), where=where, today=today)
    entries = [raw for _, raw in located if isinstance(raw, Mapping)]
    problems += _cross_entry_rules(entries, contacts, content.get(LEXICON_FILE))
    return problems


def _cross_entry_rules(entries: list[Mapping[str, Any]], contacts: Mapping[str, Mapping[str, Any]],
                       lexicon: Any) -> list[Problem]:
    out: list[Problem] = []
    ids = Counter(e.get("id") for e in entries)
    out += [Problem("content", f"duplicate entry id {i!r}") for i, n in ids.items() if n > 1]
    owners: dict[str, set[str]] = {}
    for e in entries:
        for q in e.get("questions") or []:
            if isinstance(q, str):
                owners.setdefault(fold_text(q), set()).add(str(e.get("id")))
    out += [Problem("content", f"question {q!r} appears in several entries: {sorted(o)}")
            for q, o in owners.items() if len(o) > 1]
    titles = Counter(e.get("title") for e in entries)
    out += [Problem("content", f"title {t!r} used by {n} entries") for t, n in titles.items() if n > 1]

    # A contacts entry must print its contact exactly as contacts.yaml has it (one source of truth).
    for e in entries:
        contact = contacts.get(e.get("contact")) if e.get("topic") == "contacts" else None
        answer = e.get("answer") if isinstance(e.get("answer"), str) else ""
        if contact:
            for field in ("name", "phone", "ext", "email"):
                value = contact.get(field)
                if value and str(value) not in answer:
                    out.append(Problem(f"entry {e.get('id')!r}",
                                       f"answer does not show contact {field} {value!r} of {e.get('contact')!r}"))
    shown = " ".join(e.get("answer", "") for e in entries if e.get("topic") == "contacts"
                     and isinstance(e.get("answer"), str))
    for cid, c in contacts.items():
        if isinstance(c.get("email"), str) and c["email"] not in shown:
            out.append(Problem(CONTACTS_FILE, f"contact {cid!r} is not shown by any contacts entry"))

    # A subject listed as uncovered must not be what an entry's questions ask: then the entry answers it.
    uncovered = lexicon.get("uncovered") if isinstance(lexicon, Mapping) else None
    if isinstance(uncovered, Mapping):
        for label, words in uncovered.items():
            for e in entries:
                asked = [q for q in e.get("questions") or [] if isinstance(q, str) and isinstance(words, list)
                         and any(isinstance(w, str) and w in fold_text(q).casefold() for w in words)]
                if asked:
                    out.append(Problem(f"entry {e.get('id')!r}", f"its question {asked[0][:30]!r} names {label!r}, "
                                       f"listed as uncovered in {LEXICON_FILE}: remove it there"))

    # A pattern's entry must exist.
    pattern_entries = lexicon.get("pattern_entries") if isinstance(lexicon, Mapping) else None
    if isinstance(pattern_entries, Mapping):
        known = {e.get("id") for e in entries}
        out += [Problem(LEXICON_FILE, f"pattern_entries: {eid!r} is not an entry id")
                for eid in pattern_entries if eid not in known]

    # A homophone correction must never rewrite the content's own wording.
    corrections = lexicon.get("corrections") if isinstance(lexicon, Mapping) else None
    if isinstance(corrections, Mapping) and all(isinstance(k, str) and isinstance(v, str)
                                                 for k, v in corrections.items()):
        fix = Corrections(corrections)
        for e in entries:
            for text in [e.get("title"), e.get("answer"), *(e.get("questions") or [])]:
                if isinstance(text, str) and fix.apply(fold_text(text)) != fold_text(text):
                    out.append(Problem(f"entry {e.get('id')!r}",
                                       f"a correction in {LEXICON_FILE} rewrites this text: {text[:40]!r}"))
    return out

"""Validation of the content: one rule set for the CLI (``python -m knowledge check``), the loader and the
staff console's edit form (``validate_entry`` on one edited entry)."""
from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from knowledge.corrections import Corrections
from knowledge.folding import fold_text
from knowledge.model import TOPICS
from knowledge.sources import source_problems

CONTENT_DIR = Path(__file__).parent / "content"
#: Environment variable naming the content folder served when no path is given (see ``content_dir``).
KNOWLEDGE_DIR_ENV = "KNOWLEDGE_DIR"
CONTACTS_FILE = "contacts.yaml"
VERIFIERS_FILE = "verifiers.yaml"
LEXICON_FILE = "lexicon.yaml"
MESSAGES_FILE = "messages.yaml"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: ~10x faster
RESERVED_FILES = (CONTACTS_FILE, VERIFIERS_FILE, LEXICON_FILE, MESSAGES_FILE)

ENTRY_REQUIRED = ("id", "topic", "title", "questions", "answer", "source", "as_of", "related")
ENTRY_OPTIONAL = ("contact", "notice")
CONTACT_REQUIRED = ("id", "name", "title", "org", "role", "phone", "email", "topics", "source", "as_of")
CONTACT_OPTIONAL = ("unit", "ext", "note")
ROUTING_KEYS = ("inventory", "offset", "footprint", "programme", "authority")
MESSAGE_KEYS = ("not_sure", "suggestions", "offer_person", "out_of_scope", "related")
VERIFIER_STATUSES = ("confirmed", "unconfirmed")
TAF_DIRECTORY_PREFIX = "https://www.taftw.org.tw/"

ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
MAX_ID_LEN = 32
MAX_TITLE_LEN = 16
MIN_QUESTIONS, MAX_QUESTIONS = 8, 15
MAX_RELATED = 5
STALE_AFTER_DAYS = 365
PHONE_RE = re.compile(r"^\(0\d{1,2}\)\d{3,4}-\d{4}$")
EXT_RE = re.compile(r"^\d{1,5}$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.severity.upper()} {self.where}: {self.message}"


def errors(problems: Collection[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def as_date(value: Any) -> date | None:
    """A YAML date (unquoted 2023-01-31) or an ISO string; None when it is neither."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _keys(raw: Mapping[str, Any], required: tuple[str, ...], optional: tuple[str, ...], where: str) -> list[Problem]:
    out = [Problem(where, f"missing field '{k}'") for k in required if k not in raw]
    out += [Problem(where, f"unknown field '{k}'") for k in raw if k not in required + optional]
    return out


def _check_as_of(value: Any, where: str, today: date) -> list[Problem]:
    day = as_date(value)
    if day is None:
        return [Problem(where, f"as_of must be an ISO date (YYYY-MM-DD), got {value!r}")]
    if day > today:
        return [Problem(where, f"as_of {day} is in the future")]
    return []


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
    out = _keys(raw, ENTRY_REQUIRED, ENTRY_OPTIONAL, where)

    if "id" in raw and not (isinstance(eid, str) and ID_RE.match(eid) and len(eid) <= MAX_ID_LEN):
        out.append(Problem(where, f"id must be snake_case ASCII (<= {MAX_ID_LEN} chars), got {eid!r}"))
    if "topic" in raw and raw["topic"] not in TOPICS:
        out.append(Problem(where, f"topic must be one of {', '.join(TOPICS)}; got {raw['topic']!r}"))
    if "title" in raw:
        title = raw["title"]
        if not _text(title):
            out.append(Problem(where, "title must be a non-empty string"))
        elif len(title) > MAX_TITLE_LEN:
            out.append(Problem(where, f"title is {len(title)} chars, at most {MAX_TITLE_LEN}: {title!r}"))
    if "questions" in raw:
        out += _check_questions(raw["questions"], where)
    for field in ("answer", "source"):
        if field in raw and not _text(raw[field]):
            out.append(Problem(where, f"{field} must be a non-empty string"))
    out += _check_source(raw, where)
    if "as_of" in raw:
        out += _check_as_of(raw["as_of"], where, today)
    if "related" in raw:
        out += _check_related(raw["related"], eid, entry_ids, where)
    if raw.get("contact") is not None:
        if not isinstance(raw["contact"], str):
            out.append(Problem(where, "contact must be a contact id"))
        elif contact_ids is not None and raw["contact"] not in contact_ids:
            out.append(Problem(where, f"contact {raw['contact']!r} is not in {CONTACTS_FILE}"))
    if raw.get("notice") is not None and not _text(raw["notice"]):
        out.append(Problem(where, "notice must be a non-empty string when present"))

    day = as_date(raw.get("as_of"))
    if day and today - day > timedelta(days=STALE_AFTER_DAYS) and not raw.get("notice"):
        out.append(Problem(where, f"as_of {day} is over {STALE_AFTER_DAYS} days old and there is no notice "
                                  "telling the user it may be out of date", "warning"))
    return out


def _check_source(raw: Mapping[str, Any], where: str) -> list[Problem]:
    """A public source: a law and article, a notice and date, the deck's section or a web address."""
    if not _text(raw.get("source")):
        return []  # reported as missing or empty by the field checks
    return [Problem(where, f"source {raw['source']!r} {why}") for why in source_problems(raw["source"])]


def _check_questions(questions: Any, where: str) -> list[Problem]:
    if not isinstance(questions, list) or not all(_text(q) for q in questions):
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


def validate_contact(raw: Any, *, where: str | None = None, today: date | None = None) -> list[Problem]:
    today = today or date.today()
    if not isinstance(raw, Mapping):
        return [Problem(where or CONTACTS_FILE, "a contact must be a mapping")]
    where = where or f"contact {raw.get('id')!r}"
    out = _keys(raw, CONTACT_REQUIRED, CONTACT_OPTIONAL, where)
    if "id" in raw and not (isinstance(raw["id"], str) and ID_RE.match(raw["id"])):
        out.append(Problem(where, f"id must be snake_case ASCII, got {raw['id']!r}"))
    for field in ("name", "title", "org", "role", "source"):
        if field in raw and not _text(raw[field]):
            out.append(Problem(where, f"{field} must be a non-empty string"))
    if "phone" in raw and not (isinstance(raw["phone"], str) and PHONE_RE.match(raw["phone"])):
        out.append(Problem(where, f"phone must look like (02)2784-4188, got {raw['phone']!r}"))
    if raw.get("ext") is not None and not (isinstance(raw["ext"], str) and EXT_RE.match(raw["ext"])):
        out.append(Problem(where, f"ext must be digits as a quoted string, got {raw['ext']!r}"))
    if "email" in raw and not (isinstance(raw["email"], str) and EMAIL_RE.match(raw["email"])):
        out.append(Problem(where, f"email is not an e-mail address: {raw['email']!r}"))
    topics = raw.get("topics")
    if "topics" in raw and not (isinstance(topics, list) and topics and all(_text(t) for t in topics)):
        out.append(Problem(where, "topics must be a non-empty list of routing keys"))
    out += _check_source(raw, where)
    if "as_of" in raw:
        out += _check_as_of(raw["as_of"], where, today)
    return out


def _validate_contacts(raw: Any, today: date) -> list[Problem]:
    if not isinstance(raw, list) or not raw:
        return [Problem(CONTACTS_FILE, "must be a non-empty list of contacts")]
    out: list[Problem] = []
    for i, c in enumerate(raw):
        out += validate_contact(c, where=f"{CONTACTS_FILE}[{i}] {c.get('id') if isinstance(c, Mapping) else ''}",
                                today=today)
    ids = Counter(c.get("id") for c in raw if isinstance(c, Mapping))
    out += [Problem(CONTACTS_FILE, f"duplicate contact id {i!r}") for i, n in ids.items() if n > 1]
    routes = Counter(t for c in raw if isinstance(c, Mapping) and isinstance(c.get("topics"), list)
                     for t in c["topics"])
    out += [Problem(CONTACTS_FILE, f"routing key {k!r} has no contact") for k in ROUTING_KEYS if k not in routes]
    out += [Problem(CONTACTS_FILE, f"routing key {k!r} goes to {n} contacts") for k, n in routes.items() if n > 1]
    return out


def _validate_verifiers(raw: Any, today: date) -> list[Problem]:
    where = VERIFIERS_FILE
    if not isinstance(raw, Mapping):
        return [Problem(where, "must be a mapping with directory_url, source, as_of and bodies")]
    out = _keys(raw, ("directory_url", "source", "as_of", "bodies"), ("note",), where)
    url = raw.get("directory_url")
    if "directory_url" in raw and not (isinstance(url, str) and url.startswith(TAF_DIRECTORY_PREFIX)):
        out.append(Problem(where, f"directory_url must be the TAF directory ({TAF_DIRECTORY_PREFIX}...)"))
    out += _check_source(raw, where)
    if "as_of" in raw:
        out += _check_as_of(raw["as_of"], where, today)
    bodies = raw.get("bodies")
    if not isinstance(bodies, list) or not bodies:
        return out + [Problem(where, "bodies must be a non-empty list")]
    for i, body in enumerate(bodies):
        w = f"{where} bodies[{i}]"
        if not isinstance(body, Mapping):
            out.append(Problem(w, "must be a mapping"))
            continue
        out += _keys(body, ("name", "status", "basis"), ("name_en",), w)
        if body.get("status") not in VERIFIER_STATUSES:
            out.append(Problem(w, f"status must be one of {VERIFIER_STATUSES}"))
        for field in ("name", "basis"):
            if field in body and not _text(body[field]):
                out.append(Problem(w, f"{field} must be a non-empty string"))
        if _text(body.get("basis")):
            out += [Problem(w, f"basis {body['basis']!r} {why}") for why in source_problems(body["basis"])]
    return out


def _validate_lexicon(raw: Any) -> list[Problem]:
    where = LEXICON_FILE
    if not isinstance(raw, Mapping):
        return [Problem(where, "must be a mapping with terms and corrections")]
    out = _keys(raw, ("terms", "corrections"), (), where)
    terms = raw.get("terms")
    if not isinstance(terms, list) or not all(_text(t) and " " not in t for t in terms):
        out.append(Problem(where, "terms must be a list of words without spaces"))
    else:
        out += [Problem(where, f"term listed twice: {t!r}") for t, n in Counter(terms).items() if n > 1]
    corr = raw.get("corrections")
    if not isinstance(corr, Mapping) or not all(_text(k) and _text(v) for k, v in corr.items()):
        out.append(Problem(where, "corrections must map a typo to its correction"))
    else:
        out += [Problem(where, f"correction {k!r} maps to itself") for k, v in corr.items() if k == v]
    return out


def _validate_messages(raw: Any) -> list[Problem]:
    if not isinstance(raw, Mapping):
        return [Problem(MESSAGES_FILE, "must be a mapping of message key to text")]
    out = [Problem(MESSAGES_FILE, f"missing message {k!r}") for k in MESSAGE_KEYS if not _text(raw.get(k))]
    return out


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
            content[file.name] = yaml.load(file.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.append(Problem(file.name, f"cannot parse: {exc}".replace("\n", " ")))
    return content, problems


def entry_files(content: Mapping[str, Any]) -> list[str]:
    return [name for name in sorted(content) if name not in RESERVED_FILES]


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
        problems += _validate_contacts(contacts_raw, today)
    if VERIFIERS_FILE in content:
        problems += _validate_verifiers(content[VERIFIERS_FILE], today)
    if LEXICON_FILE in content:
        problems += _validate_lexicon(content[LEXICON_FILE])
    if MESSAGES_FILE in content:
        problems += _validate_messages(content[MESSAGES_FILE])

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

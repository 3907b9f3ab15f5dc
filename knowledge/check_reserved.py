"""Validation of the reserved content files: contacts (one per routing key), verification bodies, the lexicon
(terms and typo corrections) and the messages."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from contracts.routing import ROUTING_KEYS
from knowledge.content_files import CONTACTS_FILE, LEXICON_FILE, MESSAGES_FILE, VERIFIERS_FILE
from knowledge.problems import ID_RE, Problem, as_of_problems, is_text, key_problems, source_field_problems
from knowledge.sources import source_problems

CONTACT_REQUIRED = ("id", "name", "title", "org", "role", "phone", "email", "topics", "source", "as_of")
CONTACT_OPTIONAL = ("unit", "ext", "note")
MESSAGE_KEYS = ("not_sure", "suggestions", "offer_person", "out_of_scope", "related")
VERIFIER_STATUSES = ("confirmed", "unconfirmed")
TAF_DIRECTORY_PREFIX = "https://www.taftw.org.tw/"
PHONE_RE = re.compile(r"^\(0\d{1,2}\)\d{3,4}-\d{4}$")
EXT_RE = re.compile(r"^\d{1,5}$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


def validate_contact(raw: Any, *, where: str | None = None, today: date | None = None) -> list[Problem]:
    today = today or date.today()
    if not isinstance(raw, Mapping):
        return [Problem(where or CONTACTS_FILE, "a contact must be a mapping")]
    where = where or f"contact {raw.get('id')!r}"
    out = key_problems(raw, CONTACT_REQUIRED, CONTACT_OPTIONAL, where)
    if "id" in raw and not (isinstance(raw["id"], str) and ID_RE.match(raw["id"])):
        out.append(Problem(where, f"id must be snake_case ASCII, got {raw['id']!r}"))
    for field in ("name", "title", "org", "role", "source"):
        if field in raw and not is_text(raw[field]):
            out.append(Problem(where, f"{field} must be a non-empty string"))
    if "phone" in raw and not (isinstance(raw["phone"], str) and PHONE_RE.match(raw["phone"])):
        out.append(Problem(where, f"phone must look like (02)2784-4188, got {raw['phone']!r}"))
    if raw.get("ext") is not None and not (isinstance(raw["ext"], str) and EXT_RE.match(raw["ext"])):
        out.append(Problem(where, f"ext must be digits as a quoted string, got {raw['ext']!r}"))
    if "email" in raw and not (isinstance(raw["email"], str) and EMAIL_RE.match(raw["email"])):
        out.append(Problem(where, f"email is not an e-mail address: {raw['email']!r}"))
    topics = raw.get("topics")
    if "topics" in raw and not (isinstance(topics, list) and topics and all(is_text(t) for t in topics)):
        out.append(Problem(where, "topics must be a non-empty list of routing keys"))
    out += source_field_problems(raw, where)
    if "as_of" in raw:
        out += as_of_problems(raw["as_of"], where, today)
    return out


def validate_contacts(raw: Any, today: date) -> list[Problem]:
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
    out += [Problem(CONTACTS_FILE, f"topic {k!r} is not a routing key (contracts/routing.py: {', '.join(ROUTING_KEYS)})")
            for k in routes if k not in ROUTING_KEYS]
    return out


def validate_verifiers(raw: Any, today: date) -> list[Problem]:
    where = VERIFIERS_FILE
    if not isinstance(raw, Mapping):
        return [Problem(where, "must be a mapping with directory_url, source, as_of and bodies")]
    out = key_problems(raw, ("directory_url", "source", "as_of", "bodies"), ("note",), where)
    url = raw.get("directory_url")
    if "directory_url" in raw and not (isinstance(url, str) and url.startswith(TAF_DIRECTORY_PREFIX)):
        out.append(Problem(where, f"directory_url must be the TAF directory ({TAF_DIRECTORY_PREFIX}...)"))
    out += source_field_problems(raw, where)
    if "as_of" in raw:
        out += as_of_problems(raw["as_of"], where, today)
    bodies = raw.get("bodies")
    if not isinstance(bodies, list) or not bodies:
        return out + [Problem(where, "bodies must be a non-empty list")]
    for i, body in enumerate(bodies):
        w = f"{where} bodies[{i}]"
        if not isinstance(body, Mapping):
            out.append(Problem(w, "must be a mapping"))
            continue
        out += key_problems(body, ("name", "status", "basis"), ("name_en", "aliases"), w)
        aliases = body.get("aliases", [])
        if not isinstance(aliases, list) or not all(is_text(a) for a in aliases):
            out.append(Problem(w, "aliases must be a list of names"))
        if body.get("status") not in VERIFIER_STATUSES:
            out.append(Problem(w, f"status must be one of {VERIFIER_STATUSES}"))
        for field in ("name", "basis"):
            if field in body and not is_text(body[field]):
                out.append(Problem(w, f"{field} must be a non-empty string"))
        if is_text(body.get("basis")):
            out += [Problem(w, f"basis {body['basis']!r} {why}") for why in source_problems(body["basis"])]
    return out


def validate_lexicon(raw: Any) -> list[Problem]:
    where = LEXICON_FILE
    if not isinstance(raw, Mapping):
        return [Problem(where, "must be a mapping with terms and corrections")]
    out = key_problems(raw, ("terms", "corrections"),
                       ("anchors", "organisations", "contact_words", "foreign_subjects", "core_words",
                        "foreign_always", "false_friends", "foreign_patterns", "foreign_always_patterns", "honorifics",
                        "domain_patterns",
                        "uncovered", "pattern_entries"), where)
    for key in ("anchors", "contact_words", "foreign_subjects", "core_words", "foreign_always", "false_friends",
                "honorifics"):
        words = raw.get(key, [])
        if not isinstance(words, list) or not all(is_text(w) and w == w.casefold() for w in words):
            out.append(Problem(where, f"{key} must be a list of words (Latin ones in lower case)"))
    out += _pattern_problems(raw.get("foreign_patterns", []), where, "foreign_patterns")
    out += _pattern_problems(raw.get("foreign_always_patterns", []), where, "foreign_always_patterns")
    out += _pattern_problems(raw.get("domain_patterns", []), where, "domain_patterns")
    pattern_entries = raw.get("pattern_entries", {})
    if not isinstance(pattern_entries, Mapping):
        out.append(Problem(where, "pattern_entries must map an entry id to its regular expressions"))
    else:
        for entry_id, patterns in pattern_entries.items():
            out += _pattern_problems(patterns, where, f"pattern_entries.{entry_id}")
    uncovered = raw.get("uncovered", {})
    if not isinstance(uncovered, Mapping) or not all(
            is_text(k) and isinstance(v, list) and v and all(is_text(w) and w == w.casefold() for w in v)
            for k, v in uncovered.items()):
        out.append(Problem(where, "uncovered must map a subject's label to its words (Latin ones in lower case)"))
    organisations = raw.get("organisations", {})
    if not isinstance(organisations, Mapping) or not all(
            is_text(k) and isinstance(v, list) and v and all(is_text(c) for c in v) for k, v in organisations.items()):
        out.append(Problem(where, "organisations must map a name to a list of contact ids"))
    terms = raw.get("terms")
    if not isinstance(terms, list) or not all(is_text(t) and " " not in t for t in terms):
        out.append(Problem(where, "terms must be a list of words without spaces"))
    else:
        out += [Problem(where, f"term listed twice: {t!r}") for t, n in Counter(terms).items() if n > 1]
    corr = raw.get("corrections")
    if not isinstance(corr, Mapping) or not all(is_text(k) and is_text(v) for k, v in corr.items()):
        out.append(Problem(where, "corrections must map a typo to its correction"))
    else:
        out += [Problem(where, f"correction {k!r} maps to itself") for k, v in corr.items() if k == v]
    return out


def _pattern_problems(patterns: Any, where: str, key: str) -> list[Problem]:
    """A list of regular expressions (matched case-insensitively on the normalised text)."""
    if not isinstance(patterns, list) or not all(is_text(p) for p in patterns):
        return [Problem(where, f"{key} must be a list of regular expressions")]
    out = []
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            out.append(Problem(where, f"{key}: {pattern!r} is not a regular expression ({exc})"))
    return out


def validate_messages(raw: Any) -> list[Problem]:
    if not isinstance(raw, Mapping):
        return [Problem(MESSAGES_FILE, "must be a mapping of message key to text")]
    out = [Problem(MESSAGES_FILE, f"missing message {k!r}") for k in MESSAGE_KEYS if not is_text(raw.get(k))]
    return out

"""The content's data types. Built by the loader from the YAML files after validation."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TOPICS: tuple[str, ...] = (
    "eligibility", "programme", "apply", "courses", "method", "context", "contacts", "glossary",
)


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    title: str
    questions: tuple[str, ...]
    answer: str
    source: str
    as_of: date
    related: tuple[str, ...]
    contact: str | None = None
    notice: str | None = None

    @property
    def intent(self) -> str:
        """The Rasa intent name for this entry."""
        return f"faq_{self.id}"


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    title: str
    org: str
    unit: str | None
    role: str
    phone: str
    ext: str | None
    email: str
    topics: tuple[str, ...]
    source: str
    as_of: date
    note: str | None = None

    @property
    def phone_display(self) -> str:
        """Phone as printed in the deck, e.g. "(02)2784-4188 ext.5148"."""
        return f"{self.phone} ext.{self.ext}" if self.ext else self.phone

    @property
    def tel_uri(self) -> str:
        """A dialable ``tel:`` URI (Taiwan, extension after a pause)."""
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        uri = f"tel:+886{digits[1:]}"
        return f"{uri},{self.ext}" if self.ext else uri


@dataclass(frozen=True)
class Verifier:
    name: str
    name_en: str | None
    status: str  # "confirmed" | "unconfirmed"
    basis: str
    #: what users call it besides its names (BV, 金屬中心): a follow-up naming one is about the verification bodies
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.name_en, *self.aliases) if n)


@dataclass(frozen=True)
class VerifierList:
    directory_url: str
    source: str
    as_of: date
    bodies: tuple[Verifier, ...]

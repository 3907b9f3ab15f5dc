"""Reading the YAML text catalogues: parsed once, checked for shape, texts looked up by dotted key and their
{placeholders} filled in one way (``str.format``: ``{name}``, ``{amount:,}``; ``{{`` is a brace). A text
is exactly what the file says: nothing is stripped (a quoted text may start with an ideographic space on
purpose).

Every package's catalogue (actions/messages.yml, gateway/messages.yml, calc/data/messages.yaml, nlu/lexicon.yml …)
is read through here, so a missing or mistyped text fails with the file and the key in the message, the same
way everywhere, instead of a bare ``KeyError: 'x'`` at the first user who needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

#: libyaml when the wheel has it (about ten times faster); the same safe subset of YAML either way
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogueError(KeyError, ValueError):
    """A catalogue that cannot be read, is not of the expected shape, or lacks a text or a placeholder's
    value. The message names the file and the key. (A KeyError, as a missing key was before; a ValueError, as
    a malformed file is.)"""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def read_yaml(path: Path | str) -> Any:
    """One YAML file, parsed (not cached: for files read once by their owner, e.g. settings)."""
    path = Path(path)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path.name}: cannot read: {exc}") from exc


class Catalogue:
    """A parsed catalogue: a mapping whose texts are found by dotted keys ("errors.field_missing")."""

    def __init__(self, data: Any, name: str, prefix: str = "") -> None:
        if data is None:  # an empty file
            data = {}
        if not isinstance(data, Mapping):
            raise CatalogueError(f"{name}: expected a mapping of keys to texts, not a {type(data).__name__}")
        self.name = name  # the file, for errors
        self.prefix = prefix  # the dotted key of a section, for errors
        self.data: Mapping[str, Any] = data

    def where(self, key: str) -> str:
        return f"{self.name}: {self.prefix}{key}"

    def node(self, key: str) -> Any:
        """Whatever is at ``key`` (a text, a list, a mapping, a number)."""
        value: Any = self.data
        for part in key.split("."):
            if not isinstance(value, Mapping) or part not in value:
                raise CatalogueError(f"{self.name} lacks {self.prefix}{key}")
            value = value[part]
        return value

    def has(self, key: str) -> bool:
        try:
            self.node(key)
        except CatalogueError:
            return False
        return True

    def get(self, key: str, default: Any = None) -> Any:
        """The value at ``key``, or ``default`` when the catalogue does not have it (an optional setting)."""
        return self.node(key) if self.has(key) else default

    def template(self, key: str) -> str:
        """The text at ``key`` with its placeholders unfilled (for a client that fills them itself)."""
        value = self.node(key)
        if not isinstance(value, str):
            raise CatalogueError(f"{self.where(key)} must be a text, not a {type(value).__name__}")
        return value

    def text(self, key: str, **values: Any) -> str:
        """The text at ``key`` with its {placeholders} filled in from ``values``."""
        return fill(self.template(key), values, self.where(key))

    def words(self, key: str) -> list[str]:
        """The list of texts (words, phrases, button titles) at ``key``."""
        value = self.node(key)
        if not isinstance(value, list) or not all(isinstance(item, (str, int, float)) for item in value):
            raise CatalogueError(f"{self.where(key)} must be a list of texts")
        return [str(item) for item in value]

    def mapping(self, key: str) -> dict[str, Any]:
        """The mapping at ``key`` (a group of texts, a table of words)."""
        value = self.node(key)
        if not isinstance(value, Mapping):
            raise CatalogueError(f"{self.where(key)} must be a mapping")
        return dict(value)

    def section(self, key: str) -> Catalogue:
        """The mapping at ``key`` as a catalogue of its own (its errors still name this file and the key)."""
        return Catalogue(self.mapping(key), self.name, f"{self.prefix}{key}.")

    def flat(self) -> dict[str, Any]:
        """Every leaf by its dotted key: {"errors.field_missing": "缺少 {field}", "starters": [...]}."""
        out: dict[str, Any] = {}

        def walk(prefix: str, node: Mapping[str, Any]) -> None:
            for key, value in node.items():
                dotted = f"{prefix}{key}"
                if isinstance(value, Mapping):
                    walk(dotted + ".", value)
                else:
                    out[dotted] = value

        walk("", self.data)
        return out

    def require_texts(self, keys: Iterable[str] = ()) -> dict[str, str]:
        """Check that every leaf is a text and that ``keys`` are all there; the texts by dotted key."""
        flat = self.flat()
        wrong = [key for key, value in flat.items() if not isinstance(value, str)]
        if wrong:
            raise CatalogueError(f"{self.name}: {', '.join(self.prefix + k for k in wrong)} must be text")
        missing = [key for key in keys if key not in flat]
        if missing:
            raise CatalogueError(f"{self.name} lacks: {', '.join(self.prefix + k for k in missing)}")
        return flat


def fill(template: str, values: Mapping[str, Any], where: str = "text") -> str:
    """``template`` with its placeholders filled in (``str.format``); ``where`` names it in an error."""
    try:
        return template.format_map(values)
    except KeyError as exc:
        raise CatalogueError(f"{where}: no value given for {{{exc.args[0]}}}") from None
    except (AttributeError, IndexError, ValueError) as exc:
        raise CatalogueError(f"{where}: cannot fill in {template!r}: {exc}") from None


@lru_cache(maxsize=None)
def _load(path: Path) -> Catalogue:
    return Catalogue(read_yaml(path), path.name)


@lru_cache(maxsize=None)
def load_catalogue(path: Path | str) -> Catalogue:
    """The catalogue in ``path``, read once per process (the same object on every call, however the path is
    written: cheap enough to call for every text)."""
    return _load(Path(path).resolve())

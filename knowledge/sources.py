"""Sources a user can look up: a law and its article, an agency notice and its date, the programme deck's
section, a web address — never a file name or a path (issue 13).

``source_problems`` is the check (``knowledge check``, the staff console's editor); ``public_source`` keeps
the public parts of a source line that also names files (for texts built from data files elsewhere, such as
the Excel workbook's factor-source column).
"""

from __future__ import annotations

import re

#: web addresses are public; they are taken out before looking for file names and paths
_URL = re.compile(r"https?://[^\s（）()、，；;]+|www\.[^\s（）()、，；;]+", re.IGNORECASE)
_FILE_NAME = re.compile(r"[\w.-]+\.(?:md|markdown|ya?ml|csv|tsv|json|ods|odt|xlsx?|docx?|txt|py|ini|toml)\b",
                        re.IGNORECASE)
#: a slash that is not between digits (2023/956, 2025/12/21 are numbers, not paths), or a backslash
_PATH = re.compile(r"(?<!\d)/|/(?!\d)|\\")
_PARTS = re.compile(r"[；;]")


def source_problems(source: str) -> list[str]:
    """Why ``source`` is not something a user can look up (empty: it is fine)."""
    if not source or not source.strip():
        return ["the source is missing"]
    rest = _URL.sub("", source)
    problems = []
    names = _FILE_NAME.findall(rest)
    if names:
        problems.append(f"names a file a user cannot open ({', '.join(sorted(set(names)))}); cite the law and "
                        "article, the agency notice and date, the deck's section or a web address")
    if _PATH.search(rest):
        problems.append("looks like a path ('/' or '\\' outside a web address or a number like 2023/956)")
    return problems


def public_source(source: str) -> str:
    """The parts of a ``；``-separated source line that pass ``source_problems`` (the others dropped)."""
    parts = [part.strip() for part in _PARTS.split(source or "")]
    return "；".join(part for part in parts if part and not source_problems(part))

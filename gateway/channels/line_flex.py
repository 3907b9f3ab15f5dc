"""An inventory result (calc's JSON: total_tco2e, by_category, lines…) as a LINE Flex bubble.

The bubble shows the total, each category (類別1/類別2) with its share, and the three largest emission
sources with their shares; `altText` (shown in notifications and old clients) carries the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linebot.v3.messaging import FlexMessage

from gateway.texts import Texts
from contracts import numbers

TOP_SOURCES = 3
MAX_ALT_TEXT = 1500
GREY = "#888888"
ACCENT = "#1E7B46"


def format_amount(value: Any) -> str:
    """76.535 → "76.535", 59.28 → "59.28", 12345.6 → "12,345.6" (at most 3 decimals, as calc rounds)."""
    try:
        return numbers.number(value, 3)
    except ValueError:
        return str(value)


def format_share(value: Any) -> str:
    try:
        return numbers.number(value, 2)
    except ValueError:
        return str(value)


def inventory_flex(result: Mapping[str, Any], texts: Texts) -> FlexMessage:
    """The Flex message for one inventory result."""
    unit = str(result.get("unit") or texts.get("line.flex.unit"))
    total = format_amount(result.get("total_tco2e", 0))
    alt_text = texts.get("line.flex.alt", total=total, unit=unit)[:MAX_ALT_TEXT]
    body: list[dict[str, Any]] = [
        {
            "type": "box",
            "layout": "vertical",
            "contents": [
                _text(texts.get("line.flex.total"), size="sm", color=GREY),
                _text(f"{total} {unit}", size="xl", weight="bold", color=ACCENT),
            ],
        }
    ]
    categories = [
        _row(f"{c.get('label', key)} {c.get('name', '')}".strip(), _amount_share(c, unit, texts))
        for key, c in _mapping(result.get("by_category")).items()
        if isinstance(c, Mapping)
    ]
    if categories:
        body += [
            _separator(),
            _text(texts.get("line.flex.by_category"), size="sm", weight="bold"),
            *categories,
        ]
    sources = top_sources(result.get("lines"))
    if sources:
        rows = [
            _row(f"{rank}. {name}", _amount_share({"tco2e": tco2e, "share_percent": share}, unit, texts))
            for rank, (name, tco2e, share) in enumerate(sources, start=1)
        ]
        body += [_separator(), _text(texts.get("line.flex.top_sources"), size="sm", weight="bold"), *rows]
    header = [_text(texts.get("line.flex.title"), weight="bold", size="lg")]
    if result.get("year"):
        year = texts.get("line.flex.year", year=result["year"], roc_year=result.get("roc_year", ""))
        header.append(_text(year, size="xs", color=GREY))
    if result.get("gwp"):
        header.append(_text(texts.get("line.flex.gwp", gwp=result["gwp"]), size="xs", color=GREY))
    bubble = {
        "type": "bubble",
        "header": {"type": "box", "layout": "vertical", "contents": header},
        "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": body},
    }
    return FlexMessage.from_dict({"type": "flex", "altText": alt_text, "contents": bubble})


def top_sources(lines: Any, limit: int = TOP_SOURCES) -> list[tuple[str, float, float]]:
    """(name, tCO2e, share %) of the largest sources; lines of the same source are added up."""
    totals: dict[str, list[Any]] = {}
    for line in lines if isinstance(lines, list) else []:
        if not isinstance(line, Mapping):
            continue
        key = str(line.get("source") or line.get("source_name") or "")
        name = str(line.get("source_name") or line.get("source_alias") or key)
        entry = totals.setdefault(key, [name, 0.0, 0.0])
        entry[1] += _float(line.get("tco2e"))
        entry[2] += _float(line.get("share_percent"))
    ranked = sorted((tuple(v) for v in totals.values() if v[1] > 0), key=lambda item: -item[1])
    return [(str(n), float(t), float(s)) for n, t, s in ranked[:limit]]


def _amount_share(subtotal: Mapping[str, Any], unit: str, texts: Texts) -> str:
    return texts.get(
        "line.flex.amount_share",
        amount=format_amount(subtotal.get("tco2e", 0)),
        unit=unit,
        share=format_share(subtotal.get("share_percent", 0)),
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _text(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "text", "text": text or " ", "wrap": True, **style}


def _row(label: str, value: str) -> dict[str, Any]:
    return {
        "type": "box",
        "layout": "horizontal",
        "spacing": "sm",
        "contents": [
            _text(label, size="sm", flex=3),
            _text(value, size="sm", flex=3, align="end"),
        ],
    }


def _separator() -> dict[str, Any]:
    return {"type": "separator"}


def link_flex(title: str, url: str, texts: Texts) -> FlexMessage:
    """A bubble with one button that opens ``url`` (the workbook download)."""
    bubble = {
        "type": "bubble",
        "size": "kilo",
        "body": {"type": "box", "layout": "vertical", "contents": [
            {"type": "button", "style": "primary", "color": ACCENT, "height": "sm",
             "action": {"type": "uri", "label": title[:40], "uri": url}},
        ]},
    }
    alt = texts.get("line.link_alt", title=title, url=url)[:MAX_ALT_TEXT]
    return FlexMessage.from_dict({"type": "flex", "altText": alt, "contents": bubble})

"""Where an inventory's JSON, workbook and chart are served (gateway/routes/inventories.py), and its links."""

from __future__ import annotations

PREFIX = "/api/inventories"
CHART_PATH = PREFIX + "/{token}/chart.png"
EXPORT_PATH = PREFIX + "/{token}/export.xlsx"


def inventory_urls(base: str, token: str) -> dict[str, str]:
    """The chart and export links of an inventory; `base` "" gives paths relative to the gateway."""
    return {
        "chart_url": base + CHART_PATH.format(token=token),
        "export_url": base + EXPORT_PATH.format(token=token),
    }

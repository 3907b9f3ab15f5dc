"""`GET /api/inventories/{token}` (JSON), `…/export.xlsx` (the workbook) and `…/chart.png` (the chart).

The token is the only key: it is random and long, and the links are what the bot gives the user. Unknown
tokens get 404 with a Chinese message; a chart that cannot be drawn (no CJK font) gets 503.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from gateway.deps import InventoriesDep, TextsDep, per_ip
from gateway.errors import error_response
from gateway.inventory.chart import CHART_STYLE, CJKFontMissing, render_chart
from gateway.inventory.excel import ExportInfo, build_workbook, file_name
from gateway.inventory.links import PREFIX, inventory_urls
from gateway.inventory.models import Inventory
from gateway.inventory.payload import parse_input, parse_result
from gateway.inventory.store import InventoryStore
from gateway.texts import Texts

log = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: An inventory version never changes (a re-computation is a new token), so a client may keep what it got.
CACHE_CONTROL = "private, max-age=86400"

router = APIRouter(prefix=PREFIX, tags=["inventories"])


@router.get("/{token}")
def get_inventory(token: str, store: InventoriesDep, texts: TextsDep) -> JSONResponse:
    """The stored calc input and result of one inventory version, with its links."""
    inventory = _find(store, token)
    if inventory is None:
        return _not_found(texts)
    body: dict[str, Any] = {
        "token": inventory.public_token,
        "version": inventory.version,
        "current": store.is_current(inventory),
        "year": inventory.year,
        "company": inventory.company,
        "site": inventory.site,
        "gwp": inventory.gwp,
        "total_tco2e": float(inventory.total_tco2e),
        "created_at": inventory.created_at.isoformat(),
        "input": inventory.input_json,
        "result": inventory.result_json,
        **inventory_urls("", inventory.public_token),
    }
    return JSONResponse(body, headers={"Cache-Control": "private, no-cache"})


@router.get("/{token}/export.xlsx", dependencies=[per_ip("files_per_ip")])
def export_workbook(token: str, store: InventoriesDep, texts: TextsDep) -> Response:
    """The inventory as a workbook shaped like the Ministry's inventory form."""
    inventory = _find(store, token)
    if inventory is None:
        return _not_found(texts)
    given = parse_input(inventory.input_json)
    result = parse_result(inventory.result_json)
    info = ExportInfo(version=inventory.version, created_at=inventory.created_at)
    content = build_workbook(given, result, info)
    name = file_name(result, info)
    fallback = f"inventory-{result.year}-v{inventory.version}.xlsx"
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        content,
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": disposition, "Cache-Control": CACHE_CONTROL},
    )


@router.get("/{token}/chart.png", dependencies=[per_ip("files_per_ip")])
def chart_png(token: str, store: InventoriesDep, texts: TextsDep) -> Response:
    """The emissions-by-source chart; rendered once per inventory version and chart style, then cached."""
    inventory = _find(store, token)
    if inventory is None:
        return _not_found(texts)
    png = store.chart(inventory.id, CHART_STYLE)
    if png is None:
        try:
            png = render_chart(parse_result(inventory.result_json), inventory.company)
        except CJKFontMissing as exc:
            log.error("cannot draw the inventory chart: %s", exc)
            return error_response(503, texts.get("inventory.chart_unavailable"))
        except Exception as exc:  # never the user's text in the log: it is in the exception's message
            log.error("the chart of inventory %s could not be drawn (%s)", inventory.id, type(exc).__name__)
            return error_response(503, texts.get("inventory.chart_unavailable"))
        store.save_chart(inventory.id, CHART_STYLE, png)
    return Response(png, media_type="image/png", headers={"Cache-Control": CACHE_CONTROL})


def _find(store: InventoryStore, token: str) -> Inventory | None:
    return store.by_token(token) if TOKEN_PATTERN.fullmatch(token) else None


def _not_found(texts: Texts) -> JSONResponse:
    return error_response(404, texts.get("inventory.not_found"))

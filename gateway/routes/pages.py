"""`GET /`: the demo page, which embeds the web chat widget (gateway/static/widget/, served under /static/);
`GET /staff`: the staff console page (gateway/static/staff/: index.html, staff.js, staff.css), its texts inline;
`GET /api/texts/{widget|console}`: what those pages say, from gateway/static_texts.yml, as JSON.

Any other page embeds the widget with one tag: `<script src="<gateway>/static/widget/widget.js" defer>`; the
widget then reads its texts from the gateway it talks to, so that answer may be read from any site.
"""

from __future__ import annotations

import hashlib
import json
from enum import Enum
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse

from textdata import load_catalogue

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STAFF_PAGE = STATIC_DIR / "staff" / "index.html"
STATIC_TEXTS_FILE = STATIC_DIR.parent / "static_texts.yml"
#: where the console page carries its texts (staff.js reads this element)
CONSOLE_TEXTS_ELEMENT = "console-texts"
#: the texts change only with a deploy; a browser may keep them this long and then asks again (ETag)
TEXTS_MAX_AGE_SECONDS = 300

router = APIRouter(tags=["pages"])


class PageName(str, Enum):
    widget = "widget"
    console = "console"


@lru_cache(maxsize=None)
def page_texts(name: str) -> bytes:
    """The texts of one page (a section of gateway/static_texts.yml) as JSON, placeholders left for the page."""
    section = load_catalogue(STATIC_TEXTS_FILE).mapping(name)
    return json.dumps(section, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


@lru_cache(maxsize=1)
def _staff_page() -> str:
    # "<" escaped: the JSON cannot end the script element, whatever a text says
    texts = page_texts(PageName.console.value).decode("utf-8").replace("<", "\\u003c")
    tag = f'<script type="application/json" id="{CONSOLE_TEXTS_ELEMENT}">{texts}</script>\n'
    page = STAFF_PAGE.read_text(encoding="utf-8")
    marker = '<script src="/static/staff/staff.js"'
    if marker not in page:
        raise RuntimeError(f"{STAFF_PAGE.name}: no {marker!r} to put the texts before")
    return page.replace(marker, tag + "  " + marker, 1)


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    """The demo page: a short description of the assistant, with the widget in the corner."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")


@router.get("/staff", include_in_schema=False)
def staff_console() -> HTMLResponse:
    """The console, with its texts inline (no second request before it can show anything); its
    Content-Security-Policy and other headers come from gateway/security_headers.py (the same for its files under
    /static/staff/). A JSON script element is data, not script: the policy's "no inline script" holds."""
    return HTMLResponse(_staff_page())


@router.get("/api/texts/{page}", summary="What the widget or the staff console says (zh-TW)")
def texts(page: PageName, request: Request) -> Response:
    """The labels, notices and templates of a page, by key; `{name}` placeholders are filled in by the page.
    Public (no session: the widget needs them before it has one), readable from any site, cacheable."""
    body = page_texts(page.value)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {
        "Cache-Control": f"public, max-age={TEXTS_MAX_AGE_SECONDS}",
        "ETag": etag,
        "Access-Control-Allow-Origin": "*",
    }
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)

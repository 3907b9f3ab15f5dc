"""`GET /`: the demo page, which embeds the web chat widget (gateway/static/widget/, served under /static/), and
`GET /staff`: the staff console page (gateway/static/staff/: index.html, staff.js, staff.css).

Any other page embeds the widget with one tag: `<script src="<gateway>/static/widget/widget.js" defer>`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STAFF_PAGE = STATIC_DIR / "staff" / "index.html"

router = APIRouter(tags=["pages"])


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    """The demo page: a short description of the assistant, with the widget in the corner."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")


@router.get("/staff", include_in_schema=False)
def staff_console() -> FileResponse:
    """The console; its Content-Security-Policy and other headers come from gateway/security_headers.py (the same
    for its files under /static/staff/)."""
    return FileResponse(STAFF_PAGE, media_type="text/html; charset=utf-8")

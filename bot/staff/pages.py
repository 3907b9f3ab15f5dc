"""`GET /staff`: the staff console page (bot/static/staff/: index.html, staff.js, staff.css)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from bot.routes.pages import STATIC_DIR

STAFF_PAGE = STATIC_DIR / "staff" / "index.html"

router = APIRouter(tags=["pages"])


@router.get("/staff", include_in_schema=False)
def staff_console() -> FileResponse:
    """The console; its Content-Security-Policy and other headers come from bot/security_headers.py (the same
    for its files under /static/staff/)."""
    return FileResponse(STAFF_PAGE, media_type="text/html; charset=utf-8")

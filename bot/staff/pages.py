"""`GET /staff`: the staff console page (bot/static/staff/: index.html, staff.js, staff.css)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from bot.routes.pages import STATIC_DIR

STAFF_PAGE = STATIC_DIR / "staff" / "index.html"
#: Everything the console loads comes from this gateway; nothing from the internet, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)

router = APIRouter(tags=["pages"])


@router.get("/staff", include_in_schema=False)
def staff_console() -> FileResponse:
    return FileResponse(
        STAFF_PAGE,
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-store",
                 "Referrer-Policy": "no-referrer"},
    )

"""`GET /`: the demo page, which embeds the web chat widget (bot/static/widget/, served under /static/).

Any other page embeds the widget with one tag: `<script src="<gateway>/static/widget/widget.js" defer>`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(tags=["pages"])


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    """The demo page: a short description of the assistant, with the widget in the corner."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

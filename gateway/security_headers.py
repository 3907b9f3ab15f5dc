"""Security headers on every response of the gateway (a pure ASGI middleware).

- every response: ``X-Content-Type-Options: nosniff``;
- the chat and staff APIs (``/api/chat…``, ``/api/staff…``): ``Cache-Control: no-store`` (conversations and
  tokens must not stay in a shared or browser cache), unless the route set its own;
- the staff console (``/staff`` and everything under ``/static/staff/``): its Content-Security-Policy (nothing
  but this gateway, no inline script, no framing), ``X-Frame-Options: DENY``, ``Referrer-Policy: no-referrer``;
- other HTML pages (the demo page): a policy that lets only this gateway's scripts run;
- HSTS is the proxy's (nginx sets it on https, docker/nginx.conf): the gateway itself may be reached over http
  inside the network.

A header the route already set is kept.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Everything the console loads comes from this gateway; nothing from the internet, no inline script.
STAFF_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
#: The demo page: its own inline stylesheet; the widget's scripts from here; images the bot sends from anywhere.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https: http:; "
    "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
)
_NO_STORE_PREFIXES = ("/api/chat", "/api/staff")
_STAFF_PREFIXES = ("/staff", "/static/staff/")
#: Swagger UI loads its scripts from a CDN; the proxy keeps it off the public internet instead.
_NO_CSP_PREFIXES = ("/api/docs",)


def headers_for(path: str, content_type: str) -> dict[str, str]:
    """The security headers a response to `path` with `content_type` gets (unless it has them)."""
    headers = {"X-Content-Type-Options": "nosniff"}
    if path.startswith(_NO_STORE_PREFIXES):
        headers["Cache-Control"] = "no-store"
    if path == "/staff" or path.startswith(_STAFF_PREFIXES):
        headers.update({
            "Content-Security-Policy": STAFF_CSP,
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        })
    elif content_type.startswith("text/html") and not path.startswith(_NO_CSP_PREFIXES):
        headers["Content-Security-Policy"] = PAGE_CSP
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return headers


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in headers_for(path, headers.get("content-type", "")).items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)

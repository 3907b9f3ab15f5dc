"""Turning every kind of bad request into a 4xx with a Traditional-Chinese `{"error": "..."}`."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.texts import Texts, load_texts

log = logging.getLogger(__name__)

_BODY_PARSE_FAILED = "There was an error parsing the body"


def error_response(status_code: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status_code, headers=headers)


def describe_validation_errors(errors: Sequence[Any], texts: Texts) -> str:
    """One Chinese sentence per problem, joined with 「；」, naming the field and what is wrong with it."""
    sentences: list[str] = []
    for error in errors:
        sentence = _describe_one(error, texts)
        if sentence not in sentences:
            sentences.append(sentence)
    return "；".join(sentences) or texts.get("errors.bad_request")


def _describe_one(error: Any, texts: Texts) -> str:
    kind = error.get("type", "")
    loc = tuple(error.get("loc", ()))
    ctx = error.get("ctx") or {}
    if kind == "json_invalid":
        return texts.get("errors.invalid_json")
    if len(loc) <= 1:  # the body as a whole
        return texts.get("errors.body_missing" if kind == "missing" else "errors.body_not_object")
    field = ".".join(str(part) for part in loc[1:])
    if kind == "missing":
        return texts.get("errors.field_missing", field=field)
    if kind == "string_type":
        return texts.get("errors.field_not_string", field=field)
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return texts.get("errors.field_not_integer", field=field)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return texts.get("errors.field_not_object", field=field)
    if kind == "string_too_long":
        return texts.get("errors.field_too_long", field=field, max_length=ctx.get("max_length", 0))
    if kind == "blank":
        return texts.get("errors.field_blank", field=field)
    if kind in ("bad_chars", "string_unicode"):
        return texts.get("errors.field_bad_chars", field=field)
    if kind == "sender_pattern":
        return texts.get("errors.sender_pattern")
    if kind in ("greater_than_equal", "greater_than"):
        return texts.get("errors.field_too_small", field=field, limit=ctx.get("ge", ctx.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return texts.get("errors.field_too_large", field=field, limit=ctx.get("le", ctx.get("lt")))
    return texts.get("errors.field_invalid", field=field)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    texts = load_texts()
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(400, texts.get("errors.invalid_json"))
    body = getattr(exc, "body", None)
    if isinstance(body, (bytes, bytearray)) and body:  # a body that was not sent as JSON
        return error_response(415, texts.get("errors.unsupported_media_type"))
    return error_response(422, describe_validation_errors(errors, texts))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    texts = load_texts()
    status = exc.status_code
    if status == 400 and exc.detail == _BODY_PARSE_FAILED:  # e.g. not UTF-8, nested too deep
        message = texts.get("errors.invalid_json")
    elif status == 404:
        message = texts.get("errors.not_found")
    elif status == 405:
        message = texts.get("errors.method_not_allowed")
    elif status == 413:
        message = texts.get("errors.body_too_large", limit=request.app.state.services.settings.max_body_bytes)
    elif status >= 500:
        message = texts.get("errors.internal")
    else:
        message = texts.get("errors.bad_request")
    return error_response(status, message, headers=getattr(exc, "headers", None))


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("database error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(503, load_texts().get("errors.database_unavailable"))


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, load_texts().get("errors.internal"))


def install_exception_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)


class BodySizeLimitMiddleware:
    """Refuse request bodies over `max_bytes` with 413 and a Chinese message, before any route reads them.

    Bodies are read here in full (they are small: a chat message, a calculator payload) and replayed.
    `path_limits` gives some paths their own limit (LINE's webhook bodies are not ours to keep small).
    """

    def __init__(self, app: ASGIApp, max_bytes: int, path_limits: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.path_limits = dict(path_limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.path_limits.get(scope.get("path", ""), self.max_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > max_bytes:
            await self._too_large(scope, receive, send, max_bytes)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > max_bytes:
                await self._too_large(scope, receive, send, max_bytes)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, max_bytes: int) -> None:
        message = load_texts().get("errors.body_too_large", limit=max_bytes)
        response = error_response(413, message, headers={"Connection": "close"})
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None

"""Serving an ASGI app with uvicorn in a daemon thread on a free local port; a URL where nothing listens."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn


class ThreadServer:
    """``app`` served by uvicorn in a daemon thread on a free 127.0.0.1 port (``url``), started on creation.

    ``lifespan="on"`` runs the app's start-up and shut-down (the gateway needs it). ``grace_seconds`` bounds
    the shutdown: a long-lived connection a test left open (a live stream) must not hang the session."""

    def __init__(
        self, app: Any, *, lifespan: str = "off", grace_seconds: float = 1, join_seconds: float = 5
    ) -> None:
        self.app = app
        self.join_seconds = join_seconds
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        config = uvicorn.Config(
            app, log_level="warning", lifespan=lifespan, timeout_graceful_shutdown=grace_seconds
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"server for {app!r} did not start")
            time.sleep(0.01)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=self.join_seconds)
        self._sock.close()


def serve_in_thread(app: Any, lifespan: str = "off") -> tuple[str, Callable[[], None]]:
    """Start ``app``; return its base URL (``http://127.0.0.1:<port>``) and a function that stops it."""
    server = ThreadServer(app, lifespan=lifespan)
    return server.url, server.stop


def dead_url() -> str:
    """A URL where nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"

"""Start the whole product on one machine: Rasa servers, action server and gateway, as child processes.

`make run` calls `python -m scripts.stack`; the test session uses `Stack` to start the same processes on free
ports. By default there are as many Rasa servers as CPU cores (RASA_INSTANCES): one Rasa process uses one core,
and the gateway routes each sender to one of them (gateway/rasa_client.py). They share the tracker store (SQLite
under var/ here; PostgreSQL with the Redis lock store in production). Settings come from the environment (see
.env.example); logs go to var/log/. Ctrl-C or SIGTERM stops every child.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from scripts.rasa_project import RASA_ENV

ROOT = Path(__file__).resolve().parent.parent
RASA_VENV = ROOT / ".venv-rasa" / "bin"
APP_VENV = ROOT / ".venv" / "bin"
#: Rasa's endpoints for one machine: SQLite tracker store (RASA_TRACKER_DB), in-process lock store
LOCAL_ENDPOINTS = "rasa_project/endpoints.yml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chat_token_secret(var_dir: Path) -> str:
    """The secret signing web chat sessions when CHAT_TOKEN_SECRET is unset: made once, kept in
    var/chat-token-secret (readable by its owner only), so sessions survive a restart of `make run`."""
    path = var_dir / "chat-token-secret"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def default_rasa_instances() -> int:
    """RASA_INSTANCES, else one Rasa server per CPU core."""
    configured = os.environ.get("RASA_INSTANCES", "").strip()
    return max(1, int(configured)) if configured else max(1, os.cpu_count() or 1)


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    """Wait until ``url`` answers 2xx; fail early if ``proc`` died."""
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with code {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).is_success:
                return
        except httpx.HTTPError as exc:
            last_error = str(exc)
        time.sleep(0.3)
    raise TimeoutError(f"{url} not ready after {timeout:.0f}s ({last_error})")


@dataclass
class Stack:
    """The product's processes. Ports default to the documented ones; tests pass free ports."""

    model: Path
    var_dir: Path = ROOT / "var"
    host: str = "127.0.0.1"
    #: one Rasa server per port
    rasa_ports: list[int] = field(default_factory=lambda: [5005])
    action_port: int = 5055
    gateway_port: int = 8000
    database_url: str | None = None
    #: Rasa's endpoints file (tracker and lock store); the production one reads TRACKER_DB_* and REDIS_* variables
    endpoints: str = LOCAL_ENDPOINTS
    extra_env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://{self.host}:{port}" for port in self.rasa_ports]

    @property
    def rasa_url(self) -> str:
        """The gateway's RASA_URL: every Rasa server, comma-separated."""
        return ",".join(self.rasa_urls)

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}"

    @property
    def gateway_url(self) -> str:
        return f"http://{self.host}:{self.gateway_port}"

    @property
    def log_dir(self) -> Path:
        return self.var_dir / "log"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "ACTION_ENDPOINT_URL": f"{self.action_url}/webhook",
                "ACTION_SERVER_URL": self.action_url,
                "RASA_URL": self.rasa_url,
                "RASA_TRACKER_DB": str(self.tracker_db),
                "RASA_WARM_UP": "true",
                "SANIC_HOST": self.host,
                **RASA_ENV,
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        if not env.get("CHAT_TOKEN_SECRET", "").strip():
            env["CHAT_TOKEN_SECRET"] = chat_token_secret(self.var_dir)
        if self.endpoints == LOCAL_ENDPOINTS and not env.get("TRACKER_STORE_URL", "").strip():
            # the gateway deletes a user's events here too (gateway/privacy/tracker_store.py)
            env["TRACKER_STORE_URL"] = f"sqlite:///{self.tracker_db}"
        env.update(self.extra_env)
        return env

    def _spawn(self, name: str, cmd: list[str]) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = (self.log_dir / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def spawn_actions(self) -> subprocess.Popen:
        return self._spawn(
            "actions",
            [str(RASA_VENV / "rasa"), "run", "actions", "--actions", "actions", "--port", str(self.action_port)],
        )

    def rasa_name(self, index: int) -> str:
        return f"rasa-{index + 1}"

    def spawn_rasa(self, index: int) -> subprocess.Popen:
        return self._spawn(
            self.rasa_name(index),
            [
                str(RASA_VENV / "rasa"), "run",
                "--model", str(self.model),
                "--interface", self.host,
                "--port", str(self.rasa_ports[index]),
                "--endpoints", self.endpoints,
                "--credentials", "rasa_project/credentials.yml",
            ],
        )

    def stop_rasa(self, index: int) -> None:
        proc = self.procs.pop(self.rasa_name(index))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)

    def start_rasa(self, index: int) -> None:
        wait_http(f"{self.rasa_urls[index]}/", 300, self.spawn_rasa(index))

    def spawn_all_rasa(self) -> list[subprocess.Popen]:
        return [self.spawn_rasa(index) for index in range(len(self.rasa_ports))]

    def wait_all_rasa(self, procs: list[subprocess.Popen]) -> None:
        for url, proc in zip(self.rasa_urls, procs, strict=True):
            wait_http(f"{url}/", 300, proc)

    def restart_rasa(self) -> None:
        """Stop every Rasa server and start them again on the same ports (conversations live in the tracker
        store)."""
        for index in range(len(self.rasa_ports)):
            self.stop_rasa(index)
        self.wait_all_rasa(self.spawn_all_rasa())

    def start_gateway(self, port: int | None = None, name: str = "gateway") -> str:
        """Start a gateway process (another one on `port` for a scale-out test); returns its URL."""
        port = port or self.gateway_port
        proc = self._spawn(
            name,
            [
                str(APP_VENV / "python"), "-m", "uvicorn", "gateway.app:create_app", "--factory",
                "--host", self.host, "--port", str(port), "--no-access-log",
            ],
        )
        url = f"http://{self.host}:{port}"
        wait_http(f"{url}/healthz", 120, proc)
        return url

    @property
    def tracker_db(self) -> Path:
        return self.var_dir / "rasa-tracker.db"

    def prepare_tracker_db(self) -> None:
        """Put the Rasa servers' shared SQLite tracker store in WAL mode (it stays so: the mode is kept in the
        file). Rasa opens it with SQLite's defaults, a rollback journal: several syncs per saved turn, and one
        server's write blocks the other's reads. In WAL, readers do not wait for the writer."""
        with sqlite3.connect(self.tracker_db) as connection:
            connection.execute("PRAGMA journal_mode=WAL")

    def start(self, gateway: bool = True) -> None:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        if self.endpoints == LOCAL_ENDPOINTS:  # the one whose tracker store is the SQLite file RASA_TRACKER_DB
            self.prepare_tracker_db()
        # Rasa takes the longest to load: start it, and the action server, before waiting on either.
        try:
            actions = self.spawn_actions()
            servers = self.spawn_all_rasa()
            wait_http(f"{self.action_url}/health", 120, actions)
            self.wait_all_rasa(servers)
            if gateway:
                self.start_gateway()
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for name, proc in self.procs.items():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.procs.clear()


def main() -> int:
    from scripts.rasa_project import model_path

    model = model_path()
    if not model.exists():
        print(f"no trained model at {model}; run `make train` (make run does it)", file=sys.stderr)
        return 1
    first_rasa_port = int(os.environ.get("RASA_PORT", "5005"))
    stack = Stack(
        model=model,
        host=os.environ.get("GATEWAY_HOST", "127.0.0.1"),
        rasa_ports=[first_rasa_port + i for i in range(default_rasa_instances())],
        action_port=int(os.environ.get("ACTION_PORT", "5055")),
        gateway_port=int(os.environ.get("GATEWAY_PORT", "8000")),
        database_url=os.environ.get("DATABASE_URL"),
    )
    stopping = False

    def _stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(
        f"starting {len(stack.rasa_ports)} Rasa server(s) ({model.name}), the action server and the gateway; "
        f"logs in {stack.log_dir} …",
        flush=True,
    )
    stack.start()
    print(f"\n碳盤查小幫手 is running: {stack.gateway_url}/  (Ctrl-C stops it)\n", flush=True)
    try:
        while not stopping:
            for name, proc in stack.procs.items():
                if proc.poll() is not None:
                    print(f"{name} exited with code {proc.returncode}; see {stack.log_dir}/{name}.log", flush=True)
                    stopping = True
            time.sleep(0.5)
    finally:
        stack.stop()
        print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

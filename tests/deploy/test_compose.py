"""docker-compose.yml matches what the code reads (no Docker engine here: the file is checked, not run)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from gateway.settings import Settings
from knowledge.check import KNOWLEDGE_DIR_ENV

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
# Rasa servers are recognised by their command (`rasa run --endpoints ...`), not by their names
RASA_SERVICES = {name: s for name, s in SERVICES.items() if "--endpoints" in (s.get("command") or [])}


def option(service: dict[str, Any], flag: str) -> str:
    command = service["command"]
    return command[command.index(flag) + 1]


def mounts(service: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    """{source: (target, read_only)} of a service's volumes (short or long syntax)."""
    out = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target, *mode = volume.split(":")
            out[source] = (target, "ro" in mode)
        else:
            out[volume["source"]] = (volume["target"], bool(volume.get("read_only")))
    return out


def endpoints_of(service: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The Rasa endpoints file a service uses: its text and its parse with ${VAR} taken from the service."""
    text = (ROOT / option(service, "--endpoints")).read_text(encoding="utf-8")
    env = service["environment"]
    resolved = re.sub(r"\$\{(\w+)\}", lambda m: str(env[m.group(1)]), text)
    return text, yaml.safe_load(resolved)


def test_every_service_is_there_with_a_health_check():
    for name in ("postgres", "redis", "rasa-1", "rasa-2", "actions", "gateway", "proxy", "knowledge-init"):
        assert name in SERVICES, name
    for name in ("postgres", "redis", "rasa-1", "rasa-2", "actions", "gateway"):
        assert "healthcheck" in SERVICES[name], name


def test_built_images_have_their_dockerfiles():
    for name, service in SERVICES.items():
        if "build" in service:
            assert (ROOT / service["build"]["dockerfile"]).is_file(), name


def test_two_rasa_servers_configured_alike():
    assert sorted(RASA_SERVICES) == ["rasa-1", "rasa-2"]
    first, *others = RASA_SERVICES.values()
    for other in others:
        assert other == first  # same image, command, model volume, environment, health check
    assert mounts(first)["./models"] == ("/app/models", True)
    assert option(first, "--model") == "/app/models"


def test_every_rasa_service_gets_every_variable_its_endpoints_file_reads():
    for name, service in RASA_SERVICES.items():
        text, _ = endpoints_of(service)
        needed = set(re.findall(r"\$\{(\w+)\}", text))
        assert needed <= set(service["environment"]), (name, needed - set(service["environment"]))


def test_rasa_servers_share_tracker_and_lock_store():
    """Any Rasa server can take any sender: conversations in PostgreSQL, per-conversation locks in Redis."""
    postgres_env = SERVICES["postgres"]["environment"]
    for name, service in RASA_SERVICES.items():
        _, endpoints = endpoints_of(service)
        tracker, lock = endpoints["tracker_store"], endpoints["lock_store"]
        assert tracker["type"] == "SQL" and tracker["dialect"] == "postgresql", name
        assert SERVICES[tracker["url"]]["image"].startswith("postgres:"), name
        assert str(tracker["port"]) == "5432"
        assert tracker["db"] == postgres_env["POSTGRES_DB"]
        assert tracker["username"] == postgres_env["POSTGRES_USER"]
        assert tracker["password"] == postgres_env["POSTGRES_PASSWORD"]
        assert lock["type"] == "redis", name
        assert SERVICES[lock["url"]]["image"].startswith("redis:"), name
        assert str(lock["port"]) == "6379"
        assert {tracker["url"], lock["url"]} <= set(service["depends_on"])


def test_ports_and_urls_agree():
    actions_port = option(SERVICES["actions"], "--port")
    gateway_env = SERVICES["gateway"]["environment"]
    listed = [url.strip() for url in gateway_env["RASA_URL"].split(",")]
    assert len(listed) == len(set(listed))
    # as the gateway reads it
    rasa_urls = Settings(_env_file=None, rasa_url=gateway_env["RASA_URL"]).rasa_url.split(",")
    expected = [f"http://{name}:{option(service, '--port')}" for name, service in RASA_SERVICES.items()]
    assert sorted(rasa_urls) == sorted(expected)
    for name, service in RASA_SERVICES.items():
        assert service["environment"]["ACTION_ENDPOINT_URL"] == f"http://actions:{actions_port}/webhook", name
        assert f"localhost:{option(service, '--port')}/" in service["healthcheck"]["test"][-1], name
        assert SERVICES["gateway"]["depends_on"][name] == {"condition": "service_healthy"}, name
    assert f"localhost:{actions_port}/" in SERVICES["actions"]["healthcheck"]["test"][-1]
    assert gateway_env["ACTION_SERVER_URL"] == f"http://actions:{actions_port}"
    dockerfile = (ROOT / SERVICES["gateway"]["build"]["dockerfile"]).read_text(encoding="utf-8")
    assert '"--port", "8000"' in dockerfile
    assert "--port 8000" in SERVICES["gateway"]["command"][-1]  # compose migrates first, then the same server
    assert "alembic upgrade head" in SERVICES["gateway"]["command"][-1]
    assert "gateway:8000" in (ROOT / "docker" / "nginx.conf").read_text(encoding="utf-8")


def test_gateway_and_actions_share_the_knowledge_volume_at_their_knowledge_dir():
    """Staff edit FAQ answers in the gateway's console; the action server must answer from the same files."""
    assert "knowledge" in COMPOSE["volumes"]
    gateway, actions = SERVICES["gateway"], SERVICES["actions"]
    gateway_dir = gateway["environment"]["KNOWLEDGE_DIR"]
    actions_dir = actions["environment"][KNOWLEDGE_DIR_ENV]  # what knowledge.get_knowledge() reads
    assert gateway_dir == actions_dir
    assert mounts(gateway)["knowledge"] == (gateway_dir, False)  # the console writes there
    assert mounts(actions)["knowledge"][0] == actions_dir


def test_knowledge_volume_is_seeded_from_the_image_before_use():
    init = SERVICES["knowledge-init"]
    target = SERVICES["gateway"]["environment"]["KNOWLEDGE_DIR"]
    assert mounts(init)["knowledge"] == (target, False)
    dockerfile = (ROOT / init["build"]["dockerfile"]).read_text(encoding="utf-8")
    assert "COPY knowledge /app/knowledge" in dockerfile
    script = init["command"][-1]
    assert f"cp /app/knowledge/content/*.yaml {target}/" in script
    assert f"ls {target}/*.yaml" in script  # only into an empty volume: later starts keep the staff's edits
    assert f"chown -R 1001 {target}" in script and "USER 1001" in dockerfile  # the gateway's user writes
    for name in ("gateway", "actions"):
        depends_on = SERVICES[name]["depends_on"]
        assert depends_on["knowledge-init"] == {"condition": "service_completed_successfully"}, name


def test_gateway_variables_are_settings_the_code_reads():
    fields = {name.upper() for name in Settings.model_fields}
    for variable in SERVICES["gateway"]["environment"]:
        assert variable in fields, variable


def test_env_example_documents_every_gateway_setting():
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    fields = {name.upper() for name in Settings.model_fields}
    assert fields <= documented, fields - documented


NGINX = (ROOT / "docker" / "nginx.conf").read_text(encoding="utf-8")


def test_the_gateway_trusts_forwarded_addresses_from_the_proxy_only():
    """Finding 4: with --forwarded-allow-ips='*' and nginx appending to the client's X-Forwarded-For, a client
    chose its own address (and so escaped every per-IP limit)."""
    command = SERVICES["gateway"]["command"][-1]
    allowed = re.search(r"--forwarded-allow-ips=(\S+)", command).group(1)
    proxy_address = SERVICES["proxy"]["networks"]["default"]["ipv4_address"]
    assert allowed == proxy_address and "*" not in allowed
    subnet = COMPOSE["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert proxy_address.rsplit(".", 1)[0] == subnet.split("/")[0].rsplit(".", 1)[0]
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in NGINX
    assert "$proxy_add_x_forwarded_for" not in NGINX
    assert "--no-access-log" in command  # paths hold conversation ids; the JSON log has route templates


def test_the_proxy_serves_tls_with_security_headers_and_hides_internal_urls():
    assert "listen 443 ssl;" in NGINX and "return 301 https://" in NGINX
    assert mounts(SERVICES["proxy"])["./docker/certs"] == ("/etc/nginx/certs", True)
    assert "ssl_certificate /etc/nginx/certs/fullchain.pem;" in NGINX
    for header in ("Strict-Transport-Security", "X-Content-Type-Options", "frame-ancestors"):
        assert header in NGINX, header
    for internal in ("location = /metrics", "location ^~ /api/docs", "location = /api/openapi.json",
                     "location = /healthz"):
        assert re.search(re.escape(internal) + r" \{ return 404; \}", NGINX), internal
    assert "$loggable_uri" in NGINX and "$request " not in NGINX  # no query strings (?token=) in the log


def test_the_gateway_gets_the_session_secret_and_the_tracker_store():
    env = SERVICES["gateway"]["environment"]
    assert env["CHAT_TOKEN_SECRET"].startswith("${CHAT_TOKEN_SECRET:?")
    postgres_env = SERVICES["postgres"]["environment"]
    assert env["TRACKER_STORE_URL"].endswith("@postgres:5432/" + postgres_env["POSTGRES_DB"])

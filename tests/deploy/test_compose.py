"""docker-compose.yml matches what the code reads (no Docker engine here: the file is checked, not run)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def test_every_service_is_there_with_a_health_check():
    for name in ("postgres", "redis", "rasa", "actions", "gateway", "proxy"):
        assert name in SERVICES, name
    for name in ("postgres", "redis", "rasa", "actions", "gateway"):
        assert "healthcheck" in SERVICES[name], name


def test_built_images_have_their_dockerfiles():
    for name, service in SERVICES.items():
        if "build" in service:
            assert (ROOT / service["build"]["dockerfile"]).is_file(), name


def test_rasa_gets_every_variable_its_endpoints_file_reads():
    command = SERVICES["rasa"]["command"]
    endpoints = command[command.index("--endpoints") + 1]
    text = (ROOT / endpoints).read_text(encoding="utf-8")
    needed = set(re.findall(r"\$\{(\w+)\}", text))
    assert needed <= set(SERVICES["rasa"]["environment"]), needed - set(SERVICES["rasa"]["environment"])
    assert yaml.safe_load(text)["lock_store"]["type"] == "redis"


def test_ports_and_urls_agree():
    actions_port = SERVICES["actions"]["command"][SERVICES["actions"]["command"].index("--port") + 1]
    rasa_port = SERVICES["rasa"]["command"][SERVICES["rasa"]["command"].index("--port") + 1]
    assert SERVICES["rasa"]["environment"]["ACTION_ENDPOINT_URL"] == f"http://actions:{actions_port}/webhook"
    gateway_env = SERVICES["gateway"]["environment"]
    assert gateway_env["RASA_URL"] == f"http://rasa:{rasa_port}"
    assert gateway_env["ACTION_SERVER_URL"] == f"http://actions:{actions_port}"
    dockerfile = (ROOT / SERVICES["gateway"]["build"]["dockerfile"]).read_text(encoding="utf-8")
    assert '"--port", "8000"' in dockerfile
    assert "--port 8000" in SERVICES["gateway"]["command"][-1]  # compose migrates first, then the same server
    assert "alembic upgrade head" in SERVICES["gateway"]["command"][-1]
    assert "gateway:8000" in (ROOT / "docker" / "nginx.conf").read_text(encoding="utf-8")


def test_gateway_variables_are_settings_the_code_reads():
    fields = {name.upper() for name in Settings.model_fields}
    for variable in SERVICES["gateway"]["environment"]:
        assert variable in fields, variable


def test_env_example_documents_every_gateway_setting():
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    fields = {name.upper() for name in Settings.model_fields}
    assert fields <= documented, fields - documented

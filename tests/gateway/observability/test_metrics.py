"""/metrics: the numbers an operator watches move when requests and turns happen."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from tests.fakes.gateway import web_of
from tests.fakes.inventories import TEXTILE_PLANT, inventory_result
from tests.fakes.rasa import FakeRasa
from tests.fakes.replies import handoff_replies


def scrape(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def chat(client: TestClient, who: str, message: str) -> list[dict[str, Any]]:
    return web_of(client).send(who, message)


def test_http_latency_is_per_route_template_and_status(client: TestClient) -> None:
    chat(client, "m-user-1", "你好")
    chat(client, "m-user-1", "再一次")
    assert client.get("/api/inventories/no-such-token").status_code == 404
    assert client.get("/no/such/page").status_code == 404

    samples = scrape(client)
    assert value(samples, "gateway_http_request_duration_seconds_count",
                 method="POST", route="/api/chat", status="200") == 2
    # the template, not the raw path: one series however many tokens are asked for
    assert value(samples, "gateway_http_request_duration_seconds_count",
                 method="GET", route="/api/inventories/{token}", status="404") == 1
    assert value(samples, "gateway_http_request_duration_seconds_count",
                 method="GET", route="<unmatched>", status="404") == 1
    assert not any("no-such-token" in str(key) for key in samples)


def test_a_5xx_is_counted_as_an_error(client: TestClient) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    client.app.add_api_route("/api/test-broken", broken, methods=["GET"])
    assert client.get("/api/test-broken").status_code == 500
    assert client.get("/api/test-broken").status_code == 500
    samples = scrape(client)
    assert value(samples, "gateway_http_errors_total", method="GET", route="/api/test-broken", status="500") == 2
    assert value(samples, "gateway_http_errors_total", method="GET", route="/metrics", status="200") == 0


def test_turn_latency_per_channel(client: TestClient) -> None:
    chat(client, "m-user-2", "你好")
    chat(client, "m-user-2", "請問盤查範疇")
    samples = scrape(client)
    assert value(samples, "gateway_turn_duration_seconds_count", channel="web") == 2
    assert value(samples, "gateway_turn_duration_seconds_sum", channel="web") > 0


def test_fallback_handoff_and_inventory_turns_are_counted(client: TestClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.mode = "canned"
    fake_rasa.canned = [{"recipient_id": "m-user-3", "text": "不好意思，我不太懂"},
                        {"recipient_id": "m-user-3", "custom": {"type": "fallback"}}]
    chat(client, "m-user-3", "嗯嗯嗯")
    fake_rasa.canned = handoff_replies("m-user-3")
    chat(client, "m-user-3", "我要找真人")
    fake_rasa.canned = [{"recipient_id": "m-user-4", "custom": inventory_result(TEXTILE_PLANT)}]
    chat(client, "m-user-4", "算好了")

    samples = scrape(client)
    assert value(samples, "gateway_fallbacks_total", channel="web") == 1
    assert value(samples, "gateway_handoffs_total", channel="web") == 1
    assert value(samples, "gateway_inventories_computed_total", channel="web") == 1
    assert value(samples, "gateway_rasa_unavailable_total", channel="web") == 0


def test_rasa_unavailable_is_counted(make_client, dead_url: str) -> None:
    client = make_client(rasa_url=dead_url)
    chat(client, "m-user-5", "你好")
    samples = scrape(client)
    assert value(samples, "gateway_rasa_unavailable_total", channel="web") == 1
    assert value(samples, "gateway_fallbacks_total", channel="web") == 0


def test_each_app_counts_only_its_own_requests(make_client) -> None:
    first = make_client()
    chat(first, "m-user-6", "你好")
    second = make_client()
    assert value(scrape(second), "gateway_turn_duration_seconds_count", channel="web") == 0
    assert value(scrape(first), "gateway_turn_duration_seconds_count", channel="web") == 1

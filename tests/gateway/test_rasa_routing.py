"""Several Rasa servers: each sender sticks to one server; a server that is down hands its senders to the next one."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import socket
from collections import Counter

import pytest

from gateway.rasa_client import WARM_UP_SENDER, RasaClient, RasaUnavailable, parse_rasa_urls
from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve_in_thread


@pytest.fixture
def two_servers():
    servers = []
    stops = []
    for _ in range(2):
        fake = FakeRasa()
        fake.url, stop = serve_in_thread(fake.app)
        servers.append(fake)
        stops.append(stop)
    yield servers
    for stop in stops:
        stop()


def refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def run(coro):
    """asyncio.run in a thread of its own: a session fixture (Playwright's) may hold a loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def send_all(client: RasaClient, senders: list[str], text: str = "你好") -> list[list[dict]]:
    try:
        return [await client.send(sender, text) for sender in senders]
    finally:
        await client.aclose()


def who_got(servers: list[FakeRasa]) -> dict[str, str]:
    return {body["sender"]: fake.url for fake in servers for body in fake.received}


def test_rasa_url_lists_servers_comma_separated():
    assert parse_rasa_urls(" http://a:5005/, http://b:5005 ,http://a:5005") == ["http://a:5005", "http://b:5005"]
    with pytest.raises(ValueError):
        parse_rasa_urls(" , ")


def test_senders_are_spread_over_the_servers_and_each_stays_on_one(two_servers):
    senders = [f"user-{i}" for i in range(60)]
    urls = ",".join(fake.url for fake in two_servers)
    run(send_all(RasaClient(urls, "http://unused"), senders + senders))

    per_server = Counter(fake.url for fake in two_servers for _ in fake.received)
    assert all(count >= 20 for count in per_server.values()), per_server  # both servers take a fair share
    for fake in two_servers:  # every message of a sender went to the same server
        mine = {body["sender"] for body in fake.received}
        others = {body["sender"] for other in two_servers if other is not fake for body in other.received}
        assert not mine & others
    client = RasaClient(urls, "http://unused")
    assert all(client.home_server(sender) == url for sender, url in who_got(two_servers).items())


def test_the_routing_does_not_depend_on_the_order_servers_are_listed_in(two_servers):
    a, b = (fake.url for fake in two_servers)
    one, other = RasaClient(f"{a},{b}", "http://unused"), RasaClient(f"{b},{a}", "http://unused")
    assert all(one.home_server(f"s{i}") == other.home_server(f"s{i}") for i in range(100))


def test_a_server_that_is_down_hands_its_senders_to_the_other_and_gets_them_back(two_servers):
    alive = two_servers[0]
    dead = refused_url()
    client = RasaClient(f"{alive.url},{dead}", "http://unused", down_seconds=0.2)
    senders = [f"user-{i}" for i in range(30)]
    homeless = [sender for sender in senders if client.home_server(sender) == dead]
    assert homeless

    async def scenario() -> None:
        for sender in senders:
            replies = await client.send(sender, "你好")
            assert replies == [{"recipient_id": sender, "text": "echo: 你好"}]
        assert client.route(homeless[0]) == [alive.url, dead]  # marked down: tried last
        await asyncio.sleep(0.25)
        assert client.route(homeless[0]) == [dead, alive.url]  # tried again once the down time is over
        await client.aclose()

    run(scenario())
    assert {body["sender"] for body in alive.received} == set(senders)


def test_with_every_server_down_the_turn_is_unavailable():
    client = RasaClient(f"{refused_url()},{refused_url()}", "http://unused")
    with pytest.raises(RasaUnavailable, match="no Rasa server accepted"):
        run(send_all(client, ["someone"]))


def test_a_timeout_is_not_sent_again_to_another_server(two_servers):
    slow, other = two_servers
    slow.mode, slow.delay = "slow", 2.0
    client = RasaClient(f"{slow.url},{other.url}", "http://unused", timeout_seconds=0.3)
    sender = next(f"user-{i}" for i in range(100) if client.home_server(f"user-{i}") == slow.url)
    with pytest.raises(RasaUnavailable, match="timeout"):
        run(send_all(client, [sender]))
    assert other.received == []  # the slow server may still process it: sending it twice would double the turn


def test_warm_up_sends_one_turn_to_every_server(two_servers):
    dead = refused_url()
    client = RasaClient([fake.url for fake in two_servers] + [dead], "http://unused")

    async def scenario() -> dict:
        try:
            return await client.warm_up("哪些企業可以申請輔導")
        finally:
            await client.aclose()

    timings = run(scenario())
    assert timings[dead] is None
    for fake in two_servers:
        assert timings[fake.url] is not None
        assert [(body["sender"], body["message"]) for body in fake.received] == [(WARM_UP_SENDER, "哪些企業可以申請輔導")]


def test_health_is_ok_while_one_server_answers_and_lists_each(make_client, fake_rasa):
    dead = refused_url()
    body = make_client(rasa_url=f"{fake_rasa.url},{dead}").get("/healthz").json()
    assert body["status"] == "ok"
    assert [(server["url"], server["ok"]) for server in body["rasa"]["servers"]] == [
        (fake_rasa.url, True),
        (dead, False),
    ]


def test_turns_beyond_the_in_flight_limit_wait_in_the_gateway(two_servers):
    slow = two_servers[0]
    slow.mode, slow.delay = "slow", 0.2
    client = RasaClient(slow.url, "http://unused", max_in_flight=2)

    async def scenario() -> float:
        started = asyncio.get_running_loop().time()
        try:
            await asyncio.gather(*(client.send(f"user-{i}", "你好") for i in range(6)))
        finally:
            await client.aclose()
        return asyncio.get_running_loop().time() - started

    elapsed = run(scenario())
    assert len(slow.received) == 6
    assert elapsed >= 0.6  # six turns, two at a time, 0.2 s each: three rounds

"""InventoryStore on SQLite and PostgreSQL: versions (also when saves race), lists for the staff console, the
chart cache, and deletion with the conversation."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from gateway.inventory.models import Inventory, InventoryLine
from gateway.inventory.payload import InventoryPayload
from gateway.inventory.store import InventoryStore
from gateway.models import Base, Conversation
from gateway.store import ConversationStore
from tests.fakes.inventories import inventory_result


@pytest.fixture
def stores(db_url):
    conversations = ConversationStore.from_url(db_url)
    conversations.create_schema()
    yield conversations, InventoryStore(conversations.engine)
    conversations.dispose()


def _payload(inventory: dict) -> InventoryPayload:
    return InventoryPayload.parse(inventory_result(inventory))


def test_versions_count_per_conversation_and_the_newest_is_current(stores, textile_plant, mixed_plant):
    conversations, store = stores
    for sender in ("a", "b"):
        conversations.record_incoming(sender, "web", "算好了")
    first = store.save("web", "a", _payload(textile_plant))
    other = store.save("web", "b", _payload(mixed_plant))
    second = store.save("web", "a", _payload(mixed_plant))
    assert (first.version, other.version, second.version) == (1, 1, 2)
    assert len({first.public_token, other.public_token, second.public_token}) == 3
    assert len(first.public_token) == 32
    assert store.current("web", "a").id == second.id
    assert store.is_current(second) and not store.is_current(first)
    assert store.current("line", "a") is None

    by_token = store.by_token(first.public_token)
    assert by_token.total_tco2e == Decimal("27239.794") and by_token.result_json["gwp"] == "AR4"
    assert [line.position for line in by_token.lines] == [0, 1, 2, 3]
    refrigerant = next(line for line in second.lines if line.source == "refrigerant")
    assert refrigerant.hfcs_tonnes == Decimal("0.0009") and refrigerant.co2_tonnes == 0
    assert refrigerant.tonnes("HFCs") == Decimal("0.0009") and refrigerant.refrigerant == "R-410A"

    newest_first = store.list_inventories()
    assert [(s.sender, s.version, s.is_current) for s in newest_first] == [("a", 2, True), ("b", 1, True), ("a", 1, False)]
    assert [s.version for s in store.list_inventories(conversation_id=first.conversation_id)] == [2, 1]
    assert [s.sender for s in store.list_inventories(current_only=True)] == ["a", "b"]
    assert [s.sender for s in store.list_inventories(limit=1, offset=1)] == ["b"]
    assert newest_first[1].line_count == 8 and newest_first[1].company == "示範塗裝有限公司"


def test_saves_that_race_get_distinct_versions(stores, textile_plant):
    conversations, store = stores
    conversations.record_incoming("racer", "web", "算好了")
    payload = _payload(textile_plant)
    with ThreadPoolExecutor(max_workers=12) as pool:
        saved = list(pool.map(lambda _: store.save("web", "racer", payload), range(12)))
    assert sorted(inventory.version for inventory in saved) == list(range(1, 13))


def test_a_conversation_not_yet_recorded_is_created(stores, textile_plant):
    conversations, store = stores
    inventory = store.save("line", "U123", _payload(textile_plant))
    assert inventory.version == 1
    assert conversations.get_conversation("U123", "line").id == inventory.conversation_id


def test_the_chart_cache_keeps_the_first_render(stores, textile_plant):
    _, store = stores
    inventory = store.save("web", "c", _payload(textile_plant))
    assert store.chart(inventory.id, "bars-v1") is None
    store.save_chart(inventory.id, "bars-v1", b"first")
    store.save_chart(inventory.id, "bars-v1", b"second")  # a concurrent render that lost: no error
    assert store.chart(inventory.id, "bars-v1") == b"first"
    assert store.chart(inventory.id, "bars-v2") is None


def test_deleting_a_conversation_deletes_its_inventories(stores, textile_plant):
    conversations, store = stores
    inventory = store.save("web", "gone", _payload(textile_plant))
    store.save_chart(inventory.id, "bars-v1", b"png")
    with conversations.engine.begin() as connection:
        connection.execute(delete(Conversation).where(Conversation.id == inventory.conversation_id))
        assert connection.scalar(select(func.count()).select_from(Inventory)) == 0
        assert connection.scalar(select(func.count()).select_from(InventoryLine)) == 0
    assert store.by_token(inventory.public_token) is None


def test_the_tables_are_part_of_the_gateway_schema():
    assert {"inventories", "inventory_lines", "inventory_charts"} <= set(Base.metadata.tables)


def test_long_names_are_kept_whole_in_the_json_and_cut_to_fit_the_columns(stores, textile_plant):
    conversations, store = stores
    textile_plant["company"] = "超長公司名稱" * 50
    textile_plant["activities"][2]["equipment"] = "塗裝作業乾燥設備" * 40
    inventory = store.save("web", "long", _payload(textile_plant))  # PostgreSQL refuses over-long varchar
    assert len(inventory.company) == 200
    assert len(store.by_token(inventory.public_token).lines[2].equipment) == 200
    assert store.by_token(inventory.public_token).result_json["lines"][2]["equipment"] == "塗裝作業乾燥設備" * 40

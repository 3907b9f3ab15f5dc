"""Inventory results on the gateway: storing them (SQLAlchemy), the workbook shaped like the Ministry's inventory
form, the emissions chart, the turn hook that adds both to the bot's replies (their routes: gateway/routes/inventories.py).

Importing this package registers its tables on `gateway.models.Base` (before the app creates the schema).
"""

from __future__ import annotations

from gateway.inventory import models
from gateway.inventory.hook import InventoryHook
from gateway.inventory.store import InventoryStore, InventorySummary

__all__ = ["InventoryHook", "InventoryStore", "InventorySummary", "models"]

"""Inventory results on the gateway: storing them (SQLAlchemy), the workbook shaped like the Ministry's inventory
form, the emissions chart, the turn hook that adds both to the bot's replies (their routes: bot/routes/inventories.py).

Importing this package registers its tables on `bot.models.Base` (before the app creates the schema).
"""

from __future__ import annotations

from bot.inventory import models
from bot.inventory.hook import InventoryHook
from bot.inventory.store import InventoryStore, InventorySummary

__all__ = ["InventoryHook", "InventoryStore", "InventorySummary", "models"]

"""Privacy (個人資料保護法): deletion on request, the staff read audit, and the retention purge.

`bot.composition` puts the hook first in line (it must answer even in a conversation a human holds) and runs
the daily retention task. Importing this package registers the audit table on `bot.models.Base`.
"""

from __future__ import annotations


from bot.privacy.audit import record_staff_read, staff_reads
from bot.privacy.erase import Erased, erase_user, purge_inactive
from bot.privacy.hook import CANCEL_PAYLOAD, CONFIRM_PAYLOAD, PrivacyHook, is_delete_request
from bot.privacy.models import StaffReadAudit
from bot.privacy.tracker_store import TrackerStore

__all__ = [
    "CANCEL_PAYLOAD", "CONFIRM_PAYLOAD", "Erased", "PrivacyHook", "StaffReadAudit", "erase_user",
    "TrackerStore", "is_delete_request", "purge_inactive", "record_staff_read", "staff_reads",
]

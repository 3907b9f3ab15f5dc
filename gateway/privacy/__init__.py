"""Privacy (個人資料保護法): deletion on request, the staff read audit, and the retention purge.

`gateway.composition` puts the hook first in line (it must answer even in a conversation a human holds) and runs
the daily retention task. Importing this package registers the audit table on `gateway.models.Base`.
"""

from __future__ import annotations


from gateway.privacy.audit import record_staff_read, staff_reads
from gateway.privacy.erase import Erased, erase_user, purge_inactive
from gateway.privacy.hook import CANCEL_PAYLOAD, CONFIRM_PAYLOAD, PrivacyHook, is_delete_request
from gateway.privacy.models import StaffReadAudit
from gateway.privacy.tracker_store import TrackerStore

__all__ = [
    "CANCEL_PAYLOAD", "CONFIRM_PAYLOAD", "Erased", "PrivacyHook", "StaffReadAudit", "erase_user",
    "TrackerStore", "is_delete_request", "purge_inactive", "record_staff_read", "staff_reads",
]

"""The library's home block: the records waiting for a curator, the user's own deposits not
yet published (drafts, submitted, returned with a note)."""

from __future__ import annotations

from typing import Any

from khcn.library.choices import RecordStatus
from khcn.library.models import Record
from khcn.library.permissions import record_policy


def home_library(*, user: Any) -> dict[str, Any] | None:
    if not getattr(user, "is_authenticated", False):
        return None
    # One query each: the records waiting in the collections the user curates (none for most).
    to_publish = record_policy.visible(
        user, Record.objects.filter(status=RecordStatus.SUBMITTED), "curate"
    ).count()
    mine = list(
        Record.objects.filter(
            depositor=user, status__in=(RecordStatus.DRAFT, RecordStatus.RETURNED, RecordStatus.SUBMITTED)
        ).order_by("-datestamp")[:5]
    )
    if not to_publish and not mine:
        return None
    return {"to_publish": to_publish, "mine": mine}

"""The text read from a record's file (derived data, written by the background task
``khcn.library.tasks.read_text``; not audited: nobody changed the record)."""

from __future__ import annotations

from django.db import transaction

from khcn.library.extract import Extracted
from khcn.library.models import RecordFile
from khcn.library.services.records import reindex


@transaction.atomic
def file_text_store(*, file_id: int, extracted: Extracted) -> bool:
    """Store a file's text, status and note, and reindex its record; False when the file is gone."""
    stored = RecordFile.objects.select_for_update().filter(pk=file_id).first()
    if stored is None:
        return False
    RecordFile.objects.filter(pk=file_id).update(
        text=extracted.text, text_status=extracted.status, text_note=extracted.note[:500]
    )
    reindex(stored.record_id)
    return True

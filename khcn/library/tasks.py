"""Background jobs of the library (django-tasks): reading the text of an attached file
(``khcn.library.extract``: PDF, DOCX, XLSX, CSV…, scanned PDFs by OCR when Tesseract is
installed) into ``RecordFile.text`` for the search. Queued by ``services.file_add`` once the file
is committed; run at once in tests (the immediate backend), by ``manage.py db_worker`` otherwise;
``manage.py library_read_text`` reads files again. Idempotent: it reads the file as it is."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation
from django_tasks import task

log = logging.getLogger(__name__)


def read_file_text(file_id: int) -> str | None:
    """Read one file's text and store it; returns the status, None when the file is gone."""
    from khcn.library.choices import TextStatus
    from khcn.library.extract import Extracted, extract
    from khcn.library.models import RecordFile
    from khcn.library.services.text import file_text_store

    stored = RecordFile.objects.filter(pk=file_id).only("pk", "file", "kind").first()
    if stored is None:
        return None
    # The notes are stored, shown to everyone: in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            with stored.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            log.warning("The file %s of a library record is missing", stored.file.name)
            extracted = Extracted(
                "", TextStatus.FAILED, translation.gettext("The file is missing from the storage.")
            )
        else:
            extracted = extract(data, stored.kind)
    file_text_store(file_id=file_id, extracted=extracted)
    return extracted.status


@task()
def read_text(file_id: int) -> str | None:
    """The background job: read the text of ``RecordFile`` ``file_id``."""
    return read_file_text(file_id)

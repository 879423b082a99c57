"""Library records in the site-wide search box and behind the library's own search: title
(and English title), authors, abstract, keywords, identifiers and the text read from the files
(the first part of each), with Vietnamese folding. Who finds what is ``record_policy.visible``:
published records for everyone, drafts for their depositor, curators and the DOST."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from khcn.library.models import Author, Record, RecordFile
from khcn.library.permissions import record_policy
from khcn.search.registry import register

TEXT_PER_FILE = 20_000  # characters of each file's text indexed


def _body(record: Record) -> str:
    parts = [
        record.title_en,
        "; ".join(a.name for a in record.authors.all()),
        record.abstract,
        record.keywords,
        " ".join(
            i for i in (record.isbn, record.issn, record.doi, record.patent_number, record.task_code) if i
        ),
        *(f.text[:TEXT_PER_FILE] for f in record.files.all()),
    ]
    return " · ".join(p for p in parts if p)


register(
    Record,
    title=lambda record: record.title,
    body=_body,
    url=lambda record: record.get_absolute_url(),
    policy=record_policy,
    queryset=lambda: Record.objects.prefetch_related(
        Prefetch("authors", queryset=Author.objects.order_by("position")),
        Prefetch("files", queryset=RecordFile.objects.only("pk", "record_id", "text")),
    ),
    label=_("Library record"),
    label_plural=_("Library records"),
)

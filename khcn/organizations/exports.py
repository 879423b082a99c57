"""The agency list as XLSX and as a Decree 30/2020 DOCX list (Danh sách)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from khcn.accounts.models import User
from khcn.exports.docx import AdministrativeDocument, Issuer
from khcn.exports.responses import dated_filename, docx_response, xlsx_response
from khcn.exports.xlsx import table_to_xlsx
from khcn.organizations.models import Organization

MAX_EXPORT_ROWS = 50_000


def _rows(qs: QuerySet[Organization]) -> list[list[Any]]:
    return [
        [
            i,
            org.name,
            org.short_name,
            org.get_kind_display(),
            org.parent.name if org.parent else "",
            org.valid_from,
            org.valid_to,
        ]
        for i, org in enumerate(qs.select_related("parent")[:MAX_EXPORT_ROWS], start=1)
    ]


def _headers() -> list[str]:
    return [
        _("No."),
        _("Official name"),
        _("Short name"),
        _("Kind"),
        _("Parent agency"),
        _("Valid from"),
        _("Valid to"),
    ]


def organizations_xlsx(qs: QuerySet[Organization]) -> HttpResponse:
    data = table_to_xlsx(
        title=_("List of agencies"), headers=_headers(), rows=_rows(qs), sheet_name=_("Agencies")
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "agencies"), "xlsx"))


def organizations_docx(qs: QuerySet[Organization], *, actor: User) -> HttpResponse:
    doc = AdministrativeDocument(
        issuer=Issuer(parent=settings.KHCN_ISSUER_PARENT, name=settings.KHCN_ISSUER_NAME),
        number="",
        place=settings.KHCN_PLACE,
        date=timezone.localdate(),
        doc_type=_("LIST"),
        summary=_("Agencies in the KHCN registry"),
    )
    rows = [
        [
            str(r[0]),
            r[1],
            r[2],
            r[3],
            r[4],
            r[5].strftime("%d/%m/%Y") if r[5] else "",
            r[6].strftime("%d/%m/%Y") if r[6] else "",
        ]
        for r in _rows(qs)
    ]
    doc.table(_headers(), rows, landscape=True)
    doc.signature(position=_("PREPARED BY"), signer=str(actor))
    return docx_response(doc.to_bytes(), dated_filename(pgettext("file name", "agencies"), "docx"))

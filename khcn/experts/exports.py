"""The experts list as XLSX (the limited profile plus contacts, for the DOST that exports it).
Cells are text, never formulas (``khcn.exports.xlsx``)."""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from khcn.experts.models import Expert
from khcn.exports.responses import dated_filename, xlsx_response
from khcn.exports.xlsx import table_to_xlsx

MAX_EXPORT_ROWS = 50_000


def headers() -> list[str]:
    return [
        _("No."),
        _("Full name"),
        _("Year of birth"),
        _("Gender"),
        _("Academic title"),
        _("Degree"),
        _("Fields"),
        _("Affiliation"),
        _("Position"),
        _("E-mail"),
        _("Phone"),
        _("Languages"),
        _("Availability"),
    ]


def rows(qs: QuerySet[Expert]) -> list[list[Any]]:
    out = []
    for i, expert in enumerate(qs[:MAX_EXPORT_ROWS], start=1):
        out.append(
            [
                i,
                expert.full_name,
                expert.birth_year,
                expert.get_gender_display(),
                expert.academic_title,
                expert.degree,
                "; ".join(f"{t.code} {t.name}" for t in expert.fields.all()),
                "; ".join(a.name for a in expert.current_affiliations()),
                expert.position,
                expert.email,
                expert.phone,
                expert.languages,
                expert.get_availability_display(),
            ]
        )
    return out


def experts_xlsx(qs: QuerySet[Expert]) -> HttpResponse:
    data = table_to_xlsx(
        title=_("List of experts"), headers=headers(), rows=rows(qs), sheet_name=_("Experts")
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "experts"), "xlsx"))


def import_template() -> HttpResponse:
    """The import template: the header row on the first sheet, how to fill it and the field
    codes on the second. Headers in the reader's language; the mapping step recognises both."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from khcn.classifications.selectors import term_choices
    from khcn.experts.imports import TARGETS

    workbook = Workbook()
    sheet = workbook.create_sheet(_("Experts"), 0)
    del workbook[workbook.sheetnames[1]]  # the default empty sheet
    sheet.append([str(label) for _key, label, _words in TARGETS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(_("How to fill"))
    for line in (
        _("One expert per row. Only the full name is required."),
        _("Academic title: GS or PGS. Degree: TSKH, TS, ThS, CKII, CKI, BSCKII, BSCKI, KS, CN, BS."),
        _("Gender: Nam or Nữ. Availability: Sẵn sàng, Hạn chế or Không. Consent: có or không."),
        _("Fields: codes separated by semicolons, e.g. 405; 406 (the list below)."),
        _("Affiliation: the agency or organisation's full name, as in the agency registry when it is there."),
        _("Importing the same list again updates the experts instead of adding them twice."),
        "",
    ):
        help_sheet.append([line])
    for term in term_choices():
        help_sheet.append([term.code, term.name, term.scheme.name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return xlsx_response(buffer.getvalue(), dated_filename(pgettext("file name", "experts-template"), "xlsx"))

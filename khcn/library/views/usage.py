"""The DOST's usage report (COUNTER: views of a record's page, downloads of its files) per
record and per month over the last twelve months: a page (paged) and its Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.views_helpers import paginate
from khcn.exports.responses import dated_filename, xlsx_response
from khcn.exports.xlsx import table_to_xlsx
from khcn.library.choices import RecordType
from khcn.library.permissions import record_policy
from khcn.library.selectors import usage as usage_selectors

EXPORT_LIMIT = 20_000


@guarded_by(record_policy)
@login_required
def usage_report(request: AuthenticatedRequest) -> HttpResponse:
    record_policy.require(request.user, "manage")
    months = usage_selectors.report_months()
    page = paginate(request, usage_selectors.usage_by_record(user=request.user, months=months))
    rows = usage_selectors.report_rows(list(page.object_list), months)
    return render(request, "library/usage.html", {"page": page, "rows": rows, "months": months})


@guarded_by(record_policy)
@login_required
def usage_export(request: AuthenticatedRequest) -> HttpResponse:
    record_policy.require(request.user, "manage")
    months = usage_selectors.report_months()
    found = list(usage_selectors.usage_by_record(user=request.user, months=months)[:EXPORT_LIMIT])
    kinds = {value: str(label) for value, label in RecordType.choices}
    headers = [_("No."), pgettext("library", "Record"), _("Title"), _("Type"), _("Year")]
    for month in months:
        headers += [
            _("Views %(month)s") % {"month": f"{month:%m/%Y}"},
            _("Downloads %(month)s") % {"month": f"{month:%m/%Y}"},
        ]
    headers += [_("Views (12 months)"), _("Downloads (12 months)")]
    rows = []
    for n, row in enumerate(usage_selectors.report_rows(found, months), start=1):
        record = row.record
        cells: list[object] = [
            n,
            record.pk,
            record.title,
            kinds.get(record.kind, record.kind),
            record.issued_year,
        ]
        for views, downloads in row.by_month:
            cells += [views, downloads]
        cells += [row.views, row.downloads]
        rows.append(cells)
    data = table_to_xlsx(
        title=_("Usage of the electronic S&T library"),
        subtitle=_("Views of record pages and downloads of files, %(first)s–%(last)s (COUNTER rules)")
        % {"first": f"{months[0]:%m/%Y}", "last": f"{months[-1]:%m/%Y}"},
        headers=headers,
        rows=rows,
        sheet_name=_("Usage"),
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "Library usage"), "xlsx"))

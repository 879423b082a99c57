"""The DOST's consolidated annual report (DOCX, XLSX annex) and the plan dashboard."""

from django.http import Http404, HttpRequest, HttpResponse


def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def annual_report(request: HttpRequest, period_pk: int) -> HttpResponse:
    raise Http404


def annual_report_download(request: HttpRequest, period_pk: int, fmt: str) -> HttpResponse:
    raise Http404

"""Agency report pages: list, start, edit and save, submit / return / accept."""

from django.http import Http404, HttpRequest, HttpResponse


def report_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def report_start(request: HttpRequest, period_pk: int, org_pk: int) -> HttpResponse:
    raise Http404


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def report_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    raise Http404

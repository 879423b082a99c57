"""Plan pages: list, import (upload or paste → review → confirm), detail, periods."""

from django.http import Http404, HttpRequest, HttpResponse


def plan_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def plan_import(request: HttpRequest) -> HttpResponse:
    raise Http404


def plan_import_review(request: HttpRequest) -> HttpResponse:
    raise Http404


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def period_create(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404

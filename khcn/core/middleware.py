"""Normalise every incoming string to NFC before views, forms and the API see it."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from khcn.core.text import nfc, normalize_data


def _normalize_querydict(qd: QueryDict) -> QueryDict:
    copy = QueryDict(mutable=True, encoding=qd.encoding)
    for key, values in qd.lists():
        copy.setlist(nfc(key), [nfc(v) for v in values])
    copy._mutable = False
    return copy


class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose otherwise (language cookie or session): the browser's
    Accept-Language is ignored, since many offices run an English Windows. Goes before
    Django's LocaleMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class NormalizeTextMiddleware:
    """Turn GET/POST values, uploaded file names and JSON bodies into NFC.

    Vietnamese keyboards (and macOS) may send decomposed text (NFD); stored data must not
    depend on the keyboard that typed it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _normalize_querydict(request.GET)  # type: ignore[assignment]
        if request.method in {"POST", "PUT", "PATCH"}:
            content_type = request.content_type or ""
            if content_type == "application/json":
                self._normalize_json(request)
            elif content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
                request.POST = _normalize_querydict(request.POST)  # type: ignore[assignment]
                for uploads in request.FILES.lists():
                    for upload in uploads[1]:
                        if upload.name:
                            upload.name = nfc(upload.name)
        return self.get_response(request)

    @staticmethod
    def _normalize_json(request: HttpRequest) -> None:
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            return  # the API answers malformed JSON itself
        request._body = json.dumps(normalize_data(data), ensure_ascii=False).encode()


def content_security_policy(directives: dict[str, list[str]]) -> str:
    """``{"script-src": ["'self'"], ...}`` as a header value (``script-src 'self'; ...``)."""
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    """Send ``Content-Security-Policy`` (``SECURE_CSP``) on every response, or
    ``Content-Security-Policy-Report-Only`` when ``SECURE_CSP_REPORT_ONLY`` is set.

    The policy is fixed (no nonces: the templates hold no inline script or style), so a header
    built once is enough. The setting has the shape of Django 6's ``SECURE_CSP``: on moving to
    Django 6.2 LTS this class gives way to ``django.middleware.csp.ContentSecurityPolicyMiddleware``.
    A view that sets the header itself keeps its own.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "SECURE_CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        self.value = content_security_policy(getattr(settings, "SECURE_CSP", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.value and self.header not in response:
            response[self.header] = self.value
        return response

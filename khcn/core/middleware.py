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

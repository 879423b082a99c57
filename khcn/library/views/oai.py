"""``/oai``: the OAI-PMH 2.0 endpoint (``khcn.library.oai``), open to every harvester, by GET
or by POST (a form, without a CSRF token: it reads and writes nothing of the visitor's)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from khcn.core.access import public
from khcn.library import oai as protocol


@public
@csrf_exempt
def oai(request: Any) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    source = request.POST if request.method == "POST" else request.GET
    params = protocol.params_of(source.lists())
    base_url = request.build_absolute_uri(request.path)
    body = protocol.respond(params, base_url)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")

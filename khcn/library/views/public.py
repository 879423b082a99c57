"""The library's public side for machines: a record's citation (BibTeX, RIS, CSL-JSON) and the
sitemap of the published records (for Google Scholar and other search engines)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from khcn.core.access import public
from khcn.exports.responses import file_response
from khcn.library import citation as cite
from khcn.library import selectors
from khcn.library.choices import RecordStatus
from khcn.library.models import Record

# The sitemaps protocol: at most 50,000 URLs in one sitemap; beyond, a sitemap index.
SITEMAP_LIMIT = 50_000


@public
def citation(request: Any, pk: int, fmt: str) -> HttpResponse:
    """The record's citation as a file: ``cite.bib``, ``cite.ris`` or ``cite.json`` (CSL-JSON).
    404 when the reader may not see the record, or it was withdrawn."""
    if fmt not in cite.FORMATS:
        raise Http404
    record = selectors.record_for_page(user=request.user, pk=pk)
    if record.status == RecordStatus.WITHDRAWN:
        raise Http404
    render_as, content_type, extension = cite.FORMATS[fmt]
    url = request.build_absolute_uri(record.get_absolute_url())
    text = render_as(record, url)
    return file_response(text.encode(), f"{cite.bibtex_key(record)}{extension}", content_type)


@public
def sitemap(request: Any) -> HttpResponse:
    """The published records' pages with their datestamps; over 50,000 records, a sitemap
    index of numbered sitemaps (``?p=1``, ``?p=2``…), each in the records' order."""
    records = Record.objects.filter(status=RecordStatus.PUBLISHED).order_by("pk")
    total = records.count()
    pages = max(1, -(-total // SITEMAP_LIMIT))
    base = request.build_absolute_uri(reverse("library:sitemap"))
    page = request.GET.get("p")
    if page is None and pages > 1:
        return render(
            request,
            "library/sitemap_index.xml",
            {"sitemaps": [f"{base}?p={n}" for n in range(1, pages + 1)]},
            content_type="application/xml; charset=utf-8",
        )
    number = int(page) if page and page.isdigit() else 1
    if not 1 <= number <= pages:
        raise Http404
    start = (number - 1) * SITEMAP_LIMIT
    rows = records.values_list("pk", "datestamp")[start : start + SITEMAP_LIMIT]
    prefix = request.build_absolute_uri("/")[:-1]
    urls = [(prefix + reverse("library:record_detail", args=[pk]), stamp) for pk, stamp in rows]
    return render(
        request, "library/sitemap.xml", {"urls": urls}, content_type="application/xml; charset=utf-8"
    )


def citation_meta(record: Record, request: Any, *, can_download: bool) -> list[tuple[str, str]]:
    """The record page's Highwire Press and Dublin Core meta tags (``citation_pdf_url``: the
    first PDF, only when the reader may download it)."""
    from django.utils import timezone

    pdf_url = ""
    if can_download:
        pdf = next((f for f in record.files.all() if f.kind == "pdf"), None)
        if pdf is not None:
            pdf_url = request.build_absolute_uri(reverse("library:file_download", args=[record.pk, pdf.pk]))
    online = timezone.localdate(record.published_at) if record.published_at else None
    return cite.meta_tags(
        record, url=request.build_absolute_uri(record.get_absolute_url()), pdf_url=pdf_url, online=online
    )

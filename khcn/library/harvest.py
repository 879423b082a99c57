"""Harvesting another repository (a university's DSpace, another province's library) into a
collection over OAI-PMH, with the same client the tests harvest /oai with (Sickle).

``harvest_start`` (the DOST, ``collection_policy`` "manage") records the source's base URL and
set on the collection, opens a ``HarvestRun`` and queues ``harvest_collection``. The task lists
the source's records in ``oai_dc`` (the format every repository gives), page after page through
its resumption tokens, and for each one, matched by its OAI identifier
(``Record.source_identifier``) within the collection:

- a new record is added, published, with its description (title and English title, creators,
  subjects as keywords, abstract, publisher, date, language, type, DOI/ISBN/ISSN, rights);
- a record harvested before is updated when its description changed (its datestamp moves, so
  our own harvesters see it), left alone otherwise — a re-harvest never duplicates;
- a record the source reports deleted is withdrawn here (a tombstone stays);
- a record without a title is skipped and counted.

The run's counts are saved every ``PROGRESS_EVERY`` records, so the page shows the progress;
an error stops the run and is kept on it. Harvested records carry no files: their page links to
the source through the identifiers it gave.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from khcn.audit import registry as audit
from khcn.audit.services import record as audit_record
from khcn.core.exceptions import DomainError
from khcn.core.text import clean
from khcn.library.choices import Access, Language, RecordStatus, RecordType
from khcn.library.models import Collection, HarvestRun, Record
from khcn.library.permissions import collection_policy
from khcn.library.services.records import RECORD_FIELDS

HARVEST_STARTED = audit.register("library.collection.harvest", gettext_lazy("Harvest started"))
RECORD_HARVESTED = audit.register("library.record.harvested", gettext_lazy("Record updated by a harvest"))
RECORD_DELETED_AT_SOURCE = audit.register(
    "library.record.deleted_at_source", gettext_lazy("Record withdrawn: deleted in the source repository")
)
PROGRESS_EVERY = 20
TIMEOUT = 60  # seconds a page of the source may take
STALE_AFTER = dt.timedelta(hours=6)  # a run queued or running longer than this is taken as dead
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The values written into a record by a harvest (what an update compares).
_NOT_HARVESTED = ("patent_number", "task_code", "access", "access_roles", "embargo_until")
HARVESTED_FIELDS = tuple(f for f in RECORD_FIELDS if f not in _NOT_HARVESTED)
LIMITS = {
    "title": 1000,
    "title_en": 1000,
    "publisher": 255,
    "keywords": 1000,
    "isbn": 20,
    "issn": 9,
    "doi": 255,
    "rights": 500,
}
TYPES = (
    ("conference", RecordType.CONFERENCE_PAPER),
    ("thesis", RecordType.THESIS),
    ("dissertation", RecordType.THESIS),
    ("book", RecordType.BOOK),
    ("dataset", RecordType.DATASET),
    ("patent", RecordType.PATENT),
    ("standard", RecordType.STANDARD),
    ("map", RecordType.MAP),
    ("cartographic", RecordType.MAP),
    ("policy", RecordType.POLICY),
    ("process", RecordType.PROCESS),
    ("article", RecordType.ARTICLE),
)
LANGUAGES = {"vi": Language.VI, "vie": Language.VI, "en": Language.EN, "eng": Language.EN}
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


# --- starting a harvest ------------------------------------------------------------------------


def harvest_start(*, actor: Any, collection: Collection, url: str, set_spec: str = "") -> HarvestRun:
    """Record the source on the collection and queue a harvest (refused while one is under way)."""
    collection_policy.require(actor, "manage", collection)
    url, set_spec = url.strip(), clean(set_spec)
    if not url.lower().startswith(("http://", "https://")):
        raise DomainError(
            _("Enter the OAI-PMH base URL of the repository (http:// or https://)."), code="bad_url"
        )
    with transaction.atomic():
        locked = Collection.objects.select_for_update().get(pk=collection.pk)
        busy = HarvestRun.objects.filter(
            collection=locked,
            status__in=(HarvestRun.QUEUED, HarvestRun.RUNNING),
            queued_at__gte=timezone.now() - STALE_AFTER,
        )
        if busy.exists():
            raise DomainError(
                _("A harvest of this collection is under way: wait for it to finish."), code="busy"
            )
        changes = {}
        if (locked.harvest_url, locked.harvest_set) != (url, set_spec):
            changes = {
                "harvest_url": [locked.harvest_url, url],
                "harvest_set": [locked.harvest_set, set_spec],
            }
            locked.harvest_url, locked.harvest_set = url, set_spec
            locked.save(update_fields=["harvest_url", "harvest_set"])
        run = HarvestRun.objects.create(collection=locked, started_by=actor, url=url, set_spec=set_spec)
        audit_record(actor=actor, action=HARVEST_STARTED, target=locked, changes=changes, note=url)
        transaction.on_commit(lambda: harvest_collection.enqueue(locked.pk, run.pk))
    return run


# --- reading a source record -------------------------------------------------------------------


def _texts(dc: Any, name: str) -> list[tuple[str, str]]:
    """The (text, xml:lang) of each ``dc:<name>`` element, in order, without the empty ones."""
    out = []
    for node in dc.iterfind(f"{{{DC}}}{name}"):
        value = clean(node.text or "")
        if value:
            out.append((value, (node.get(XML_LANG) or "").lower()))
    return out


def values_of(dc: Any) -> tuple[dict[str, Any], list[str]]:
    """The record's values and its authors, read from an ``oai_dc:dc`` element."""
    titles = _texts(dc, "title")
    english = [t for t, lang in titles if lang.startswith("en")]
    main = [t for t, lang in titles if not lang.startswith("en")] or english
    title = main[0] if main else ""
    title_en = next((t for t in english if t != title), "")
    dates = [t for t, _lang in _texts(dc, "date")]
    year, issued_on = None, None
    for value in dates:
        try:
            issued_on = dt.date.fromisoformat(value[:10])
        except ValueError:
            issued_on = None
        found = YEAR.search(value)
        if found:
            year = int(found.group(1))
            break
    if year is None or not (1900 <= year <= timezone.localdate().year + 1):
        year, issued_on = timezone.localdate().year, None
    if issued_on is not None and issued_on.year != year:
        issued_on = None
    types = " ".join(t.lower() for t, _lang in _texts(dc, "type"))
    kind = next((k for k in RecordType.values if k in types.split()), None)
    kind = kind or next((k for word, k in TYPES if word in types), RecordType.ARTICLE)
    languages = [LANGUAGES.get(t.lower().split("-")[0]) for t, _lang in _texts(dc, "language")]
    identifiers = [t for t, _lang in _texts(dc, "identifier")]

    def identifier(*prefixes: str) -> str:
        for value in identifiers:
            low = value.lower()
            for prefix in prefixes:
                if low.startswith(prefix):
                    return value[len(prefix) :].strip()
        return ""

    doi = identifier("doi:", "https://doi.org/", "http://dx.doi.org/", "info:doi/")
    if not doi:
        doi = next((v for v in identifiers if v.startswith("10.") and "/" in v), "")
    values: dict[str, Any] = {
        "kind": kind,
        "title": title,
        "title_en": title_en,
        "abstract": "\n\n".join(t for t, _lang in _texts(dc, "description")),
        "language": next((lang for lang in languages if lang), Language.OTHER),
        "issued_year": year,
        "issued_on": issued_on,
        "publisher": next((t for t, _lang in _texts(dc, "publisher")), ""),
        "keywords": "; ".join(t.replace(";", ",") for t, _lang in _texts(dc, "subject")),
        "isbn": identifier("isbn:", "urn:isbn:"),
        "issn": identifier("issn:", "urn:issn:"),
        "doi": doi,
        "rights": next((t for t, _lang in _texts(dc, "rights") if not t.startswith("access:")), ""),
    }
    for key, limit in LIMITS.items():
        values[key] = values[key][:limit]
    authors = [t[:200] for t, _lang in _texts(dc, "creator")]
    return values, authors


# --- storing ------------------------------------------------------------------------------------


def _withdraw(run: HarvestRun, collection: Collection, source_id: str) -> str:
    with transaction.atomic():
        target = (
            Record.objects.select_for_update()
            .filter(collection=collection, source_identifier=source_id)
            .exclude(status=RecordStatus.WITHDRAWN)
            .first()
        )
        if target is None:
            return "skipped"
        before = target.status
        target.status = RecordStatus.WITHDRAWN
        target.withdrawn_reason = _("Deleted in the source repository.")
        target.datestamp = timezone.now()
        target.version += 1
        target.save(update_fields=["status", "withdrawn_reason", "datestamp", "version"])
        audit_record(
            actor=run.started_by,
            action=RECORD_DELETED_AT_SOURCE,
            target=target,
            changes={"status": [before, RecordStatus.WITHDRAWN]},
            note=run.url,
        )
        _reindex(target.pk)
    return "withdrawn"


def _reindex(pk: int) -> None:
    from khcn.library.services.records import reindex

    reindex(pk)


def store(run: HarvestRun, collection: Collection, source_id: str, dc: Any) -> str:
    """Add or update one harvested record; returns created, updated, unchanged or skipped."""
    from khcn.library.services.records import _authors, record_create

    values, authors = values_of(dc)
    if not values["title"]:
        return "skipped"
    with transaction.atomic():
        target = (
            Record.objects.select_for_update()
            .filter(collection=collection, source_identifier=source_id)
            .first()
        )
        if target is None:
            try:
                record_create(
                    actor=None,
                    collection=collection,
                    authors=authors,
                    status=RecordStatus.PUBLISHED,
                    source_identifier=source_id,
                    published_at=timezone.now(),
                    access=Access.PUBLIC,
                    **values,
                )
            except DomainError:
                return "skipped"
            return "created"
        changes = {
            key: [str(getattr(target, key) or ""), str(value or "")]
            for key, value in values.items()
            if getattr(target, key) != value
        }
        before_authors = [a.name for a in target.authors.all()]
        if before_authors != authors:
            changes["authors"] = ["; ".join(before_authors), "; ".join(authors)]
        if target.status != RecordStatus.PUBLISHED:
            changes["status"] = [target.status, RecordStatus.PUBLISHED]
        if not changes:
            return "unchanged"
        for key, value in values.items():
            setattr(target, key, value)
        target.status = RecordStatus.PUBLISHED
        target.withdrawn_reason = ""
        target.datestamp = timezone.now()
        target.version += 1
        target.save()
        if "authors" in changes:
            _authors(target, authors)
        audit_record(
            actor=run.started_by, action=RECORD_HARVESTED, target=target, changes=changes, note=run.url
        )
        _reindex(target.pk)
    return "updated"


# --- the background task -----------------------------------------------------------------------


def _progress(run: HarvestRun, **fields: Any) -> None:
    for key, value in fields.items():
        setattr(run, key, value)
    HarvestRun.objects.filter(pk=run.pk).update(
        status=run.status,
        started_at=run.started_at,
        finished_at=run.finished_at,
        seen=run.seen,
        created=run.created,
        updated=run.updated,
        unchanged=run.unchanged,
        withdrawn=run.withdrawn,
        skipped=run.skipped,
        error=run.error,
    )


def _own_copy(collection: Collection, source_id: str) -> bool:
    """Whether ``source_id`` names a record of ``collection`` itself (this site's /oai harvested
    without a set): harvesting it would copy the copies without end."""
    from khcn.library.oai import repository_id

    prefix = f"oai:{repository_id()}:"
    pk = source_id[len(prefix) :] if source_id.startswith(prefix) else ""
    return pk.isdigit() and Record.objects.filter(pk=int(pk), collection=collection).exists()


def run_harvest(run: HarvestRun) -> HarvestRun:
    """Harvest ``run``'s source into its collection, saving the counts as it goes."""
    from sickle import Sickle
    from sickle.oaiexceptions import NoRecordsMatch

    collection = run.collection
    _progress(run, status=HarvestRun.RUNNING, started_at=timezone.now(), error="")
    try:
        client = Sickle(run.url, max_retries=2, timeout=TIMEOUT)
        params = {"metadataPrefix": "oai_dc", "ignore_deleted": False}
        if run.set_spec:
            params["set"] = run.set_spec
        try:
            items: Any = client.ListRecords(**params)
        except NoRecordsMatch:
            items = []
        for item in items:
            source_id = clean(item.header.identifier)[:500]
            if _own_copy(collection, source_id):  # this collection's own records, harvested back
                outcome = "skipped"
            elif item.header.deleted:
                outcome = _withdraw(run, collection, source_id)
            else:
                dc = item.xml.find(f".//{{{OAI_DC}}}dc")
                outcome = store(run, collection, source_id, dc) if dc is not None else "skipped"
            run.seen += 1
            setattr(run, outcome, getattr(run, outcome) + 1)
            if run.seen % PROGRESS_EVERY == 0:
                _progress(run)
    except Exception as exc:  # a broken source stops the run, with its reason kept on it
        _progress(
            run,
            status=HarvestRun.FAILED,
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return run
    _progress(run, status=HarvestRun.DONE, finished_at=timezone.now())
    return run


@task()
def harvest_collection(collection_id: int, run_id: int | None = None) -> int:
    """Harvest the collection from its ``harvest_url`` (and ``harvest_set``); returns the run's
    id. ``run_id``: the run ``harvest_start`` opened; without it a new run is opened."""
    collection = Collection.objects.get(pk=collection_id)
    if run_id is None:
        run = HarvestRun.objects.create(
            collection=collection, url=collection.harvest_url, set_spec=collection.harvest_set
        )
    else:
        run = HarvestRun.objects.select_related("collection", "started_by").get(
            pk=run_id, collection=collection
        )
    run_harvest(run)
    return run.pk

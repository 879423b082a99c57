"""Collections, records, their files and the deposit workflow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry as audit
from khcn.audit.services import diff, record, snapshot
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, fold
from khcn.core.uploads import DATASET_KINDS, DOCUMENT_KINDS, stored_upload
from khcn.library.choices import Access, Language, RecordStatus, RecordType
from khcn.library.models import Author, Collection, Record, RecordFile
from khcn.library.permissions import collection_policy, record_policy
from khcn.library.workflow import RECORD_WORKFLOW

COLLECTION_CREATED = audit.register("library.collection.created", gettext_lazy("Collection created"))
RECORD_CREATED = audit.register("library.record.created", gettext_lazy("Record created"))
RECORD_EDITED = audit.register("library.record.edited", gettext_lazy("Record corrected"))
FILE_ADDED = audit.register("library.record.file", gettext_lazy("File attached"))
audit.describe(Record, values={"status": dict(RecordStatus.choices), "access": dict(Access.choices)})
audit.register_field("authors", gettext_lazy("authors"))
audit.register_field("file", gettext_lazy("file"))

# The described fields a depositor writes (the rest are relations or the workflow's).
RECORD_FIELDS = (
    "kind",
    "title",
    "title_en",
    "abstract",
    "language",
    "issued_year",
    "issued_on",
    "publisher",
    "keywords",
    "isbn",
    "issn",
    "doi",
    "patent_number",
    "task_code",
    "rights",
    "access",
    "access_roles",
    "embargo_until",
)
# The one-line fields, written with their spaces tidied (``core.text.clean``).
TEXT_FIELDS = tuple(
    f
    for f in RECORD_FIELDS
    if f
    not in (
        "kind",
        "abstract",
        "language",
        "issued_year",
        "issued_on",
        "access",
        "access_roles",
        "embargo_until",
    )
)
FILE_KINDS = (*DOCUMENT_KINDS, *DATASET_KINDS)
MAX_FILE_BYTES = 100 * 1024 * 1024


@transaction.atomic
def collection_create(
    *, actor: User | None, code: str, name: str, description: str = "", curators: Iterable[User] = ()
) -> Collection:
    if actor is not None:
        collection_policy.require(actor, "manage")
    code = clean(code).lower()
    if not code or not clean(name):
        raise DomainError(_("A collection needs a code and a name."), code="incomplete")
    if Collection.objects.filter(code=code).exists():
        raise DomainError(_("A collection with this code exists."), code="duplicate")
    collection = Collection.objects.create(code=code, name=clean(name), description=description.strip())
    collection.curators.set(list(curators))
    record(
        actor=actor, action=COLLECTION_CREATED, target=collection, changes={"name": [None, collection.name]}
    )
    return collection


def reindex(*pks: int) -> None:
    """The site search (and the library's) learns the change once it is committed."""
    from khcn.search.tasks import schedule_reindex

    schedule_reindex(Record, pks)


def _validate(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in TEXT_FIELDS:
        if key in out:
            out[key] = clean(out[key] or "")
    if "abstract" in out:
        out["abstract"] = (out["abstract"] or "").strip()
    if "title" in out and not out["title"]:
        raise DomainError(_("A record needs its title."), code="no_title")
    if "kind" in out and out["kind"] not in RecordType.values:
        raise DomainError(_("Choose the type of the record."), code="bad_kind")
    if "language" in out and out["language"] not in Language.values:
        raise DomainError(_("Choose the language."), code="bad_language")
    year = out.get("issued_year")
    if year is not None and not (1900 <= int(year) <= timezone.localdate().year + 1):
        raise DomainError(_("Enter the year it was issued (1900 to next year)."), code="bad_year")
    if "access_roles" in out:
        roles = out["access_roles"]
        if not isinstance(roles, str):
            roles = ",".join(roles)
        names = [r.strip() for r in roles.split(",") if r.strip()]
        out["access_roles"] = f",{','.join(names)}," if names else ""
    access = out.get("access")
    if access is not None and access not in Access.values:
        raise DomainError(_("Choose who may open the files."), code="bad_access")
    if access == Access.EMBARGO:
        until = out.get("embargo_until")
        if not isinstance(until, dt.date) or until <= timezone.localdate():
            raise DomainError(_("An embargo needs a date in the future."), code="embargo_past")
    elif access is not None:
        out["embargo_until"] = None
    if access == Access.ROLES and not out.get("access_roles"):
        raise DomainError(_("Choose the roles that may open the files."), code="no_roles")
    return out


def _authors(target: Record, names: Iterable[str]) -> list[str]:
    """Replace the record's authors, linking each to the one expert of the same folded name."""
    from khcn.experts.models import Expert

    cleaned = [clean(n) for n in names if clean(n)]
    Author.objects.filter(record=target).delete()
    folded = {fold(n) for n in cleaned}
    experts: dict[str, list[Any]] = {}
    if folded:
        for expert in Expert.objects.only("pk", "full_name"):
            key = fold(expert.full_name)
            if key in folded:
                experts.setdefault(key, []).append(expert)
    Author.objects.bulk_create(
        Author(
            record=target,
            position=n,
            name=name,
            expert=(experts.get(fold(name)) or [None, None])[0]
            if len(experts.get(fold(name), [])) == 1
            else None,
        )
        for n, name in enumerate(cleaned, 1)
    )
    return cleaned


@transaction.atomic
def record_create(
    *,
    actor: User | None,
    collection: Collection,
    authors: Iterable[str] = (),
    fields: Iterable[Any] = (),
    organizations: Iterable[Any] = (),
    task: Any = None,
    **values: Any,
) -> Record:
    """A new record, a draft of its depositor (``actor``; None: the system, for deposits and
    harvests)."""
    if actor is not None:
        record_policy.require(actor, "deposit")
    data = _validate({"kind": RecordType.ARTICLE, "language": Language.VI, "access": Access.PUBLIC, **values})
    unknown = set(data) - set(RECORD_FIELDS) - {"status", "source_identifier", "published_at"}
    if unknown:
        raise TypeError(f"unknown record fields: {sorted(unknown)}")
    if "issued_year" not in data:
        data["issued_year"] = timezone.localdate().year
    target = Record.objects.create(collection=collection, depositor=actor, task=task, **data)
    names = _authors(target, authors)
    target.fields.set(list(fields))
    target.organizations.set(list(organizations))
    record(
        actor=actor,
        action=RECORD_CREATED,
        target=target,
        changes={"title": [None, target.title], "authors": [None, "; ".join(names)]},
    )
    reindex(target.pk)
    return target


@transaction.atomic
def record_edit(
    *,
    actor: User,
    record_: Record,
    version: int | None = None,
    authors: Iterable[str] | None = None,
    fields: Iterable[Any] | None = None,
    organizations: Iterable[Any] | None = None,
    collection: Collection | None = None,
    **values: Any,
) -> Record:
    """Correct a record (audited field by field; a stale form is refused)."""
    target = Record.objects.select_for_update().get(pk=record_.pk)
    record_policy.require(actor, "edit", target)
    check_version(target, version, _("The record was changed meanwhile; check it and save again."))
    data = _validate(values)
    unknown = set(data) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unknown record fields: {sorted(unknown)}")
    if data.get("access") == Access.EMBARGO or ("embargo_until" in data and target.access == Access.EMBARGO):
        until = data.get("embargo_until", target.embargo_until)
        if not isinstance(until, dt.date) or until <= timezone.localdate():
            raise DomainError(_("An embargo needs a date in the future."), code="embargo_past")
    before = snapshot(target, [*data, "collection"])
    before_authors = "; ".join(a.name for a in target.authors.all())
    for key, value in data.items():
        setattr(target, key, value)
    if collection is not None:
        target.collection = collection
    target.datestamp = timezone.now()
    target.save()
    changes = diff(before, snapshot(target, [*data, "collection"]))
    if authors is not None:
        names = "; ".join(_authors(target, authors))
        if names != before_authors:
            changes["authors"] = [before_authors, names]
    if fields is not None:
        target.fields.set(list(fields))
    if organizations is not None:
        target.organizations.set(list(organizations))
    if changes:
        record(actor=actor, action=RECORD_EDITED, target=target, changes=changes)
    reindex(target.pk)
    return target


def file_add(
    *,
    actor: User | None,
    record_: Record,
    file: Any,
    description: str = "",
    kinds: tuple[str, ...] = FILE_KINDS,
) -> RecordFile:
    """Attach a file, checked by its content (stored before the transaction, removed again if
    it fails); its text is read by a background task (``khcn.library.tasks``)."""
    with (
        stored_upload(file, directory=f"library/{record_.pk}", kinds=kinds, max_bytes=MAX_FILE_BYTES) as (
            path,
            upload,
        ),
        transaction.atomic(),
    ):
        assert upload is not None
        target = Record.objects.select_for_update().get(pk=record_.pk)
        if actor is not None:
            record_policy.require(actor, "edit", target)
        stored = RecordFile.objects.create(
            record=target,
            file=path,
            name=upload.name,
            kind=upload.kind.code,
            size=upload.size,
            sha256=getattr(upload, "sha256", ""),
            description=clean(description),
        )
        Record.objects.filter(pk=target.pk).update(datestamp=timezone.now())
        record(actor=actor, action=FILE_ADDED, target=target, changes={"file": [None, upload.name]})
    _read_later(stored)
    return stored


def _read_later(stored: RecordFile) -> None:
    """Queue the reading of the file's text once the file's row is committed."""
    try:
        from khcn.library.tasks import read_text
    except ImportError:  # the reader is not installed in this build
        return
    transaction.on_commit(lambda: read_text.enqueue(stored.pk))


@transaction.atomic
def record_step(*, actor: User, record_: Record, name: str, note: str = "") -> Record:
    """A step of the deposit workflow (submit, return, publish, withdraw), with its note."""
    target = Record.objects.select_for_update().get(pk=record_.pk)
    moved = RECORD_WORKFLOW.apply(name, actor=actor, obj=target, note=note)
    assert isinstance(moved, Record)
    if name == "return":
        Record.objects.filter(pk=moved.pk).update(note=note.strip())
    if name == "withdraw":
        Record.objects.filter(pk=moved.pk).update(withdrawn_reason=note.strip()[:500])
    moved.refresh_from_db()
    reindex(moved.pk)
    return moved

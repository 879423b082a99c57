"""Writes to the search index. Domain services call these after commit::

    transaction.on_commit(lambda: index_object(org))

The index is derived data: it holds no decision of its own, so these functions take no
actor and write no audit event. They only touch ``SearchEntry``; the full-text engine
follows through triggers (SQLite) or a generated column (PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from tqdm import tqdm

from khcn.core.text import clean
from khcn.search import registry
from khcn.search.backends import get_backend
from khcn.search.models import SearchEntry
from khcn.search.query import index_texts

BATCH_SIZE = 500
_UPDATE_FIELDS = [
    "title",
    "body",
    "url",
    "title_exact",
    "body_exact",
    "title_folded",
    "body_folded",
    "updated_at",
]


class NotRegistered(LookupError):
    """The model was never registered with ``khcn.search.registry.register``."""


def _registration(model_or_obj: type[Model] | Model) -> registry.Registration:
    reg = registry.get_registration(model_or_obj)
    if reg is None:
        model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
        raise NotRegistered(f"{model._meta.label} is not registered for search.")
    return reg


def _url(reg: registry.Registration, obj: Any) -> str:
    try:
        return str(reg.url(obj) or "")[:500]
    except NoReverseMatch:  # a page not written yet must not stop indexing
        return ""


def build_entry(
    obj: Model, reg: registry.Registration | None = None, *, now: dt.datetime | None = None
) -> SearchEntry:
    """The (unsaved) ``SearchEntry`` for ``obj``: display text plus exact and folded tokens.

    Text is built in the site language (``LANGUAGE_CODE``), whatever the current request's
    language, so that labels in ``body`` (an agency's kind, …) do not depend on who saved.
    """
    reg = reg or _registration(obj)
    with translation.override(settings.LANGUAGE_CODE):
        title = clean(str(reg.title(obj) or ""))[:500] or clean(str(obj))[:500]
        body = clean(str(reg.body(obj) or ""))
        url = _url(reg, obj)
    title_exact, title_folded = index_texts(title)
    body_exact, body_folded = index_texts(body)
    return SearchEntry(
        content_type=ContentType.objects.get_for_model(reg.model),
        object_id=obj.pk,
        title=title,
        body=body,
        url=url,
        title_exact=title_exact,
        body_exact=body_exact,
        title_folded=title_folded,
        body_folded=body_folded,
        updated_at=now or timezone.now(),
    )


def _upsert(entries: Sequence[SearchEntry]) -> None:
    if entries:
        SearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=_UPDATE_FIELDS,
        )


def index_object(obj: Model) -> SearchEntry:
    """Add or refresh ``obj`` in the index (one upsert). Raises ``NotRegistered`` for a model
    that is not registered. Load ``obj`` with what the registration's ``body`` reads (or
    accept the extra queries)."""
    entry = build_entry(obj)
    _upsert([entry])
    return entry


def index_objects(objs: Iterable[Model], *, batch_size: int = BATCH_SIZE) -> int:
    """Add or refresh many objects (of any registered models), ``batch_size`` rows per
    statement. Returns how many were indexed."""
    count = 0
    batch: list[SearchEntry] = []
    now = timezone.now()
    for obj in objs:
        batch.append(build_entry(obj, now=now))
        if len(batch) >= batch_size:
            _upsert(batch)
            count += len(batch)
            batch = []
    _upsert(batch)
    return count + len(batch)


def remove_object(obj: Model | None = None, *, model: type[Model] | None = None, pk: Any = None) -> int:
    """Take an object out of the index; returns the number of entries deleted (0 or 1).

    Either pass the object, or — after ``obj.delete()``, which clears ``obj.pk`` — its model
    and former primary key: ``remove_object(model=Organization, pk=old_pk)``. Works for models
    no longer registered.
    """
    if obj is not None:
        model = type(obj)
        pk = obj.pk if pk is None else pk
    if model is None or pk is None:
        raise ValueError("remove_object needs an object, or a model and a primary key.")
    content_type = ContentType.objects.get_for_model(model._meta.concrete_model or model)
    deleted, _ = SearchEntry.objects.filter(content_type=content_type, object_id=pk).delete()
    return deleted


def remove_missing(model: type[Model]) -> int:
    """Take out the entries of ``model`` whose object no longer exists (after deletes that
    cascaded: a plan's items, an item's assignments) or is left out by the registration's
    ``queryset`` (as ``rebuild`` would). Returns the number of entries deleted."""
    model = model._meta.concrete_model or model
    reg = registry.get_registration(model)
    kept = reg.get_queryset() if reg is not None else model._default_manager.all()
    content_type = ContentType.objects.get_for_model(model)
    deleted, _ = (
        SearchEntry.objects.filter(content_type=content_type)
        .exclude(object_id__in=kept.order_by().values("pk"))
        .delete()
    )
    return deleted


def retokenize(entry_model: Any = None, *, batch_size: int = BATCH_SIZE) -> int:
    """Compute every entry's token columns again from its stored ``title`` and ``body``, after
    a change in how text is tokenised (``khcn.search.query``): no registration is asked, so it
    runs in a migration (pass the historical ``SearchEntry``). The full-text engine follows
    through its triggers (SQLite) or generated column (PostgreSQL). Returns the rows changed."""
    entries = entry_model or SearchEntry
    fields = ["title_exact", "body_exact", "title_folded", "body_folded"]
    changed = 0
    last = 0
    while True:
        batch = list(
            entries.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "title", "body", *fields)[:batch_size]
        )
        if not batch:
            return changed
        last = batch[-1].pk
        dirty = []
        for entry in batch:
            (title_exact, title_folded), (body_exact, body_folded) = (
                index_texts(entry.title),
                index_texts(entry.body),
            )
            new = (title_exact, body_exact, title_folded, body_folded)
            if new != tuple(getattr(entry, name) for name in fields):
                for name, value in zip(fields, new, strict=True):
                    setattr(entry, name, value)
                dirty.append(entry)
        if dirty:
            with transaction.atomic():
                entries.objects.bulk_update(dirty, fields)
            changed += len(dirty)


def _resolve_models(models: Iterable[type[Model] | str] | None) -> list[registry.Registration]:
    if models is None:
        return list(registry.registrations())
    from django.apps import apps

    regs = []
    for item in models:
        model = apps.get_model(item) if isinstance(item, str) else item
        regs.append(_registration(model))
    return regs


def rebuild(
    models: Iterable[type[Model] | str] | None = None,
    progress: bool = True,
    *,
    batch_size: int = BATCH_SIZE,
    stream: TextIO | None = None,
) -> dict[str, int]:
    """Re-index every object of the given models (model classes or "app_label.model"
    strings; all registered models when None), ``batch_size`` objects per transaction, with a
    tqdm progress bar on ``stream`` (stderr) when ``progress``. Entries of objects that no
    longer exist are removed; a full rebuild also removes entries of unregistered models.
    Returns the number of objects indexed per model label ("organizations.organization").
    """
    regs = _resolve_models(models)
    counts: dict[str, int] = {}
    for reg in regs:
        started = timezone.now()
        qs = reg.get_queryset().order_by("pk")
        total = qs.count()
        content_type = ContentType.objects.get_for_model(reg.model)
        done = 0
        last_pk: Any = None
        with tqdm(
            total=total,
            desc=reg.model_label,
            unit="obj",
            disable=not progress,
            file=stream or sys.stderr,
            leave=True,
        ) as bar:
            while True:
                page = qs if last_pk is None else qs.filter(pk__gt=last_pk)
                batch = list(page[:batch_size])
                if not batch:
                    break
                entries = [build_entry(obj, reg, now=timezone.now()) for obj in batch]
                with transaction.atomic():
                    _upsert(entries)
                done += len(batch)
                last_pk = batch[-1].pk
                bar.update(len(batch))
        SearchEntry.objects.filter(content_type=content_type, updated_at__lt=started).delete()
        counts[reg.model_label] = done
    if models is None:
        registered = [ContentType.objects.get_for_model(reg.model).pk for reg in regs]
        SearchEntry.objects.exclude(content_type_id__in=registered).delete()
    get_backend().optimize()
    return counts

"""Background jobs of the search index (django-tasks).

Services schedule ``schedule_reindex`` from their transaction; after commit it enqueues
``reindex_objects``. With the immediate backend (tests, pilots) the job runs at once; with
``KHCN_TASKS_BACKEND=database`` it waits in the queue for ``manage.py db_worker``. The job
takes ids, not objects, and is idempotent: running it twice indexes the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django_tasks import task

from khcn.search import registry
from khcn.search.services import index_objects


@task()
def reindex_objects(model_label: str, pks: list[int]) -> int:
    """Refresh the search entries of ``model_label`` rows ``pks``; returns how many."""
    model = apps.get_model(model_label)
    reg = registry.get_registration(model)
    qs = reg.queryset() if reg is not None and reg.queryset is not None else model._default_manager.all()
    return index_objects(qs.filter(pk__in=pks))


def schedule_reindex(model: type[Model], pks: Iterable[int]) -> None:
    """After the current transaction commits, enqueue a reindex of ``pks``."""
    ids = sorted({int(pk) for pk in pks})
    if ids:
        label = model._meta.label_lower
        transaction.on_commit(lambda: reindex_objects.enqueue(label, ids))

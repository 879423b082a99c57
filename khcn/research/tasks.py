"""Background jobs of the S&T tasks app (django-tasks): the index of the duplication check
(``khcn.research.duplication``), rebuilt after tasks are written. Idempotent: it indexes the
tasks as they are when it runs."""

from __future__ import annotations

from django_tasks import task


@task()
def similarity_rebuild() -> int:
    """Build the index of the past and ongoing tasks and keep it in the cache; returns the
    number of tasks indexed."""
    from khcn.research.duplication import index_build

    return len(index_build().index)

"""Background jobs of the notifications app (django-tasks): the e-mails, sent after the
transaction that created the notifications commits. With the immediate backend they are sent
at once, in-process; with ``KHCN_TASKS_BACKEND=database`` by ``manage.py db_worker``. The job
takes ids and is idempotent (a notification already e-mailed is skipped)."""

from __future__ import annotations

from django_tasks import task

from khcn.notifications import services


@task()
def send_emails(ids: list[int]) -> int:
    return services.email_send(ids)

"""``manage.py research_remind``: the host is reminded of the steps due soon or overdue (a
progress report, the acceptance dossier) with a link, the DOST of the overdue steps; at most
once a day each; ``--dry-run`` writes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from khcn.notifications.models import Notification
from khcn.research import services
from khcn.research.models import Task
from khcn.research.tests.test_lifecycle import _task
from khcn.research.tests.test_proposals import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("research_remind", *args, stdout=out)
    return out.getvalue()


def test_hosts_and_the_dost_are_reminded_once_a_day(world):  # noqa: F811
    task = _task(ordered_on=dt.date(2024, 2, 1), code="2024-009")
    Task.objects.filter(pk=task.pk).update(
        state="contracted",
        owner=world["applicant"],
        budget_state=500,
        starts_on=TODAY - dt.timedelta(days=200),
        ends_on=TODAY + dt.timedelta(days=10),
    )
    services.payment_record(actor=world["specialist"], task=task, kind="advance", amount=100, paid_on=TODAY)
    report = task.reports.order_by("due_on").first()
    assert report is not None and report.due_on < TODAY  # overdue

    assert "2024-009" in _run("--dry-run") and not Notification.objects.exists()
    _run("--days", "7")
    host = Notification.objects.filter(recipient=world["applicant"])
    assert host.filter(url=reverse("research:report_detail", args=[report.pk])).exists()
    # The acceptance dossier is due 90 days after the end: not within 7 days, so not yet.
    assert not host.filter(url=reverse("research:task_detail", args=[task.pk])).exists()
    assert Notification.objects.filter(recipient=world["specialist"], code="research.overdue").exists()
    count = Notification.objects.count()
    _run("--days", "7")
    assert Notification.objects.count() == count  # once a day
    _run("--days", "120")
    assert host.filter(url=reverse("research:task_detail", args=[task.pk])).exists()  # the dossier now

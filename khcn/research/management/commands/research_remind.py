"""Remind the hosts of S&T tasks of the steps due soon or overdue, and the DOST of the overdue
steps (meant for cron, e.g. daily).

Each task's host account (``Task.owner``) is notified (inbox and e-mail) of every step due
within ``--days`` days (14 by default) or overdue: progress reports not submitted, the revised
description, the acceptance dossier, the registration of the results, the yearly report on their
application — the deadlines of the rule set in force on the task's ordering date
(``selectors.upcoming``). Each DOST specialist and leader gets one summary of the overdue steps.
Nobody is reminded twice a calendar day of the same thing, however often cron runs.
``--dry-run`` says who would be reminded and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.notifications.models import Notification
from khcn.notifications.services import notify
from khcn.research import selectors
from khcn.research.choices import ReportStatus, TaskState
from khcn.research.models import ProgressReport, Task
from khcn.research.rules import lifecycle_picker

STEP_DUE = "research.step_due"
OVERDUE = "research.overdue"
RUNNING = (
    TaskState.RECOMMENDED,
    TaskState.CONTRACTED,
    TaskState.IN_PROGRESS,
    TaskState.SUSPENDED,
    TaskState.ACCEPTED,
    TaskState.RECOGNISED,
    TaskState.LIQUIDATED,
    TaskState.REGISTERED,
)


def _since_midnight() -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))


def _sent_today(user: User, code: str, url: str, step: str) -> bool:
    return Notification.objects.filter(
        recipient=user, code=code, url=url, params__step=step, created_at__gte=_since_midnight()
    ).exists()


class Command(BaseCommand):
    help = "Remind the hosts of S&T tasks of the steps due soon or overdue, and the DOST of the overdue ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=14, help="remind of the steps due within this many days"
        )
        parser.add_argument("--dry-run", action="store_true", help="say who would be reminded; write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        today = timezone.localdate()
        horizon = today + dt.timedelta(days=max(0, options["days"]))
        rules = lifecycle_picker()
        sent = 0
        tasks = (
            Task.objects.filter(state__in=RUNNING, owner__isnull=False, owner__is_active=True)
            .select_related("owner")
            .prefetch_related("documents", "application_reports")
            .order_by("code")
        )
        for task in tasks:
            steps: list[tuple[str, dt.date, str]] = []
            for report in ProgressReport.objects.filter(
                task=task, status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED), due_on__lte=horizon
            ).order_by("due_on"):
                label = _("Progress report %(period)s") % {"period": report.period}
                steps.append((label, report.due_on, reverse("research:report_detail", args=[report.pk])))
            for entry in selectors.upcoming(task, today=today, rules=rules):
                if entry.day is not None and entry.day <= horizon:
                    steps.append((entry.label, entry.day, reverse("research:task_detail", args=[task.pk])))
            for label, day, url in steps:
                assert task.owner is not None
                if _sent_today(task.owner, STEP_DUE, url, label):
                    continue
                self.stdout.write(f"{task.code}: {task.owner.username}: {label} ({day:%d/%m/%Y})")
                sent += 1
                if not dry_run:
                    notify(
                        recipients=[task.owner],
                        subject=gettext_noop("S&T task %(code)s: %(step)s due on %(day)s"),
                        body=gettext_noop(
                            "The step “%(step)s” of the task %(code)s is due on %(day)s. "
                            "Open the task to do it."
                        ),
                        url=url,
                        code=STEP_DUE,
                        params={"code": task.code, "step": label, "day": day.strftime("%d/%m/%Y")},
                    )
        sent += self._dost(today, dry_run)
        if dry_run:
            summary = ngettext(
                "%(count)d reminder would be sent (dry run: nothing written).",
                "%(count)d reminders would be sent (dry run: nothing written).",
                sent,
            )
        else:
            summary = ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", sent)
        self.stdout.write(summary % {"count": sent})

    def _dost(self, today: dt.date, dry_run: bool) -> int:
        """One summary a day to each DOST specialist and leader with overdue steps to follow."""
        sent = 0
        people = User.objects.filter(
            is_active=True,
            memberships__role__in=(Role.DOST_SPECIALIST, Role.DOST_LEADER),
            memberships__valid_to__isnull=True,
        ).distinct()
        url = reverse("site:home")
        for user in people.order_by("pk"):
            late = selectors.overdue(user=user, today=today, limit=500)
            if not late or _sent_today(user, OVERDUE, url, str(len(late))):
                continue
            self.stdout.write(f"{user.username}: {len(late)}")
            sent += 1
            if not dry_run:
                notify(
                    recipients=[user],
                    subject=gettext_noop("S&T tasks: %(step)s overdue steps"),
                    body=gettext_noop("Steps of S&T tasks are overdue: they are listed on your home page."),
                    url=url,
                    code=OVERDUE,
                    params={"step": str(len(late))},
                )
        return sent

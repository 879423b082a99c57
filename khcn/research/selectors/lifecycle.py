"""Reads of a task's lifecycle: its timeline (every step, document and deadline, the overdue
ones flagged), the steps its reader may take now, the deadlines of every task (the overdue
list, the reminders) and the home blocks of the host's account and the DOST."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.core.text import thousands
from khcn.research.choices import (
    AdjustmentStatus,
    ApplicationStatus,
    Rating,
    ReportStatus,
    TaskRole,
    TaskState,
)
from khcn.research.models import Adjustment, Application, ProgressReport, Task, TaskMember
from khcn.research.permissions import application_policy, task_part_policy, task_policy
from khcn.research.rules import lifecycle, lifecycle_picker
from khcn.research.services import dossier_due, dossier_missing, registration_due, revision_due
from khcn.research.workflow import task_workflow

# Steps taken through another page (the advance starts the task).
HIDDEN_STEPS = ("start",)


@dataclass
class Entry:
    """One line of a task's timeline: a step done (with its document) or a deadline ahead."""

    day: dt.date | None
    label: str
    document: Any = None
    done: bool = True
    overdue: bool = False
    link: str = ""
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def task_for_page(*, user: Any, pk: int) -> Task:
    return get_object_or_404(
        task_policy.visible(
            user,
            Task.objects.select_related("host", "order_list", "proposal__call", "owner").prefetch_related(
                Prefetch("members", queryset=TaskMember.objects.select_related("user"))
            ),
        ),
        pk=pk,
    )


def handed_to_team() -> QuerySet[Any]:
    """The ids of the tasks whose budget was handed to an appraisal team (as a subquery)."""
    from django.db.models import IntegerField
    from django.db.models.functions import Cast

    from khcn.councils.models import CouncilItem
    from khcn.research.services import SUBJECT_APPRAISAL

    return (
        CouncilItem.objects.filter(subject=SUBJECT_APPRAISAL)
        .annotate(task_id=Cast("subject_id", IntegerField()))
        .values("task_id")
    )


def appraisal_team(task: Task) -> Any:
    """The appraisal team the task's budget is before (the latest), or ``None``."""
    from khcn.councils.models import Council
    from khcn.research.services import SUBJECT_APPRAISAL

    return (
        Council.objects.filter(items__subject=SUBJECT_APPRAISAL, items__subject_id=str(task.pk))
        .order_by("-pk")
        .first()
    )


def task_people(task: Task) -> list[tuple[Any, Any]]:
    """Who acts for the host: its account, then the investigator and the leader (or ``None``
    where nobody is named yet), each with its role label."""
    named = {m.role: m.user for m in task.members.all()}
    return [
        (_("Host's account"), task.owner),
        *((label, named.get(role)) for role, label in TaskRole.choices),
    ]


def steps(user: Any, task: Task) -> list[Any]:
    """The steps ``user`` may take on ``task`` now."""
    return [t for t in task_workflow(task).available(user, task) if t.name not in HIDDEN_STEPS]


def timeline(task: Task, *, today: dt.date | None = None) -> list[Entry]:
    """Every step the task went through with its document, then what is due, by date."""
    today = today or timezone.localdate()
    entries = [
        Entry(
            task.ordered_on,
            _("Put on the ordering list"),
            detail=task.order_list.number if task.order_list else "",
        )
    ]
    if task.apply_from:
        entries.append(
            Entry(
                task.apply_from,
                _("Call for applications"),
                detail=_("until %(day)s") % {"day": task.apply_until.strftime("%d/%m/%Y")}
                if task.apply_until
                else "",
            )
        )
    for document in task.documents.all():
        entries.append(
            Entry(document.signed_on, document.get_kind_display(), document=document, detail=document.number)
        )
    for payment in task.payments.all():
        entries.append(
            Entry(
                payment.paid_on,
                payment.get_kind_display(),
                detail=thousands(payment.amount) + " ₫",
            )
        )
    for report in task.reports.all():
        done = report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
        day = report.submitted_at.date() if done and report.submitted_at else report.due_on
        entries.append(
            Entry(
                day,
                _("Progress report %(period)s") % {"period": report.period},
                done=done,
                overdue=not done and report.due_on < today,
                detail=report.get_status_display()
                if done
                else _("due %(day)s") % {"day": report.due_on.strftime("%d/%m/%Y")},
                extra={"report": report},
            )
        )
    for adjustment in task.adjustments.all():
        entries.append(
            Entry(
                adjustment.requested_on,
                _("Adjustment asked: %(kind)s") % {"kind": adjustment.get_kind_display()},
                detail=adjustment.get_status_display(),
                extra={"adjustment": adjustment},
            )
        )
    if task.accepted_on:
        entries.append(
            Entry(
                task.accepted_on,
                _("Acceptance council"),
                detail=task.get_rating_display() if task.rating else "",
            )
        )
    if task.registered_on:
        entries.append(Entry(task.registered_on, _("Results registered"), detail=task.archive_number))
    for yearly in task.application_reports.all():
        entries.append(
            Entry(
                yearly.submitted_at.date() if yearly.submitted_at else None,
                _("Application of results, %(year)s") % {"year": yearly.year},
                detail=_("applied") if yearly.applied else _("not applied"),
            )
        )
    entries += upcoming(task, today=today)
    return sorted(entries, key=lambda e: (e.day or dt.date.max, not e.done))


def upcoming(task: Task, *, today: dt.date | None = None, rules: Any = lifecycle) -> list[Entry]:
    """The next deadlines of the task's current step (the progress reports are listed with the
    reports)."""
    today = today or timezone.localdate()
    out = []

    def due(day: dt.date | None, label: str) -> None:
        if day is not None:
            out.append(
                Entry(
                    day,
                    label,
                    done=False,
                    overdue=day < today,
                    detail=_("due %(day)s") % {"day": day.strftime("%d/%m/%Y")},
                )
            )

    if task.state == TaskState.RECOMMENDED:
        due(revision_due(task, rules), _("Revised description due"))
    if task.state in (TaskState.IN_PROGRESS, TaskState.SUSPENDED):
        due(dossier_due(task, rules), _("Acceptance dossier due"))
    if (
        task.state in (TaskState.ACCEPTED, TaskState.RECOGNISED, TaskState.LIQUIDATED)
        and task.rating != Rating.FAIL
    ):
        due(registration_due(task, rules), _("Registration of the results due"))
    if task.state == TaskState.REGISTERED and task.registered_on:
        years = int(rules(task.ordered_on).get("application_years", 0))
        reported = {r.year for r in task.application_reports.all()}
        for year in range(task.registered_on.year, task.registered_on.year + years):
            if year not in reported:
                due(dt.date(year, 12, 31), _("Application of results, %(year)s") % {"year": year})
                break
    return out


def overdue(*, user: Any, today: dt.date | None = None, limit: int = 50) -> list[tuple[Task, Entry]]:
    """The overdue steps of the tasks ``user`` manages (the DOST) or acts on (the host)."""
    today = today or timezone.localdate()
    manage = task_policy.visible(user, Task.objects.all(), "manage")
    act = task_policy.visible(user, Task.objects.all(), "act")
    tasks = (
        Task.objects.filter(Q(pk__in=manage) | Q(pk__in=act))
        .filter(
            state__in=(
                TaskState.RECOMMENDED,
                TaskState.IN_PROGRESS,
                TaskState.SUSPENDED,
                TaskState.ACCEPTED,
                TaskState.RECOGNISED,
                TaskState.LIQUIDATED,
            )
        )
        .order_by("code")
    )
    out: list[tuple[Task, Entry]] = []
    late_reports = (
        ProgressReport.objects.filter(
            task__in=tasks, due_on__lt=today, status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED)
        )
        .select_related("task")
        .order_by("due_on")
    )
    for report in late_reports[:limit]:
        out.append(
            (
                report.task,
                Entry(
                    report.due_on,
                    _("Progress report %(period)s") % {"period": report.period},
                    done=False,
                    overdue=True,
                ),
            )
        )
    rules = lifecycle_picker()
    for task in tasks.prefetch_related("documents", "application_reports")[: limit * 4]:
        for entry in upcoming(task, today=today, rules=rules):
            if entry.overdue:
                out.append((task, entry))
    return sorted(out, key=lambda pair: pair[1].day or dt.date.max)[:limit]


# --- Applications and progress ---------------------------------------------------------------------


def application_list(*, user: Any, task: int | None = None, status: str = "") -> QuerySet[Application]:
    qs = application_policy.visible(user, Application.objects.select_related("task", "applicant"))
    if task:
        qs = qs.filter(task_id=task)
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-pk")


def application_get(*, user: Any, pk: int) -> Application:
    return get_object_or_404(application_list(user=user).prefetch_related("files"), pk=pk)


def report_get(*, user: Any, pk: int) -> ProgressReport:
    return get_object_or_404(
        task_part_policy.visible(user, ProgressReport.objects.select_related("task")), pk=pk
    )


def adjustment_get(*, user: Any, pk: int) -> Adjustment:
    return get_object_or_404(
        task_part_policy.visible(user, Adjustment.objects.select_related("task", "requested_by")), pk=pk
    )


def calls_for_applications(*, user: Any) -> QuerySet[Task]:
    """Tasks receiving applications now (the public calls)."""
    today = timezone.localdate()
    return (
        task_policy.visible(user, Task.objects.filter(state=TaskState.CALL_OPEN))
        .filter(Q(apply_until__isnull=True) | Q(apply_until__gte=today))
        .order_by("apply_until", "code")
    )


# --- Home blocks ----------------------------------------------------------------------------------


def home_host(*, user: Any) -> dict[str, Any] | None:
    """The host's account: its tasks with their next step, its applications, the calls open."""
    if not getattr(user, "is_authenticated", False) or task_policy.can(user, "manage"):
        return None  # the DOST has its own block
    rules = lifecycle_picker()
    mine = list(
        task_policy.hosts(user, Task.objects.all())
        .exclude(state=TaskState.CLOSED)
        .prefetch_related(
            "documents",
            "application_reports",
            "reports",
            "files",
            Prefetch("members", queryset=TaskMember.objects.select_related("user")),
            Prefetch("adjustments", queryset=Adjustment.objects.filter(status=AdjustmentStatus.REQUESTED)),
        )
        .order_by("code")[:20]
    )
    today = timezone.localdate()
    todo: list[tuple[Task, str, dt.date | None, str]] = []  # the task, what, by when, where
    for task in mine:
        if task_policy.can(user, "endorse", task):
            todo.extend((task, label, None, url) for label, url in _leader_todo(task))
        if not task_policy.can(user, "act", task):
            continue
        for report in task.reports.all():
            if report.status in (
                ReportStatus.DRAFT,
                ReportStatus.RETURNED,
            ) and report.due_on <= today + dt.timedelta(days=45):
                label = _("Progress report %(period)s") % {"period": report.period}
                todo.append((task, label, report.due_on, reverse("research:report_detail", args=[report.pk])))
        page = reverse("research:task_detail", args=[task.pk])
        for entry in upcoming(task, today=today, rules=rules):
            todo.append((task, entry.label, entry.day, page))
    applications = list(
        application_policy.visible(user, Application.objects.filter(applicant=user), "apply")
        .select_related("task")
        .exclude(status__in=(ApplicationStatus.WITHDRAWN,))
        .order_by("-pk")[:10]
    )
    calls = list(calls_for_applications(user=user)[:5]) if application_policy.can(user, "apply") else []
    if not mine and not applications and not calls:
        return None
    todo.sort(key=lambda row: row[2] or dt.date.max)
    return {"tasks": mine, "todo": todo, "applications": applications, "calls": calls, "today": today}


def _leader_todo(task: Task) -> list[tuple[str, str]]:
    """What the host's leader signs now on ``task``, with where (members, files, adjustments
    prefetched)."""
    page = reverse("research:task_detail", args=[task.pk])
    todo = [
        (_("Endorse the request: %(kind)s") % {"kind": a.get_kind_display()}, f"{page}?tab=progress")
        for a in task.adjustments.all()
        if a.status == AdjustmentStatus.REQUESTED and a.endorsed_on is None
    ]
    if task.state == TaskState.IN_PROGRESS and not dossier_missing(task):
        todo.append((_("Submit the acceptance dossier"), page))
    if task.registration.get("summary") and not task.registration.get("confirmed_on"):
        todo.append((_("Confirm the registration sheet (Form 5)"), page))
    return todo


def home_dost_tasks(*, user: Any) -> dict[str, Any] | None:
    """What waits for the DOST on tasks: applications to check, calls closed, reports and
    adjustments to decide, dossiers submitted, overdue steps — each a count with its link."""
    if not task_policy.can(user, "manage"):
        return None
    today = timezone.localdate()
    counts = Task.objects.aggregate(
        closed_calls=Count("pk", filter=Q(state=TaskState.CALL_OPEN, apply_until__lt=today)),
        dossiers=Count("pk", filter=Q(state=TaskState.IN_ACCEPTANCE)),
        accepted=Count("pk", filter=Q(state=TaskState.ACCEPTED)),
        in_progress=Count("pk", filter=Q(state=TaskState.IN_PROGRESS)),
        to_appraise=Count(
            "pk",
            filter=Q(state=TaskState.IN_APPRAISAL, appraised_on__isnull=True) & ~Q(pk__in=handed_to_team()),
        ),
        to_approve=Count("pk", filter=Q(state=TaskState.IN_APPRAISAL, appraised_on__isnull=False)),
        to_register=Count(
            "pk",
            filter=Q(state=TaskState.LIQUIDATED, registration__has_key="confirmed_on"),
        ),
    )
    to_check = Application.objects.filter(status=ApplicationStatus.SUBMITTED).count()
    reports = ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).count()
    adjustments = Adjustment.objects.filter(
        status=AdjustmentStatus.REQUESTED, endorsed_on__isnull=False
    ).count()
    late = overdue(user=user, today=today, limit=10)
    if not any([*counts.values(), to_check, reports, adjustments, late]):
        return None
    return {
        "counts": counts,
        "to_check": to_check,
        "reports": reports,
        "adjustments": adjustments,
        "overdue": late,
        # The DOST's leader takes the Department's decisions.
        "leader": task_policy.can(user, "decide"),
    }

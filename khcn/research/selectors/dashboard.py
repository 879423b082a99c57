"""The S&T tasks dashboard (the DOST): tasks by state, field, plan priority and year ordered;
the money; whether progress reports and registrations came on time; the application of
results; the yearly counts the DOST reports to the province.

Every figure is an aggregate over the tasks the user may manage, optionally of one year of
ordering and one regime: a fixed number of queries whatever the number of tasks. Each figure
that counts tasks has a name in ``FIGURES``; ``figure_q`` gives the condition behind it, which
the register (``selectors.task_list(figure=…, during=…)``) applies, so that a figure's link
lists the very tasks it counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khcn.core.calendar import deadline
from khcn.core.models import RuleSet
from khcn.research.choices import (
    ACCEPTED_STATES,
    UNDER_WAY,
    DocumentKind,
    PaymentKind,
    Rating,
    ReportStatus,
    TaskState,
)
from khcn.research.models import ApplicationReport, Payment, ProgressReport, Task, TaskDocument
from khcn.research.permissions import task_policy
from khcn.research.rules import LIFECYCLE

T = TaskState


class Year(Func):
    """The year of a date, natively on each database (Django's ``ExtractYear`` calls a Python
    function per row on SQLite): SQLite stores a date as "YYYY-MM-DD"."""

    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer)"
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="CAST(substr(%(expressions)s, 1, 4) AS integer)")


class DaysBetween(Func):
    """Days from the second date to the first (``date - date`` on PostgreSQL, ``julianday`` on
    SQLite): no Python function per row, unlike a date plus a duration on SQLite."""

    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS integer)",
            arg_joiner=") - julianday(",
        )


# Approved and every state after it: the state budget is the approved one from here on.
APPROVED_STATES = (
    T.APPROVED,
    *UNDER_WAY,
    T.ACCEPTED,
    T.FAILED,
    T.RECOGNISED,
    T.LIQUIDATED,
    T.REGISTERED,
    T.CLOSED,
    T.TERMINATED,
)
# The contract signed: the task has been under way at some time.
STARTED_STATES = (*UNDER_WAY, *ACCEPTED_STATES, T.FAILED, T.TERMINATED)
PAID = (PaymentKind.ADVANCE, PaymentKind.TRANCHE)

# Accepted by the council (Excellent or Pass) and after; a task liquidated after a failed
# acceptance or a termination is in a state of ``ACCEPTED_STATES`` too, but not accepted.
ACCEPTED_Q = Q(state__in=ACCEPTED_STATES, accepted_on__isnull=False) & ~Q(rating=Rating.FAIL)
APPROVED_Q = Q(state__in=APPROVED_STATES)
UNDER_WAY_Q = Q(state__in=UNDER_WAY)
LIQUIDATED_STATES = (T.LIQUIDATED, T.REGISTERED, T.CLOSED)

# A progress report submitted (returned ones were submitted once) and whether it came late.
_REPORT_SUBMITTED = ~Q(status=ReportStatus.DRAFT)
# Set when the report is submitted (``workflow.PROGRESS_WORKFLOW``: after its due date).
_REPORT_LATE = Q(is_late=True)


def _report_on_time() -> Q:
    return _REPORT_SUBMITTED & ~_REPORT_LATE


def _report_late() -> Q:
    return _REPORT_SUBMITTED & _REPORT_LATE


def _report_overdue(today: dt.date) -> Q:
    return Q(status=ReportStatus.DRAFT, due_on__lt=today)


def _has_report(condition: Q) -> Q:
    return Q(Exists(ProgressReport.objects.filter(condition, task=OuterRef("pk"))))


def _has_payment(kinds: tuple[str, ...]) -> Q:
    return Q(Exists(Payment.objects.filter(task=OuterRef("pk"), kind__in=kinds)))


def _has_application_report(**filters: Any) -> Q:
    return Q(Exists(ApplicationReport.objects.filter(task=OuterRef("pk"), **filters)))


# --- Registration within the rule --------------------------------------------------------------


@dataclass(frozen=True)
class _RegistrationRule:
    """One version of ``research.lifecycle``: the tasks ordered in [since, until) register their
    results within ``amount`` ``unit`` after the acceptance (``services.registration_due``)."""

    since: dt.date | None  # None: the first version also rules tasks ordered before it
    until: dt.date | None
    amount: int
    unit: str

    @property
    def ordered(self) -> Q:
        q = Q()
        if self.since is not None:
            q &= Q(ordered_on__gte=self.since)
        if self.until is not None:
            q &= Q(ordered_on__lt=self.until)
        return q


def _registration_rules() -> list[_RegistrationRule]:
    versions = list(
        RuleSet.objects.filter(code=LIFECYCLE)
        .order_by("effective_from")
        .values_list("effective_from", "parameters")
    )
    rules = []
    for n, (since, parameters) in enumerate(versions):
        rule = parameters.get("registration") or {}
        until = versions[n + 1][0] if n + 1 < len(versions) else None
        rules.append(
            _RegistrationRule(
                None if n == 0 else since,
                until,
                int(rule.get("amount", 30)),
                rule.get("unit", "calendar_days"),
            )
        )
    return rules


def _registration_q(kind: str, today: dt.date, rules: list[_RegistrationRule] | None = None) -> Q:
    """The accepted tasks whose results were registered on time (``on_time``), late
    (``late``), or are not registered and overdue (``overdue``). A deadline in calendar days
    is computed in SQL (accepted on + N days); one in working days or months (a version that
    says so) by ``core.calendar.deadline`` over that version's accepted tasks."""
    out = Q(pk__in=[])
    for rule in _registration_rules() if rules is None else rules:
        if rule.unit == "calendar_days":
            delay = DaysBetween("registered_on", "accepted_on")
            if kind == "on_time":
                when = Q(LessThanOrEqual(delay, rule.amount), registered_on__isnull=False)
            elif kind == "late":
                when = Q(GreaterThan(delay, rule.amount), registered_on__isnull=False)
            else:
                when = Q(registered_on__isnull=True, accepted_on__lt=today - dt.timedelta(days=rule.amount))
            out |= rule.ordered & when
            continue
        pks = []
        rows = Task.objects.filter(ACCEPTED_Q & rule.ordered).values_list(
            "pk", "accepted_on", "registered_on"
        )
        for pk, accepted_on, registered_on in rows:
            due_on = deadline(accepted_on, rule.amount, rule.unit)  # type: ignore[arg-type]
            if registered_on is None:
                found = "overdue" if due_on < today else ""
            else:
                found = "on_time" if registered_on <= due_on else "late"
            if found == kind:
                pks.append(pk)
        out |= rule.ordered & Q(pk__in=pks)
    return ACCEPTED_Q & out


# --- The yearly counts ---------------------------------------------------------------------------


def _running_in(year: int) -> Q:
    """Under way at some time in ``year``: started by its end (the contract signed), and then
    still under way, or accepted (or, not accepted, ended) in that year or after."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Q(state__in=STARTED_STATES, starts_on__lte=last) & (
        UNDER_WAY_Q | Q(accepted_on__gte=first) | Q(accepted_on__isnull=True, ends_on__gte=first)
    )


def _liquidated_in(year: int) -> Q:
    return Q(
        Exists(
            TaskDocument.objects.filter(
                task=OuterRef("pk"), kind=DocumentKind.LIQUIDATION, signed_on__year=year
            )
        ),
        state__in=LIQUIDATED_STATES,
    )


# --- The figures and what each one counts -----------------------------------------------------


FIGURES: dict[str, Promise] = {
    "approved": _("approved (and after)"),
    "under_way": _("under way"),
    "accepted": _("accepted"),
    "paid": _("advanced or paid"),
    "settled": _("with amounts settled"),
    "recovered": _("with funds recovered"),
    "reports_on_time": _("progress report submitted on time"),
    "reports_late": _("progress report submitted late"),
    "reports_overdue": _("progress report overdue, not submitted"),
    "registered_on_time": _("results registered on time"),
    "registered_late": _("results registered late"),
    "registration_overdue": _("results not registered, overdue"),
    "application_reported": _("accepted, application of results reported"),
    "applied": _("accepted, results applied"),
    "approved_in": _("approved in %(year)s"),
    "running_in": _("under way in %(year)s"),
    "accepted_in": _("accepted in %(year)s"),
    "liquidated_in": _("contract liquidated in %(year)s"),
}
YEARLY = ("approved_in", "running_in", "accepted_in", "liquidated_in")


def figure_label(name: str, during: int | None = None) -> str:
    label = FIGURES.get(name)
    if label is None or (name in YEARLY and during is None):
        return ""
    return str(label) % {"year": during} if name in YEARLY else str(label)


def figure_q(name: str, *, during: int | None = None, today: dt.date | None = None) -> Q | None:
    """The condition on ``Task`` behind the figure ``name`` (a yearly one needs ``during``), or
    None for a name that is not a figure."""
    today = today or timezone.localdate()
    if name in YEARLY:
        if during is None:
            return None
        return {
            "approved_in": lambda y: APPROVED_Q & Q(approved_on__year=y),
            "running_in": _running_in,
            "accepted_in": lambda y: ACCEPTED_Q & Q(accepted_on__year=y),
            "liquidated_in": _liquidated_in,
        }[name](during)
    simple = {
        "approved": lambda: APPROVED_Q,
        "under_way": lambda: UNDER_WAY_Q,
        "accepted": lambda: ACCEPTED_Q,
        "paid": lambda: _has_payment(PAID),
        "settled": lambda: _has_payment((PaymentKind.SETTLED,)),
        "recovered": lambda: _has_payment((PaymentKind.RECOVERED,)),
        "reports_on_time": lambda: _has_report(_report_on_time()),
        "reports_late": lambda: _has_report(_report_late()),
        "reports_overdue": lambda: _has_report(_report_overdue(today)),
        "registered_on_time": lambda: _registration_q("on_time", today),
        "registered_late": lambda: _registration_q("late", today),
        "registration_overdue": lambda: _registration_q("overdue", today),
        "application_reported": lambda: ACCEPTED_Q & _has_application_report(),
        "applied": lambda: ACCEPTED_Q & _has_application_report(applied=True),
    }
    make = simple.get(name)
    return make() if make is not None else None


# --- The dashboard -------------------------------------------------------------------------------


@dataclass
class Rate:
    """``done`` of ``total`` (a share in whole percent; None when there is nothing to count)."""

    done: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None


@dataclass
class Dashboard:
    year: int | None
    regime: str
    today: dt.date
    total: int = 0
    states: list[tuple[str, Any, int]] = field(default_factory=list)  # (state, label, n)
    fields_top: list[tuple[Any, int]] = field(default_factory=list)  # (level-1 term, n)
    fields: list[tuple[Any, int]] = field(default_factory=list)  # (level-2 term, n)
    priorities: list[tuple[Any, int]] = field(default_factory=list)  # (priority term, n)
    years: list[tuple[int, int]] = field(default_factory=list)  # (year ordered, n)
    money: dict[str, int] = field(default_factory=dict)
    reports: dict[str, int] = field(default_factory=dict)
    registration: dict[str, int] = field(default_factory=dict)
    application: dict[str, int] = field(default_factory=dict)
    yearly: list[dict[str, int]] = field(default_factory=list)
    ordered_years: list[int] = field(default_factory=list)

    @property
    def reports_rate(self) -> Rate:
        r = self.reports
        return Rate(r["on_time"], r["on_time"] + r["late"] + r["overdue"])

    @property
    def registration_rate(self) -> Rate:
        r = self.registration
        return Rate(r["on_time"], r["on_time"] + r["late"] + r["overdue"])

    @property
    def applied_rate(self) -> Rate:
        return Rate(self.application["applied"], self.application["accepted"])


def dashboard_tasks(*, user: Any, year: int | None = None, regime: str = "") -> QuerySet[Task]:
    """The tasks the dashboard counts: those the user manages, of a year of ordering and a regime."""
    qs = task_policy.visible(user, Task.objects.all(), "manage")
    if year:
        qs = qs.filter(ordered_on__year=year)
    if regime:
        qs = qs.filter(regime=regime)
    return qs.order_by()


def task_dashboard(
    *, user: Any, year: int | None = None, regime: str = "", today: dt.date | None = None
) -> Dashboard:
    """Every figure of the dashboard, in a fixed number of aggregate queries (ten). The counts
    by field and plan item start from the tasks (an index on the link table by task); the
    counts per year are conditional counts over date ranges, one query for every year."""
    from khcn.classifications.loader import FIELDS_SCHEME
    from khcn.classifications.models import Term

    today = today or timezone.localdate()
    dash = Dashboard(year=year, regime=regime, today=today)
    visible = task_policy.visible(user, Task.objects.all(), "manage").order_by()
    span = visible.aggregate(first=Min("ordered_on"), last=Max("ordered_on"))
    if span["first"] is not None:
        dash.ordered_years = list(range(span["last"].year, span["first"].year - 1, -1))
    base = dashboard_tasks(user=user, year=year, regime=regime)
    ids = base.values("pk")

    labels = dict(TaskState.choices)
    by_state = dict(base.values_list("state").annotate(n=Count("pk")))
    dash.states = [(s, labels[s], by_state[s]) for s in TaskState.values if by_state.get(s)]
    dash.total = sum(by_state.values())

    by_term = dict(
        base.filter(fields__isnull=False).values_list("fields").annotate(n=Count("pk", distinct=True))
    )
    by_root = dict(
        base.filter(fields__isnull=False)
        .annotate(root=Coalesce("fields__parent_id", "fields__id"))
        .values_list("root")  # type: ignore[misc]
        .annotate(n=Count("pk", distinct=True))
    )
    by_item = dict(
        base.filter(plan_items__isnull=False).values_list("plan_items").annotate(n=Count("pk", distinct=True))
    )
    terms = list(
        Term.objects.filter(
            Q(pk__in=set(by_term) | set(by_root), scheme__code=FIELDS_SCHEME)
            | Q(plan_item_id__in=set(by_item))
        )
        .select_related("scheme", "plan_item")
        .order_by("scheme_id", "ordering", "code")
    )
    fields = [t for t in terms if t.scheme.code == FIELDS_SCHEME]
    dash.fields_top = [(t, by_root[t.pk]) for t in fields if t.level == 1 and by_root.get(t.pk)]
    dash.fields = [(t, by_term[t.pk]) for t in fields if t.level > 1 and by_term.get(t.pk)]
    dash.priorities = [(t, by_item[t.plan_item_id]) for t in terms if t.plan_item_id in by_item]

    years = list(range(span["first"].year, today.year + 1)) if span["first"] is not None else []
    rules = _registration_rules()
    once = base.aggregate(
        budget=Sum("budget_state", filter=APPROVED_Q, default=0),
        approved_tasks=Count("pk", filter=APPROVED_Q),
        registered_on_time=Count("pk", filter=_registration_q("on_time", today, rules)),
        registered_late=Count("pk", filter=_registration_q("late", today, rules)),
        registration_overdue=Count("pk", filter=_registration_q("overdue", today, rules)),
        accepted=Count("pk", filter=ACCEPTED_Q),
    )
    # From the reports' side: a correlated subquery per task cost PostgreSQL 30 ms more.
    reported = ApplicationReport.objects.filter(task_id__in=base.filter(ACCEPTED_Q).values("pk")).aggregate(
        reported=Count("task_id", distinct=True),
        applied=Count("task_id", filter=Q(applied=True), distinct=True),
    )
    ordered = dict(base.annotate(y=Year("ordered_on")).values_list("y").annotate(n=Count("pk")))
    dash.years = sorted(ordered.items(), reverse=True)
    payments = Payment.objects.filter(task_id__in=ids).aggregate(
        paid=Sum("amount", filter=Q(kind__in=PAID), default=0),
        paid_tasks=Count("task_id", filter=Q(kind__in=PAID), distinct=True),
        settled=Sum("amount", filter=Q(kind=PaymentKind.SETTLED), default=0),
        settled_tasks=Count("task_id", filter=Q(kind=PaymentKind.SETTLED), distinct=True),
        recovered=Sum("amount", filter=Q(kind=PaymentKind.RECOVERED), default=0),
        recovered_tasks=Count("task_id", filter=Q(kind=PaymentKind.RECOVERED), distinct=True),
    )
    dash.money = {"budget": once["budget"], "approved_tasks": once["approved_tasks"], **payments}

    on_time, late, overdue = _report_on_time(), _report_late(), _report_overdue(today)
    dash.reports = ProgressReport.objects.filter(task_id__in=ids).aggregate(
        on_time=Count("pk", filter=on_time),
        late=Count("pk", filter=late),
        overdue=Count("pk", filter=overdue),
        on_time_tasks=Count("task_id", filter=on_time, distinct=True),
        late_tasks=Count("task_id", filter=late, distinct=True),
        overdue_tasks=Count("task_id", filter=overdue, distinct=True),
    )
    dash.registration = {
        "on_time": once["registered_on_time"],
        "late": once["registered_late"],
        "overdue": once["registration_overdue"],
    }
    dash.application = {"accepted": once["accepted"], **reported}

    dash.yearly = _yearly(base, years, today)
    return dash


def _by_year(qs: QuerySet[Any], date: str, count: str = "pk") -> dict[int, int]:
    return dict(qs.annotate(y=Year(date)).values_list("y").annotate(n=Count(count, distinct=True)))


def _yearly(base: QuerySet[Task], years: list[int], today: dt.date) -> list[dict[str, int]]:
    """Per calendar year: the tasks approved, under way, accepted and liquidated in it (the
    conditions of ``figure_q``), each counted by grouping on years (four queries)."""
    approved = _by_year(base.filter(APPROVED_Q, approved_on__isnull=False), "approved_on")
    accepted = _by_year(base.filter(ACCEPTED_Q), "accepted_on")
    liquidated = _by_year(
        TaskDocument.objects.filter(
            task_id__in=base.filter(state__in=LIQUIDATED_STATES).values("pk"), kind=DocumentKind.LIQUIDATION
        ),
        "signed_on",
        "task_id",
    )
    # Under way from the year it started to the year it was accepted (or, not accepted, ended);
    # to this year while under way (``_running_in``): counted per (first, last) year.
    spans = (
        base.filter(state__in=STARTED_STATES, starts_on__isnull=False)
        .annotate(
            first=Year("starts_on"),
            last=Case(
                When(UNDER_WAY_Q, then=Value(today.year)),
                When(accepted_on__isnull=False, then=Year("accepted_on")),
                When(ends_on__isnull=False, then=Year("ends_on")),
                default=Value(0),
            ),
        )
        .values_list("first", "last")
        .annotate(n=Count("pk"))
    )
    running: dict[int, int] = {}
    for first, last, n in spans:
        for y in years:
            if first <= y <= last:
                running[y] = running.get(y, 0) + n
    rows = [
        {
            "year": y,
            "approved_in": approved.get(y, 0),
            "running_in": running.get(y, 0),
            "accepted_in": accepted.get(y, 0),
            "liquidated_in": liquidated.get(y, 0),
        }
        for y in reversed(years)
    ]
    return [r for r in rows if any(r[k] for k in YEARLY)]

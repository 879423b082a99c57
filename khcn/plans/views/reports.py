"""Agency report pages: list (with Excel export), start, edit and save, submit / return / accept.

Thin: parse input, ask the policy, call the selectors and services. The report form is built
here from the report's lines (one status and four texts per line); it only validates and shapes
the input for ``services.report_save``, which decides everything else. A save that meets a
newer version (someone saved in between) is refused by the service; the page then keeps what
the user typed, shows next to each box what the other person saved, and lets the user save
again knowingly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from khcn.audit.selectors import history_for
from khcn.core.access import guarded_by
from khcn.core.concurrency import STALE_VERSION, VersionField, rebased
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, fold
from khcn.core.uploads import kinds_label
from khcn.core.views_helpers import paginate, querystring_without
from khcn.exports.responses import file_response
from khcn.organizations.models import Organization, OrganizationAlias
from khcn.plans import selectors, services
from khcn.plans.choices import ItemProgress, ReportStatus
from khcn.plans.models import AgencyReport, Plan, ReportAttachment, ReportingPeriod, ReportLine
from khcn.plans.permissions import report_policy
from khcn.plans.workflow import REPORT_WORKFLOW

RETURN_ACTION = REPORT_WORKFLOW.audit_code("return")
MAX_TEXT = 20_000  # characters per box: generous for a report, bounded against abuse
LINE_TEXTS = (
    ("results", gettext_lazy("Results achieved")),
    ("figures", gettext_lazy("Figures")),
    ("difficulties", gettext_lazy("Difficulties and obstacles")),
    ("proposals", gettext_lazy("Proposals")),
)
# --------------------------------------------------------------------------------------------------
# Forms (shape the input only; rules live in the services)
# --------------------------------------------------------------------------------------------------


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": MAX_TEXT})


@dataclass
class LineRow:
    """One line of the form: the line, its status box and its text boxes, each paired with what
    someone else saved meanwhile (None unless a stale save was refused and the values differ)."""

    line: ReportLine
    progress: tuple[forms.BoundField, str | None]
    texts: list[tuple[forms.BoundField, str | None]]


class ReportForm(forms.Form):
    version = VersionField()
    summary = forms.CharField(
        label=gettext_lazy("General situation"),
        required=False,
        max_length=MAX_TEXT,
        widget=_textarea(5),
        help_text=gettext_lazy("The agency's overall situation in the period: what was done, in general."),
    )

    def __init__(self, *args: Any, report: AgencyReport, **kwargs: Any) -> None:
        self.lines: list[ReportLine] = list(report.lines.all())
        kwargs.setdefault(
            "initial",
            {
                "version": report.version,
                "summary": report.summary,
                **{
                    self.key(line, name): getattr(line, name)
                    for line in self.lines
                    for name in ("progress", *(n for n, _label in LINE_TEXTS))
                },
            },
        )
        super().__init__(*args, **kwargs)
        for line in self.lines:
            self.fields[self.key(line, "progress")] = forms.ChoiceField(
                label=gettext_lazy("Status"), choices=ItemProgress.choices
            )
            for name, label in LINE_TEXTS:
                self.fields[self.key(line, name)] = forms.CharField(
                    label=label, required=False, max_length=MAX_TEXT, widget=_textarea(3)
                )

    @staticmethod
    def key(line: ReportLine, name: str) -> str:
        return f"line-{line.pk}-{name}"

    def rows(self, theirs: dict[str, str] | None = None) -> list[LineRow]:
        theirs = theirs or {}
        rows = []
        for line in self.lines:
            progress = self.key(line, "progress")
            texts = [self.key(line, n) for n, _label in LINE_TEXTS]
            rows.append(
                LineRow(
                    line=line,
                    progress=(self[progress], theirs.get(progress)),
                    texts=[(self[n], theirs.get(n)) for n in texts],
                )
            )
        return rows

    def line_values(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {
            line.pk: {
                "progress": data[self.key(line, "progress")],
                **{name: data[self.key(line, name)] for name, _label in LINE_TEXTS},
            }
            for line in self.lines
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg"}),
    )
    description = forms.CharField(label=gettext_lazy("Description"), required=False, max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Accepted: %(kinds)s. At most %(mb)s MB.") % {
            "kinds": kinds_label(),
            "mb": services.MAX_ATTACHMENT_BYTES // (1024 * 1024),
        }


class ReturnForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("What should the agency revise?"), max_length=MAX_TEXT)


class ReportFilterForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=gettext_lazy("Plan"), queryset=Plan.objects.none(), required=False, empty_label="—"
    )
    period = forms.ModelChoiceField(
        label=gettext_lazy("Period"), queryset=ReportingPeriod.objects.none(), required=False, empty_label="—"
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=[("", "—"), *ReportStatus.choices], required=False
    )
    agency = forms.CharField(label=gettext_lazy("Agency"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan_field: Any = self.fields["plan"]
        period_field: Any = self.fields["period"]
        plan_field.queryset = Plan.objects.order_by("-issued_on", "-created_at")
        plan_field.label_from_instance = lambda p: p.number or p.title[:60]
        periods = ReportingPeriod.objects.select_related("plan").order_by("-end", "plan_id", "name")
        plan_id = self.data.get("plan") if self.is_bound else None
        if plan_id and str(plan_id).isdigit():
            periods = periods.filter(plan_id=int(plan_id))
        period_field.queryset = periods
        period_field.label_from_instance = lambda p: f"{p.name} · {p.plan.number or p.plan.title[:40]}"


# --------------------------------------------------------------------------------------------------
# List
# --------------------------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[ReportFilterForm, Any]:
    form = ReportFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    agency = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"plan": data["plan"], "period": data["period"], "status": data["status"]}
        agency = data["agency"]
    qs = selectors.report_list(user=request.user, **filters)
    folded = fold(clean(agency))
    if folded:
        names = OrganizationAlias.objects.filter(name_folded__contains=folded).values("organization_id")
        qs = qs.filter(organization_id__in=names)
    return form, qs


@guarded_by(report_policy)
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    if request.GET.get("format") == "xlsx":
        return _reports_xlsx(qs)
    export_query = querystring_without(request, "page", "format")
    context = {
        "form": form,
        "page": paginate(request, qs),
        "query": querystring_without(request, "page"),
        "export_query": f"{export_query}&format=xlsx" if export_query else "format=xlsx",
        "is_dost": report_policy.is_dost(request.user),
    }
    return render(request, "plans/report_list.html", context)


def _reports_xlsx(qs: Any) -> HttpResponse:
    from khcn.exports.responses import dated_filename, xlsx_response
    from khcn.exports.xlsx import table_to_xlsx

    headers = [
        _("No."),
        _("Agency"),
        _("Plan"),
        _("Period"),
        _("Data from"),
        _("Data to"),
        _("Due on"),
        _("Status"),
        _("Late"),
        _("Submitted at"),
        _("Accepted at"),
    ]
    rows = (
        [
            n,
            report.organization.name,
            report.period.plan.number or report.period.plan.title,
            report.period.name,
            report.period.start,
            report.period.end,
            report.period.due_on,
            report.get_status_display(),
            _("Yes") if report.is_late else "",
            report.submitted_at,
            report.accepted_at,
        ]
        for n, report in enumerate(qs.iterator(chunk_size=500), start=1)
    )
    data = table_to_xlsx(
        title=_("Agency reports"), headers=headers, rows=rows, sheet_name=_("Agency reports")
    )
    return xlsx_response(data, dated_filename(pgettext("file name", "agency-reports"), "xlsx"))


# --------------------------------------------------------------------------------------------------
# Start, detail and save
# --------------------------------------------------------------------------------------------------


@guarded_by(report_policy)
@login_required
@require_POST
def report_start(request: HttpRequest, period_pk: int, org_pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    organization = get_object_or_404(Organization, pk=org_pk)
    try:
        report = services.report_start(actor=request.user, period=period, organization=organization)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("site:home")
    return redirect(report)


def _transitions(user: Any, report: AgencyReport) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "label": t.label,
            "note_required": t.note_required,
            "confirm": t.confirm,
        }
        for t in REPORT_WORKFLOW.available(user, report)
    ]


def _conflicts(form: ReportForm, current: AgencyReport) -> dict[str, str]:
    """What the other person saved, for each box where it differs from the user's input."""
    theirs: dict[str, str] = {}
    data = form.cleaned_data
    if clean(data.get("summary", "")) != clean(current.summary):
        theirs["summary"] = current.summary
    for line in current.lines.all():
        for name in ("progress", *(n for n, _label in LINE_TEXTS)):
            key = ReportForm.key(line, name)
            if key in data and clean(str(data[key])) != clean(getattr(line, name)):
                theirs[key] = line.get_progress_display() if name == "progress" else getattr(line, name)
    return theirs


LOCKED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@guarded_by(report_policy)
@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    user = request.user
    if request.method != "POST":
        form = ReportForm(report=report) if report_policy.can(user, "edit", report) else None
        tab = "history" if request.GET.get("tab") == "history" else "report"
        return _render(request, report, form=form, tab=tab)
    form = ReportForm(request.POST, report=report)
    if not report_policy.can(user, "edit", report):
        return _refused(request, report, form)
    if not form.is_valid():
        return _render(request, report, form=form)
    try:
        services.report_save(
            actor=user,
            report=report,
            version=form.cleaned_data["version"],
            summary=form.cleaned_data["summary"],
            lines=form.line_values(),
        )
    except PermissionDenied:  # submitted or accepted since the page was loaded
        current = selectors.report_get(user=user, pk=pk)
        return _refused(request, current, ReportForm(request.POST, report=current))
    except DomainError as exc:
        if exc.code != STALE_VERSION:
            form.add_error(None, exc.message)
            return _render(request, report, form=form)
        # Someone saved in between. Keep the user's input, show what was saved meanwhile next
        # to each box; the form now carries the current version, so saving again keeps the
        # user's text, knowingly.
        current = selectors.report_get(user=user, pk=pk)
        if not report_policy.can(user, "edit", current):
            return _refused(request, current, ReportForm(request.POST, report=current))
        theirs = _conflicts(form, current)
        form = ReportForm(rebased(request.POST, current.version), report=current)
        form.is_valid()
        form.add_error(None, exc.message)
        return _render(request, current, form=form, theirs=theirs)
    messages.success(request, _("The report was saved."))
    return redirect(report)


def _refused(request: HttpRequest, report: AgencyReport, form: ReportForm) -> HttpResponse:
    """A save refused by the policy (403). When the report was submitted or accepted while the
    user was typing, the page shows the typed text read-only so that nothing is lost."""
    if report.status not in LOCKED or not form.is_bound:
        raise PermissionDenied("edit")
    form.is_valid()
    for name, form_field in form.fields.items():
        form_field.widget.attrs["disabled" if name.endswith("-progress") else "readonly"] = True
    return _render(request, report, form=form, locked_input=True, status=403)


def _render(
    request: HttpRequest,
    report: AgencyReport,
    *,
    form: ReportForm | None,
    tab: str = "report",
    theirs: dict[str, str] | None = None,
    locked_input: bool = False,
    status: int = 200,
    attachment_form: AttachmentForm | None = None,
) -> HttpResponse:
    theirs = theirs or {}
    history = history_for(report)
    last_return = next((row for row in history if row.event.action == RETURN_ACTION), None)
    today = timezone.localdate()
    context = {
        "report": report,
        "period": report.period,
        "plan": report.period.plan,
        "tab": tab,
        "form": form,
        "rows": form.rows(theirs) if form is not None else None,
        "summary_theirs": theirs.get("summary"),
        "conflict": bool(theirs),
        "locked_input": locked_input,
        "lines": report.lines.all(),
        "history": history,
        "last_return": last_return.event if last_return else None,
        "overdue": report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
        and today > report.period.due_on,
        "transitions": _transitions(request.user, report),
        "return_form": ReturnForm(),
        "attachments": report.attachments.select_related("uploaded_by"),
        "can_attach": report_policy.can(request.user, "edit", report),
        "attachment_form": attachment_form or AttachmentForm(),
    }
    return render(request, "plans/report_detail.html", context, status=status)


# --------------------------------------------------------------------------------------------------
# Attachments
# --------------------------------------------------------------------------------------------------


@guarded_by(report_policy)
@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    report_policy.require(request.user, "edit", report)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                actor=request.user,
                report=report,
                file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("“%(name)s” was attached.") % {"name": attachment.name})
            return redirect(f"{report.get_absolute_url()}#attachments")
    form_obj = ReportForm(report=report)
    return _render(request, report, form=form_obj, attachment_form=form)


def _attachment(request: HttpRequest, pk: int, attachment_pk: int) -> tuple[AgencyReport, ReportAttachment]:
    report = selectors.report_get(user=request.user, pk=pk)  # 404 unless the user may see it
    attachment = get_object_or_404(ReportAttachment, pk=attachment_pk, report=report)
    return report, attachment


@guarded_by(report_policy)
@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    report, attachment = _attachment(request, pk, attachment_pk)
    report_policy.require(request.user, "view", report)
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    return file_response(data, attachment.name, attachment.mime)


@guarded_by(report_policy)
@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    report, attachment = _attachment(request, pk, attachment_pk)
    name = attachment.name
    services.attachment_remove(actor=request.user, attachment=attachment)  # PermissionDenied → 403
    messages.success(request, _("“%(name)s” was removed.") % {"name": name})
    return redirect(f"{report.get_absolute_url()}#attachments")


# --------------------------------------------------------------------------------------------------
# Workflow
# --------------------------------------------------------------------------------------------------


@guarded_by(report_policy)
@login_required
@require_POST
def report_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    try:
        transition = REPORT_WORKFLOW.get(name)
    except DomainError as exc:
        raise Http404 from exc
    try:
        updated = services.report_transition(
            actor=request.user, report=report, name=name, note=request.POST.get("note", "")
        )  # PermissionDenied → 403
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(transition.success))
        warning = transition.warning(updated) if transition.warning else None
        if warning:
            messages.warning(request, warning)
    return redirect(report)

"""Plans in the site-wide search box: plans (title, number, issuer, the documents they
implement), their items, the agencies' assignments on them, the agencies' reports and the
difficulties they raise. Each type is found only by those its policy lets see it: plans, items
and assignments are public administrative documents (``plan_policy``: every signed-in user);
a report or a difficulty is its agency's and the DOST's (``report_policy``, which keeps a draft
with its agency; ``difficulty_policy``).

Items removed from a plan (kept, marked, because a sent report spoke of them) and their
assignments are left out. A plan's number and the numbers of the documents it implements are in
its entry, so "2881" or "50-KL/TW" finds the plan and the plans that implement that document; a
sub-plan's entry names the plan it implements. Items and assignments do not repeat their plan's
title or number (every item would match the plan's words); reports name their plan, since "Sở Y
tế — Năm 2025" alone does not say which plan it reports on. The index follows the writes of the plans services
(``khcn.plans.services.indexing``).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.plans.models import AgencyReport, Assignment, Difficulty, Plan, PlanItem, heavy
from khcn.plans.paths import display_path
from khcn.plans.permissions import difficulty_policy, plan_policy, report_policy
from khcn.search.registry import register

HEADING_CHARS = 160


def _join(*parts: str) -> str:
    return " · ".join(part for part in (p.strip() for p in parts) if part)


def _short(text: str, limit: int = HEADING_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plan_reference(plan: Plan) -> str:
    """The plan as documents cite it, "Kế hoạch 2881/KH-UBND"; its title when it has no number."""
    if plan.number:
        return f"{plan.doc_type} {plan.number}".strip()
    return _short(plan.title, 120)


# --- Plans ----------------------------------------------------------------------------------


def _plan_title(plan: Plan) -> str:
    return f"{plan.doc_type} {plan.number}: {plan.title}" if plan.number else plan.title


def _plan_body(plan: Plan) -> str:
    issuer = plan.issuer.name if plan.issuer_id and plan.issuer else ""
    implements = [str(number) for number in plan.implements or [] if isinstance(number, str | int)]
    return _join(
        issuer,
        plan.issuer_name if plan.issuer_name and plan.issuer_name != issuer else "",
        plan.issued_on.strftime("%d/%m/%Y") if plan.issued_on else "",
        ", ".join(implements),
        plan_reference(plan.parent) if plan.parent_id and plan.parent else "",
    )


register(
    Plan,
    title=_plan_title,
    body=_plan_body,
    url=lambda plan: plan.get_absolute_url(),
    policy=plan_policy,
    queryset=lambda: Plan.objects.light().select_related("issuer", "parent").defer(*heavy("parent")),
    label=_("Plan"),
    label_plural=_("Plans"),
    shown=lambda: Plan.objects.light(),
)


# --- Items and assignments ------------------------------------------------------------------


def _item_url(plan_id: int, item_id: int) -> str:
    """The plan's page on the part that holds the item, scrolled to it."""
    return reverse("plans:plan_detail", args=[plan_id]) + f"?item={item_id}#item-{item_id}"


def _item_title(item: PlanItem) -> str:
    return f"{display_path(item.path)}. {_short(item.heading or item.text)}"


def _item_body(item: PlanItem) -> str:
    # The heading, when the title had to cut it; then the item's text.
    return _join(item.heading if len(item.heading) > HEADING_CHARS else "", item.text)


register(
    PlanItem,
    title=_item_title,
    body=_item_body,
    url=lambda item: _item_url(item.plan_id, item.pk),
    policy=plan_policy,
    queryset=lambda: PlanItem.objects.filter(removed_on__isnull=True),
    label=_("Plan item"),
    label_plural=_("Plan items"),
)


def _agency(assignment: Assignment) -> str:
    org = assignment.organization
    return org.name if assignment.organization_id and org else assignment.agency_name


def _assignment_title(assignment: Assignment) -> str:
    item = assignment.item
    return (
        f"{_agency(assignment)} ({str(assignment.get_role_display()).lower()}): "
        f"{display_path(item.path)}. {_short(item.heading or item.text, 120)}"
    )


def _assignment_body(assignment: Assignment) -> str:
    return _join(
        assignment.agency_name if assignment.agency_name != _agency(assignment) else "",
        assignment.lead_name,
        assignment.deadline_text,
        assignment.reporting,
        assignment.note,
    )


register(
    Assignment,
    title=_assignment_title,
    body=_assignment_body,
    url=lambda assignment: _item_url(assignment.item.plan_id, assignment.item_id),
    policy=plan_policy,
    queryset=lambda: Assignment.objects.filter(item__removed_on__isnull=True).select_related(
        "organization", "item"
    ),
    label=_("Assignment"),
    label_plural=_("Assignments"),
)


# --- Reports and difficulties ---------------------------------------------------------------


def _report_body(report: AgencyReport) -> str:
    lines = [getattr(line, name) for line in report.lines.all() for name in line.TEXT_FIELDS]
    return _join(plan_reference(report.period.plan), report.summary, *lines)


register(
    AgencyReport,
    title=lambda report: f"{report.organization.name} — {report.period.name}",
    body=_report_body,
    url=lambda report: report.get_absolute_url(),
    policy=report_policy,
    queryset=lambda: (
        AgencyReport.objects.select_related("organization", "period__plan")
        .defer(*heavy("period__plan"))
        .prefetch_related("lines")
    ),
    label=_("Agency report"),
    label_plural=_("Agency reports"),
)


def _difficulty_title(difficulty: Difficulty) -> str:
    return f"{difficulty.organization.name}: {_short(difficulty.text, 120)}"


register(
    Difficulty,
    title=_difficulty_title,
    body=lambda d: _join(d.text, d.proposal, d.response),
    url=lambda d: d.get_absolute_url(),
    policy=difficulty_policy,
    queryset=lambda: Difficulty.objects.select_related("organization"),
    label=_("Difficulty"),
    label_plural=_("Difficulties"),
)

"""Who may see and do what with plans and agency reports."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from khcn.accounts.choices import Role
from khcn.accounts.permissions import RolePolicy
from khcn.accounts.roles import organization_ids_of
from khcn.plans.choices import ReportStatus
from khcn.plans.models import Assignment, ConsolidatedReport, Plan, PlanImport


class PlanPolicy(RolePolicy):
    """Every signed-in user reads plans (they are public administrative documents); the
    DOST imports them, maps agency names, manages periods and consolidates. An agency's leaders
    and reporters may open the import screen, but only to register their own implementation
    plan under an existing one: ``import_top_level`` (a plan with no parent) is the DOST's."""

    actions = ("view", "import", "import_top_level", "change", "manage_periods", "consolidate", "export")

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        if action in ("view", "export"):
            return True
        if self.is_dost(user) or self.is_sysadmin(user):
            return True
        if action == "import":
            return bool(organization_ids_of(user, Role.AGENCY_LEADER, Role.AGENCY_REPORTER))
        if action == "change" and isinstance(obj, Plan) and obj.owner_id is not None:
            # An agency corrects the implementation plan it registered.
            return obj.owner_id in organization_ids_of(user, Role.AGENCY_LEADER, Role.AGENCY_REPORTER)
        return False

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action != "change" or not self.can(user, "view"):
            return super().visible(user, qs, action)
        if self.is_dost(user) or self.is_sysadmin(user):
            return qs
        return qs.filter(owner_id__in=organization_ids_of(user, Role.AGENCY_LEADER, Role.AGENCY_REPORTER))


class ReportPolicy(RolePolicy):
    """Agency reports. An agency's reporters and leaders start its reports, see and edit its
    drafts; only its leader submits; DOST staff see the reports agencies have submitted (a draft
    stays with its agency) and return or accept them; accepted reports are locked for
    everyone. ``start`` without a report: may the user start reports for some agency?"""

    actions = ("view", "start", "edit", "submit", "review")
    EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @staticmethod
    def _own(user: Any) -> set[int]:
        return organization_ids_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER)

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        status = getattr(obj, "status", None)
        org_id = getattr(obj, "organization_id", None)
        own = obj is not None and org_id in self._own(user)
        if action == "view":
            return own or ((self.is_dost(user) or self.is_sysadmin(user)) and status != ReportStatus.DRAFT)
        if action == "start":
            return own if obj is not None else bool(self._own(user))
        if action == "edit":
            return own and status in self.EDITABLE
        if action == "submit":
            return obj is not None and org_id in organization_ids_of(user, Role.AGENCY_LEADER)
        if action == "review":
            return self.is_dost(user)
        return False

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return qs.none()
        own = Q(organization_id__in=self._own(user))
        if action == "view":
            if self.is_dost(user) or self.is_sysadmin(user):
                return qs.filter(own | ~Q(status=ReportStatus.DRAFT))
            return qs.filter(own)
        if action == "start":
            return qs.filter(own)
        if action == "edit":
            return qs.filter(own, status__in=self.EDITABLE)
        if action == "submit":
            return qs.filter(organization_id__in=organization_ids_of(user, Role.AGENCY_LEADER))
        return qs if self.is_dost(user) else qs.none()


plan_policy = PlanPolicy()
report_policy = ReportPolicy()


class PlanImportPolicy(RolePolicy):
    """An import under way (``PlanImport``) is its owner's alone: nobody else sees, reviews,
    confirms or cancels it — not even the DOST — and the owner only while they may still import
    (``PlanPolicy`` ``import``). ``view`` without an import: may the user start one?"""

    actions = ("view",)

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        if not plan_policy.can(user, "import"):
            return False
        return obj is None or (isinstance(obj, PlanImport) and obj.owner_id == user.pk)

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return qs.none()
        if not plan_policy.can(user, "import"):
            return qs.none()
        return qs.filter(owner_id=user.pk)


plan_import_policy = PlanImportPolicy()


class DifficultyPolicy(RolePolicy):
    """Difficulties raised outside a period: an agency's reporters and leaders raise them for
    their agency and see their own; the DOST sees all and answers them."""

    actions = ("view", "raise", "respond")

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        own = organization_ids_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER)
        org_id = getattr(obj, "organization_id", None)
        if action == "view":
            return (obj is not None and org_id in own) or self.is_dost(user) or self.is_sysadmin(user)
        if action == "raise":
            return bool(own) if obj is None else org_id in own
        if action == "respond":
            return self.is_dost(user)
        return False

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return qs.none()
        own = Q(organization_id__in=organization_ids_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER))
        if action == "view":
            return qs if self.is_dost(user) or self.is_sysadmin(user) else qs.filter(own)
        if action == "raise":
            return qs.filter(own)
        return qs if self.is_dost(user) else qs.none()


difficulty_policy = DifficultyPolicy()


class ConsolidatedReportPolicy(RolePolicy):
    """The DOST's consolidated reports to the People's Committee (báo cáo tổng hợp). The DOST
    and the system administrator see every one generated (and, through ``PlanPolicy``
    ``consolidate``, the draft). An agency's reporters and leaders see one once it is issued,
    that is, once it carries its number and date, and only for a plan their agency takes part
    in (has an assignment in). Nobody else: not applicants, council members, or agencies
    outside the plan. ``view`` without a report: may the user see some consolidated report?"""

    actions = ("view",)

    @staticmethod
    def _own(user: Any) -> set[int]:
        return organization_ids_of(user, Role.AGENCY_REPORTER, Role.AGENCY_LEADER)

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        if self.is_dost(user) or self.is_sysadmin(user):
            return True
        own = self._own(user)
        if obj is None:
            return bool(own)
        return (
            bool(getattr(obj, "is_issued", False))
            and bool(own)
            and Assignment.objects.filter(
                item__plan_id=obj.period.plan_id,  # type: ignore[attr-defined]
                organization_id__in=own,
            ).exists()
        )

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return qs.none()
        if self.is_dost(user) or self.is_sysadmin(user):
            return qs
        own = self._own(user)
        if not own:
            return qs.none()
        takes_part = Assignment.objects.filter(
            item__plan_id=OuterRef("period__plan_id"), organization_id__in=own
        )
        return qs.filter(ConsolidatedReport.ISSUED, Exists(takes_part))


consolidated_report_policy = ConsolidatedReportPolicy()

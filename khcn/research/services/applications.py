"""Applications to host a task (T5–T7): written and corrected by the applicant, each part of
the dossier uploaded and checked by its content, submitted only within the call's window and
complete (the required parts, a cost estimate whose lines add up), checked for validity by the
DOST (a checklist per part), handed to the selection or direct-assignment council
(``research.application``, registered with ``khcn.councils.registry``), whose scores come back.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry as audit
from khcn.audit.services import diff, record, snapshot
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, thousands
from khcn.core.uploads import DOCUMENT_KINDS, stored_upload
from khcn.research.choices import ApplicationStatus, CostCategory, DossierPart, Method, TaskState, TaskType
from khcn.research.models import Application, ApplicationFile, Task
from khcn.research.permissions import application_policy, task_policy
from khcn.research.workflow import task_workflow

APPLICATION_CREATED = audit.register("research.application.created", gettext_lazy("Application written"))
APPLICATION_EDITED = audit.register("research.application.edited", gettext_lazy("Application corrected"))
APPLICATION_FILE = audit.register("research.application.file", gettext_lazy("Dossier file added"))
APPLICATION_SUBMITTED = audit.register(
    "research.application.submitted", gettext_lazy("Application submitted")
)
APPLICATION_WITHDRAWN = audit.register(
    "research.application.withdrawn", gettext_lazy("Application withdrawn")
)
APPLICATION_CHECKED = audit.register(
    "research.application.checked", gettext_lazy("Validity of the dossier checked")
)
APPLICATION_SCORED = audit.register("research.application.scored", gettext_lazy("Council's evaluation"))

audit.describe(Application, values={"status": dict(ApplicationStatus.choices)})
# Changes recorded under one key per kind, labelled in the reader's language.
for _part, _label in DossierPart.choices:
    audit.register_field(f"file_{_part}", _label)

SUBJECT_APPLICATION = "research.application"
EDITABLE = (ApplicationStatus.DRAFT,)
APPLICATION_FIELDS = (
    "host_name",
    "investigator",
    "objectives",
    "contents",
    "timeline",
    "duration_months",
    "budget_total",
    "budget_other",
)
MAX_FILE_BYTES = 20 * 1024 * 1024
BASE_PARTS = (
    DossierPart.FORM,
    DossierPart.LEGAL,
    DossierPart.DESCRIPTION,
    DossierPart.CAPACITY,
    DossierPart.CVS,
)


def required_parts(task: Task) -> tuple[str, ...]:
    """The parts a dossier must have: a pilot production project or an S&T project also
    commits counterpart funds (domain §1.5.3)."""
    if task.type in (TaskType.PILOT, TaskType.PROJECT):
        return (*BASE_PARTS, DossierPart.COUNTERPART)
    return BASE_PARTS


def _lines(lines: Any) -> list[dict[str, Any]]:
    out = []
    for line in lines or []:
        category = line.get("category")
        if category not in CostCategory.values:
            raise DomainError(_("Choose the cost category of every line of the estimate."), code="bad_line")
        try:
            amount = int(line.get("amount") or 0)
            lump = int(line.get("lump_sum") or 0)
        except (TypeError, ValueError):
            raise DomainError(_("Enter the amounts of the estimate in VND."), code="bad_line") from None
        if amount < 0 or not (0 <= lump <= amount):
            raise DomainError(
                _("Each line's lump-sum part is between 0 and its amount, in VND."), code="bad_line"
            )
        if amount:
            out.append({"category": category, "amount": amount, "lump_sum": lump})
    return out


def _products(products: Any) -> list[dict[str, str]]:
    out = []
    for product in products or []:
        name = clean(product.get("name", ""))
        if name:
            out.append(
                {
                    "name": name,
                    "spec": (product.get("spec") or "").strip(),
                    "quantity": clean(product.get("quantity", "")),
                }
            )
    return out


def _team(team: Any) -> list[dict[str, str]]:
    return [
        {
            "name": clean(m.get("name", "")),
            "role": clean(m.get("role", "")),
            "organization": clean(m.get("organization", "")),
        }
        for m in team or []
        if clean(m.get("name", ""))
    ]


def _values(values: dict[str, Any]) -> dict[str, Any]:
    out = {key: values.get(key) for key in APPLICATION_FIELDS if key in values}
    for key in ("host_name", "investigator"):
        if key in out:
            out[key] = clean(out[key] or "")
    for key in ("objectives", "contents", "timeline"):
        if key in out:
            out[key] = (out[key] or "").strip()
    for key in ("budget_total", "budget_other"):
        amount = out.get(key)
        if amount is not None and int(amount) < 0:
            raise DomainError(_("Enter the budget in VND, from 0."), code="bad_budget")
    if "budget_lines" in values:
        out["budget_lines"] = _lines(values["budget_lines"])
    if "products" in values:
        out["products"] = _products(values["products"])
    if "team" in values:
        out["team"] = _team(values["team"])
    return out


def _open_for(task: Task) -> str | None:
    if task.state != TaskState.CALL_OPEN:
        return _("This task is not receiving applications.")
    today = timezone.localdate()
    if (task.apply_from and today < task.apply_from) or (task.apply_until and today > task.apply_until):
        return _("Applications are received from %(start)s to %(end)s.") % {
            "start": task.apply_from.strftime("%d/%m/%Y") if task.apply_from else "…",
            "end": task.apply_until.strftime("%d/%m/%Y") if task.apply_until else "…",
        }
    return None


@transaction.atomic
def application_create(*, actor: User, task: Task, **values: Any) -> Application:
    """A draft application to host ``task``, while the task receives applications."""
    application_policy.require(actor, "apply")
    locked = Task.objects.select_for_update().get(pk=task.pk)
    problem = _open_for(locked)
    if problem:
        raise DomainError(problem, code="call_closed")
    data = _values(values)
    if not data.get("host_name") or not data.get("investigator"):
        raise DomainError(_("Name the host organisation and the principal investigator."), code="no_host")
    application = Application.objects.create(task=locked, applicant=actor, **data)
    record(
        actor=actor,
        action=APPLICATION_CREATED,
        target=application,
        changes={"host_name": [None, application.host_name]},
    )
    return application


def application_editable(application: Application) -> bool:
    """A draft, or the selected application while its host revises the description (T8)."""
    return application.status in EDITABLE or (
        application.status == ApplicationStatus.SELECTED and application.task.state == TaskState.RECOMMENDED
    )


@transaction.atomic
def application_edit(
    *, actor: User, application: Application, version: int | None = None, **values: Any
) -> Application:
    locked = Application.objects.select_for_update().select_related("task").get(pk=application.pk)
    application_policy.require(actor, "apply", locked)
    if not application_editable(locked):
        raise DomainError(_("A submitted application can no longer be changed."), code="not_editable")
    check_version(locked, version, _("The application was changed meanwhile; check it and save again."))
    keys = (*APPLICATION_FIELDS, "budget_lines", "products", "team")
    before = snapshot(locked, keys)
    for key, value in _values(values).items():
        setattr(locked, key, value)
    if not locked.host_name or not locked.investigator:
        raise DomainError(_("Name the host organisation and the principal investigator."), code="no_host")
    locked.version += 1
    locked.save()
    changes = diff(before, snapshot(locked, keys))
    if changes:
        record(actor=actor, action=APPLICATION_EDITED, target=locked, changes=changes)
    return locked


def application_file_add(*, actor: User, application: Application, part: str, file: Any) -> ApplicationFile:
    """Attach one part of the dossier (PDF, Word, Excel, a zip), checked by its content."""
    if part not in DossierPart.values:
        raise DomainError(_("Choose which part of the dossier the file is."), code="bad_part")
    with stored_upload(
        file,
        directory=f"research/applications/{application.pk}",
        kinds=DOCUMENT_KINDS,
        max_bytes=MAX_FILE_BYTES,
    ) as (path, upload):
        assert upload is not None
        with transaction.atomic():
            locked = Application.objects.select_for_update().select_related("task").get(pk=application.pk)
            application_policy.require(actor, "apply", locked)
            if not application_editable(locked):
                raise DomainError(_("A submitted application can no longer be changed."), code="not_editable")
            stored = ApplicationFile.objects.create(
                application=locked, part=part, file=path, name=upload.name, size=upload.size
            )
            record(
                actor=actor,
                action=APPLICATION_FILE,
                target=locked,
                changes={f"file_{part}": [None, upload.name]},
            )
            return stored


def missing(application: Application) -> list[str]:
    """What the application lacks before it can be submitted, named for the applicant."""
    out = []
    present = set(application.files.values_list("part", flat=True))
    out += [str(DossierPart(part).label) for part in required_parts(application.task) if part not in present]
    if not application.objectives:
        out.append(str(gettext_lazy("objectives")))
    if not application.contents:
        out.append(str(gettext_lazy("contents and methods")))
    if not application.products:
        out.append(str(gettext_lazy("products and their specifications")))
    if not application.budget_lines:
        out.append(str(gettext_lazy("cost estimate")))
    if not application.duration_months:
        out.append(str(gettext_lazy("duration (months)")))
    return out


def budget_problem(application: Application) -> str | None:
    """The cost estimate's lines add up to the state budget requested."""
    total = sum(int(line["amount"]) for line in application.budget_lines)
    if application.budget_lines and total != (application.budget_total or 0):
        return _(
            "The lines of the cost estimate add up to %(lines)s VND, not to the state budget requested "
            "(%(total)s VND)."
        ) % {
            "lines": thousands(total),
            "total": thousands(application.budget_total or 0),
        }
    return None


@transaction.atomic
def application_submit(*, actor: User, application: Application) -> Application:
    """Submit the application: within the call's window, complete, the estimate adding up."""
    locked = Application.objects.select_for_update().select_related("task").get(pk=application.pk)
    application_policy.require(actor, "apply", locked)
    if locked.status != ApplicationStatus.DRAFT:
        raise DomainError(_("The application is already submitted."), code="already_submitted")
    problem = _open_for(locked.task)
    if problem:
        raise DomainError(problem, code="call_closed")
    lacking = missing(locked)
    if lacking:
        raise DomainError(
            _("Complete the application before submitting it: %(list)s.") % {"list": ", ".join(lacking)},
            code="incomplete",
        )
    problem = budget_problem(locked)
    if problem:
        raise DomainError(problem, code="budget_mismatch")
    locked.status, locked.submitted_at = ApplicationStatus.SUBMITTED, timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    record(
        actor=actor,
        action=APPLICATION_SUBMITTED,
        target=locked,
        changes={"status": [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED]},
    )
    return locked


@transaction.atomic
def application_withdraw(*, actor: User, application: Application) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    application_policy.require(actor, "apply", locked)
    if locked.status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.VALID):
        raise DomainError(
            _("The application is before the council: it can no longer be withdrawn."), code="too_late"
        )
    before = locked.status
    locked.status = ApplicationStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    record(
        actor=actor, action=APPLICATION_WITHDRAWN, target=locked, changes={"status": [before, locked.status]}
    )
    return locked


@transaction.atomic
def application_check(
    *, actor: User, application: Application, parts_ok: dict[str, bool], note: str = ""
) -> Application:
    """The DOST's validity check when the applications are opened (T6): each required part
    present and proper. A dossier with a part not proper is invalid, with the reason."""
    locked = Application.objects.select_for_update().select_related("task").get(pk=application.pk)
    application_policy.require(actor, "review", locked)
    if locked.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.VALID, ApplicationStatus.INVALID):
        raise DomainError(_("Only a submitted application is checked."), code="wrong_status")
    checklist = {part: bool(parts_ok.get(part)) for part in required_parts(locked.task)}
    valid = all(checklist.values())
    if not valid and not note.strip():
        raise DomainError(_("Say why the dossier is not valid."), code="note_required")
    before = locked.status
    locked.checklist = {**checklist, "note": note.strip()}
    locked.status = ApplicationStatus.VALID if valid else ApplicationStatus.INVALID
    locked.save(update_fields=["checklist", "status"])
    record(
        actor=actor,
        action=APPLICATION_CHECKED,
        target=locked,
        changes={"status": [before, locked.status]},
        note=note,
    )
    return locked


@transaction.atomic
def applications_to_council(*, actor: User, task: Task, council: Any) -> int:
    """Hand the task's valid applications to a selection council (or, for a directly assigned
    task, a direct-assignment council) as its items; the task waits for the council."""
    from khcn.councils import services as councils
    from khcn.councils.choices import CouncilKind

    locked = Task.objects.select_for_update().get(pk=task.pk)
    task_policy.require(actor, "manage", locked)
    wanted = CouncilKind.SELECTION if locked.method == Method.SELECTION else CouncilKind.DIRECT_ASSIGNMENT
    if council.kind != wanted:
        raise DomainError(
            _("The applications of this task go to a %(kind)s.")
            % {"kind": str(CouncilKind(wanted).label).lower()},
            code="wrong_council",
        )
    valid = list(Application.objects.select_for_update().filter(task=locked, status=ApplicationStatus.VALID))
    if not valid:
        raise DomainError(_("No application of this task is valid."), code="no_valid")
    if locked.applications.filter(status=ApplicationStatus.SUBMITTED).exists():
        raise DomainError(_("Check the validity of every submitted application first."), code="unchecked")
    for application in valid:
        councils.item_add(
            actor=actor, council=council, subject=SUBJECT_APPLICATION, subject_id=str(application.pk)
        )
        application.status = ApplicationStatus.IN_COUNCIL
        application.save(update_fields=["status"])
    task_workflow(locked).apply("to_council", actor=actor, obj=locked, note=council.name)
    return len(valid)


def council_title(pk: str) -> str:
    application = Application.objects.select_related("task").get(pk=int(pk))
    return f"{application.task.code} · {application.host_name} ({application.investigator})"


def council_parties(pk: str) -> dict[str, list[Any]]:
    application = Application.objects.select_related("applicant").get(pk=int(pk))
    people = [application.investigator, *(m["name"] for m in application.team)]
    return {
        "organizations": [],
        "organization_names": [application.host_name],
        "people": [p for p in people if p],
    }


def council_scored(pk: str, outcome: dict[str, Any]) -> None:
    """The council's evaluation: passed (with its final mean) or not."""
    locked = Application.objects.select_for_update().filter(pk=int(pk)).first()
    if locked is None or locked.status != ApplicationStatus.IN_COUNCIL:
        return
    target = ApplicationStatus.PASSED if outcome.get("passed") else ApplicationStatus.NOT_PASSED
    locked.status, locked.score = target, str(outcome.get("final_mean") or "")
    locked.save(update_fields=["status", "score"])
    record(
        actor=None,
        action=APPLICATION_SCORED,
        target=locked,
        changes={"status": [ApplicationStatus.IN_COUNCIL, target], "score": ["", locked.score]},
        note="; ".join(str(r) for r in outcome.get("reasons", [])),
    )

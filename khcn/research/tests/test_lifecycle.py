"""A task from the ordering list to closing, through the services: the call for applications,
an application with its dossier, the validity check, the selection council's scores coming
back, the selection result, the revision, the approval after appraisal, the contract, the
advance starting the task and its progress reports, an adjustment, the acceptance dossier, the
acceptance council's rating, recognition, liquidation, registration and closing; and every
refusal the issue names (after the window, a part missing, an estimate that does not add up,
an adjustment above the budget, the same step twice, a decision without a number)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khcn.core.exceptions import DomainError, PermissionDenied, TransitionNotAllowed
from khcn.councils import services as councils
from khcn.councils.choices import CouncilKind
from khcn.councils.models import CouncilItem
from khcn.councils.registry import subject
from khcn.research import services
from khcn.research.choices import (
    AdjustmentKind,
    AdjustmentStatus,
    ApplicationStatus,
    DossierPart,
    Issuer,
    PaymentKind,
    Rating,
    Regime,
    ReportStatus,
    TaskRole,
    TaskState,
)
from khcn.research.models import Application, ProgressReport, Task
from khcn.research.permissions import task_policy
from khcn.research.services import Decision
from khcn.research.tests.test_proposals import world  # noqa: F401  (fixture)
from khcn.research.workflow import PROGRESS_WORKFLOW, task_workflow

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = timezone.localdate()


def _pdf(name: str = "qd.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _decision(number: str = "12/QĐ-SKHCN", **kw) -> Decision:
    return Decision(number=number, signed_on=kw.pop("signed_on", TODAY), signer_name="Nguyễn Văn A", **kw)


def _task(*, ordered_on: dt.date, method: str = "selection", code: str = "2026-001") -> Task:
    from khcn.research.rules import regime_on

    return Task.objects.create(
        code=code,
        title="Nuôi tôm càng xanh toàn đực",
        method=method,
        regime=regime_on(ordered_on),
        ordered_on=ordered_on,
    )


def _application(world, task: Task, *, who=None) -> Application:  # noqa: F811
    actor = who or world["applicant"]
    application = services.application_create(
        actor=actor,
        task=task,
        host_name="Viện Nuôi trồng thủy sản II",
        investigator="TS. Trần Thị B",
        objectives="Quy trình nuôi tôm toàn đực năng suất cao.",
        contents="Nội dung 1: chọn giống; nội dung 2: mô hình 5 ha.",
        duration_months=24,
        budget_total=1_500_000_000,
        budget_lines=[
            {"category": "labour", "amount": 900_000_000, "lump_sum": 900_000_000},
            {"category": "materials", "amount": 600_000_000, "lump_sum": 0},
        ],
        products=[{"name": "Quy trình nuôi", "spec": "Năng suất ≥ 3 tấn/ha", "quantity": "01"}],
        team=[{"name": "ThS. Lê Văn C", "role": "Thư ký khoa học", "organization": "Viện NTTS II"}],
    )
    for part in services.required_parts(task):
        services.application_file_add(
            actor=actor, application=application, part=part, file=_pdf(f"{part}.pdf")
        )
    return application


def test_a_task_from_the_call_to_its_closing_under_the_2025_law(world):  # noqa: F811
    dost, applicant = world["specialist"], world["applicant"]
    task = _task(ordered_on=dt.date(2026, 1, 15))
    assert task.regime == Regime.LAW_2025

    # The call: its window from the rule set (30 calendar days) unless given.
    with pytest.raises(PermissionDenied):
        services.selection_call_open(actor=applicant, task=task, apply_from=TODAY)
    with pytest.raises(DomainError):  # applying before the call
        _application(world, task)
    task = services.selection_call_open(actor=dost, task=task, apply_from=TODAY - dt.timedelta(days=3))
    assert task.state == TaskState.CALL_OPEN
    assert task.apply_until == TODAY - dt.timedelta(days=3) + dt.timedelta(days=30)

    application = _application(world, task)
    rival = _application(world, task, who=world["other"])
    # A dossier whose estimate does not add up is refused, with both sums.
    services.application_edit(actor=applicant, application=application, budget_total=1_400_000_000)
    with pytest.raises(DomainError) as mismatch:
        services.application_submit(actor=applicant, application=application)
    assert mismatch.value.code == "budget_mismatch" and "1.500.000.000" in mismatch.value.message
    services.application_edit(actor=applicant, application=application, budget_total=1_500_000_000)
    services.application_submit(actor=applicant, application=application)
    services.application_submit(actor=world["other"], application=rival)
    with pytest.raises(DomainError):  # the same step twice
        services.application_submit(actor=applicant, application=application)
    # The other applicant cannot touch it.
    with pytest.raises(PermissionDenied):
        services.application_edit(actor=world["other"], application=application, objectives="x")

    # Not before the window closes.
    selection = councils.council_create(
        actor=dost,
        name="Hội đồng tuyển chọn",
        kind=CouncilKind.SELECTION,
        organization=world["dost"],
        rubric="applied_rnd",
    )
    services.application_check(
        actor=dost, application=application, parts_ok=dict.fromkeys(services.required_parts(task), True)
    )
    with pytest.raises(DomainError):  # invalid without a reason
        services.application_check(actor=dost, application=rival, parts_ok={DossierPart.FORM: True})
    services.application_check(
        actor=dost, application=rival, parts_ok={DossierPart.FORM: True}, note="Thiếu lý lịch."
    )
    with pytest.raises(DomainError) as early:
        services.applications_to_council(actor=dost, task=task, council=selection)
    assert early.value.code == "guard_failed"
    Task.objects.filter(pk=task.pk).update(apply_until=TODAY - dt.timedelta(days=1))
    task.refresh_from_db()
    assert services.applications_to_council(actor=dost, task=task, council=selection) == 1
    item = CouncilItem.objects.get(council=selection)
    assert item.subject == "research.application" and "TS. Trần Thị B" in item.parties["people"]
    task.refresh_from_db()
    assert task.state == TaskState.IN_SELECTION

    # The council's scores come back; the DOST records the selection result.
    subject("research.application").on_outcome(str(application.pk), {"passed": True, "final_mean": "82.50"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PASSED and application.score == "82.50"
    with pytest.raises(DomainError):  # a decision without a number
        services.selection_record(
            actor=dost, task=task, application=application, decision=_decision(number=" ")
        )
    # The Department's own decision is its leader's; a specialist records the Committee's.
    with pytest.raises(DomainError) as specialist:
        services.selection_record(
            actor=dost, task=task, application=application, decision=_decision(file=_pdf())
        )
    assert specialist.value.code == "leader_decides" and not task.documents.exists()
    task = services.selection_record(
        actor=world["leader"], task=task, application=application, decision=_decision(file=_pdf())
    )
    assert task.state == TaskState.RECOMMENDED and task.owner == applicant
    assert task.host_name == "Viện Nuôi trồng thủy sản II" and task.budget_state == 1_500_000_000
    assert services.revision_due(task) is not None
    # The host revises its description, then submits it for appraisal.
    services.application_edit(actor=applicant, application=application, contents="Nội dung đã chỉnh sửa.")
    task = services.revision_submit(actor=applicant, task=task)
    assert task.state == TaskState.IN_APPRAISAL

    # The host's account names its leader (an account registered with that address).
    with pytest.raises(DomainError) as unknown:
        services.task_member_set(actor=applicant, task=task, role=TaskRole.LEADER, email="ai@khong.example")
    assert unknown.value.code == "no_account"
    with pytest.raises(PermissionDenied):  # not another applicant
        services.task_member_set(
            actor=world["other"], task=task, role=TaskRole.LEADER, email="hieutruong@vien2.example"
        )
    host_leader = world["host_leader"]
    services.task_member_set(
        actor=applicant, task=task, role=TaskRole.LEADER, email="HieuTruong@vien2.example"
    )
    task = Task.objects.get(pk=task.pk)
    assert task_policy.can(host_leader, "endorse", task) and not task_policy.can(host_leader, "act", task)

    # The budget appraisal: not approved before the team (with the Department of Finance) concludes.
    with pytest.raises(DomainError) as unappraised:
        services.approval_record(
            actor=dost,
            task=task,
            decision=_decision("5/QĐ-UBND", issuer=Issuer.PPC),
            budget_state=1_400_000_000,
            starts_on=TODAY,
            months=24,
        )
    assert unappraised.value.code == "not_appraised"
    team = councils.council_create(
        actor=dost,
        name="Tổ thẩm định kinh phí",
        kind=CouncilKind.BUDGET_APPRAISAL,
        organization=world["dost"],
    )
    councils.member_add(
        actor=dost, council=team, full_name="Ông Tổ trưởng", role="chair", affiliation="Sở KH&CN"
    )
    with pytest.raises(DomainError) as no_finance:
        services.task_to_council(actor=dost, task=task, council=team)
    assert no_finance.value.code == "no_finance"
    councils.member_add(
        actor=dost,
        council=team,
        full_name="Bà Kế toán",
        role="member",
        affiliation="Sở Tài chính tỉnh Cà Mau",
    )
    item = services.task_to_council(actor=dost, task=task, council=team)
    assert item.subject == "research.appraisal"
    subject("research.appraisal").on_outcome(str(task.pk), {"passed": True, "reasons": []})
    task.refresh_from_db()
    assert task.appraised_on == TODAY and task.state == TaskState.IN_APPRAISAL

    # Approval: not more than asked; then the contract and the advance.
    with pytest.raises(DomainError):
        services.approval_record(
            actor=dost,
            task=task,
            decision=_decision("5/QĐ-UBND"),
            budget_state=2_000_000_000,
            starts_on=TODAY,
            months=24,
        )
    task = services.approval_record(
        actor=dost,
        task=task,
        decision=_decision("5/QĐ-UBND", issuer=Issuer.PPC),
        appraisal=_decision("3/BB-TĐ"),
        budget_state=1_400_000_000,
        budget_other=100_000_000,
        starts_on=TODAY - dt.timedelta(days=200),
        months=24,
    )
    assert task.state == TaskState.APPROVED and task.ends_on == TODAY - dt.timedelta(days=200) + (
        task.ends_on - task.starts_on
    )
    with pytest.raises(DomainError):  # no payment before the contract
        services.payment_record(actor=dost, task=task, kind=PaymentKind.ADVANCE, amount=1, paid_on=TODAY)
    task = services.contract_record(actor=dost, task=task, decision=_decision("01/HĐ-SKHCN"))
    with pytest.raises(DomainError):  # more than the approved budget
        services.payment_record(
            actor=dost, task=task, kind=PaymentKind.ADVANCE, amount=1_500_000_000, paid_on=TODAY
        )
    services.payment_record(
        actor=dost, task=task, kind=PaymentKind.ADVANCE, amount=700_000_000, paid_on=TODAY
    )
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    reports = list(ProgressReport.objects.filter(task=task).order_by("due_on"))
    assert len(reports) == 3  # 24 months: three six-monthly reports, the last period is the acceptance's

    # A progress report returned and resubmitted.
    first = reports[0]
    with pytest.raises(DomainError):  # empty
        PROGRESS_WORKFLOW.apply("submit", actor=applicant, obj=first)
    services.report_save(actor=applicant, report=first, work_done="Đã chọn giống.", funds_used=300_000_000)
    PROGRESS_WORKFLOW.apply("submit", actor=applicant, obj=first)
    with pytest.raises(PermissionDenied):
        PROGRESS_WORKFLOW.apply("accept", actor=applicant, obj=first)
    PROGRESS_WORKFLOW.apply("return", actor=dost, obj=first, note="Bổ sung số liệu chi.")
    services.report_save(actor=applicant, report=first, work_done="Đã chọn giống; số liệu chi kèm theo.")
    PROGRESS_WORKFLOW.apply("submit", actor=applicant, obj=first)
    PROGRESS_WORKFLOW.apply("accept", actor=dost, obj=first)
    first.refresh_from_db()
    assert first.status == ReportStatus.ACCEPTED

    # Adjustments: above the approved budget refused; a change of investigator decided by the PPC.
    with pytest.raises(DomainError) as over:
        services.adjustment_request(
            actor=applicant,
            task=task,
            kind=AdjustmentKind.BUDGET,
            description="Tăng kinh phí",
            reason="Giá vật tư tăng",
            new_budget=1_600_000_000,
        )
    assert over.value.code == "over_budget"
    adjustment = services.adjustment_request(
        actor=applicant,
        task=task,
        kind=AdjustmentKind.INVESTIGATOR,
        description="Đổi chủ nhiệm",
        reason="Chủ nhiệm nghỉ hưu",
        new_value="TS. Phạm Văn D",
    )
    assert adjustment.approver == Issuer.PPC
    with pytest.raises(DomainError) as unendorsed:  # the host's leader endorses the request first
        services.adjustment_decide(
            actor=dost,
            adjustment=adjustment,
            approve=True,
            decision=_decision("9/QĐ-UBND", issuer=Issuer.PPC),
        )
    assert unendorsed.value.code == "not_endorsed"
    with pytest.raises(PermissionDenied):  # the investigator does not endorse their own request
        services.adjustment_endorse(actor=applicant, adjustment=adjustment)
    services.adjustment_endorse(actor=host_leader, adjustment=adjustment)
    with pytest.raises(DomainError):  # the DOST cannot approve what the PPC decides
        services.adjustment_decide(
            actor=world["leader"], adjustment=adjustment, approve=True, decision=_decision("9/QĐ-SKHCN")
        )
    services.adjustment_decide(
        actor=dost, adjustment=adjustment, approve=True, decision=_decision("9/QĐ-UBND", issuer=Issuer.PPC)
    )
    task.refresh_from_db()
    assert task.investigator == "TS. Phạm Văn D"
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.APPROVED

    # The acceptance dossier, the council's rating, recognition, liquidation, registration.
    with pytest.raises(PermissionDenied):
        services.dossier_submit(actor=dost, task=task, self_evaluation=_decision("1/BB-TĐG"))
    with pytest.raises(DomainError) as lacking:  # the dossier's reports first
        services.dossier_submit(actor=host_leader, task=task, self_evaluation=_decision("1/BB-TĐG"))
    assert lacking.value.code == "incomplete"
    for part in ("final_report", "summary_report", "financial"):
        services.task_file_add(actor=applicant, task=task, part=part, file=_pdf(f"{part}.pdf"))
    with pytest.raises(PermissionDenied):  # the host's dossier, not another's
        services.task_file_add(actor=world["other"], task=task, part="other", file=_pdf())
    with pytest.raises(PermissionDenied):  # the investigator prepares it; the host's leader submits it
        services.dossier_submit(actor=applicant, task=task, self_evaluation=_decision("1/BB-TĐG"))
    task = services.dossier_submit(
        actor=host_leader, task=task, self_evaluation=_decision("1/BB-TĐG", file=_pdf())
    )
    assert task.state == TaskState.IN_ACCEPTANCE
    acceptance = councils.council_create(
        actor=dost, name="Hội đồng nghiệm thu", kind=CouncilKind.ACCEPTANCE, organization=world["dost"]
    )
    with pytest.raises(DomainError):
        services.task_to_council(actor=dost, task=task, council=selection)
    services.task_to_council(actor=dost, task=task, council=acceptance)
    subject("research.task").on_outcome(
        str(task.pk), {"passed": True, "rating": Rating.EXCELLENT, "reasons": []}
    )
    task.refresh_from_db()
    assert task.state == TaskState.ACCEPTED and task.rating == Rating.EXCELLENT and task.accepted_on == TODAY
    assert services.registration_due(task) == TODAY + dt.timedelta(days=30)
    task = services.recognition_record(
        actor=dost, task=task, decision=_decision("20/QĐ-UBND", issuer=Issuer.PPC)
    )
    with pytest.raises(TransitionNotAllowed):  # the same step twice
        services.recognition_record(
            actor=dost, task=task, decision=_decision("21/QĐ-UBND", issuer=Issuer.PPC)
        )
    task = services.liquidation_record(actor=dost, task=task, decision=_decision("2/BB-TL"))
    with pytest.raises(DomainError):  # the host's Form 5 first
        services.registration_record(
            actor=dost, task=task, archive_number="20/KQNC-SKHCN", registered_on=TODAY
        )
    services.registration_submit(
        actor=applicant, task=task, data={"authors": "Trần Thị B; Lê Văn C", "summary": "Quy trình nuôi tôm."}
    )
    with pytest.raises(DomainError) as unconfirmed:  # the host's leader confirms the summary first
        services.registration_record(
            actor=dost, task=task, archive_number="20/KQNC-SKHCN", registered_on=TODAY
        )
    assert unconfirmed.value.code == "not_confirmed"
    with pytest.raises(PermissionDenied):
        services.registration_confirm(actor=applicant, task=task)
    services.registration_confirm(actor=host_leader, task=task)
    task = services.registration_record(
        actor=dost, task=task, archive_number="20/KQNC-SKHCN", registered_on=TODAY
    )
    assert task.state == TaskState.REGISTERED and task.archive_number == "20/KQNC-SKHCN"
    with pytest.raises(DomainError):  # application reported for the rules' years first
        services.task_close(actor=dost, task=task)
    for year in range(TODAY.year - 2, TODAY.year + 1):
        Task.objects.filter(pk=task.pk).update(registered_on=dt.date(TODAY.year - 2, 1, 1))
        services.application_report_submit(
            actor=applicant, task=task, year=year, applied=True, where="Cà Mau, 20 ha"
        )
    task = services.task_close(actor=dost, task=task)
    assert task.state == TaskState.CLOSED
    assert list(task.documents.order_by("pk").values_list("kind", flat=True)) == [
        "selection_result",
        "appraisal",
        "approval",
        "contract",
        "adjustment",
        "self_evaluation",
        "recognition",
        "liquidation",
    ]


def test_a_failed_task_is_a_research_risk_only_under_the_2025_law(world):  # noqa: F811
    dost = world["specialist"]
    old = _task(ordered_on=dt.date(2023, 5, 1), code="2023-001")
    new = _task(ordered_on=dt.date(2026, 1, 5), code="2026-002")
    for task in (old, new):
        Task.objects.filter(pk=task.pk).update(
            state=TaskState.IN_ACCEPTANCE, owner=world["applicant"], budget_state=500_000_000
        )
        subject("research.task").on_outcome(str(task.pk), {"passed": False, "rating": Rating.FAIL})
        task.refresh_from_db()
        assert task.state == TaskState.FAILED
    assert old.regime == Regime.PRE_2025 and "accept_risk" not in task_workflow(old).transitions
    with pytest.raises(DomainError) as no_risk:
        services.liquidation_record(actor=dost, task=old, decision=_decision(), accept_risk=True)
    assert no_risk.value.code == "no_risk_rule"
    with pytest.raises(DomainError) as unrecovered:
        services.liquidation_record(actor=dost, task=old, decision=_decision())
    assert unrecovered.value.code == "guard_failed"
    services.payment_record(actor=dost, task=old, kind=PaymentKind.ADVANCE, amount=300_000_000, paid_on=TODAY)
    with pytest.raises(DomainError):  # not more than was paid
        services.payment_record(
            actor=dost, task=old, kind=PaymentKind.RECOVERED, amount=400_000_000, paid_on=TODAY
        )
    services.payment_record(
        actor=dost, task=old, kind=PaymentKind.RECOVERED, amount=300_000_000, paid_on=TODAY
    )
    old = services.liquidation_record(actor=dost, task=old, decision=_decision())
    assert old.state == TaskState.LIQUIDATED and not old.risk_accepted
    with pytest.raises(DomainError):  # the reason is required
        services.liquidation_record(actor=dost, task=new, decision=_decision(), accept_risk=True)
    new = services.liquidation_record(
        actor=dost, task=new, decision=_decision(), accept_risk=True, note="Tuân thủ đầy đủ quy trình."
    )
    assert new.state == TaskState.LIQUIDATED and new.risk_accepted
    for task in (old, new):
        assert services.task_close(actor=dost, task=task).state == TaskState.CLOSED


def test_an_extension_follows_the_rules_of_the_tasks_regime(world):  # noqa: F811
    applicant = world["applicant"]
    task = _task(ordered_on=dt.date(2024, 3, 1), code="2024-001")
    Task.objects.filter(pk=task.pk).update(
        state=TaskState.IN_PROGRESS,
        owner=applicant,
        starts_on=TODAY - dt.timedelta(days=300),
        ends_on=TODAY + dt.timedelta(days=120),
        budget_state=900_000_000,
    )
    task.refresh_from_db()
    with pytest.raises(DomainError) as too_long:  # a task under 24 months: 6 months at most
        services.adjustment_request(
            actor=applicant,
            task=task,
            kind=AdjustmentKind.DURATION,
            description="Gia hạn",
            reason="Mưa bão",
            new_end=task.ends_on + dt.timedelta(days=250),
        )
    assert too_long.value.code == "too_long"
    Task.objects.filter(pk=task.pk).update(ends_on=TODAY + dt.timedelta(days=30))
    task.refresh_from_db()
    with pytest.raises(DomainError) as late:  # 60 days before the end at least
        services.adjustment_request(
            actor=applicant,
            task=task,
            kind=AdjustmentKind.DURATION,
            description="Gia hạn",
            reason="Mưa bão",
            new_end=task.ends_on + dt.timedelta(days=60),
        )
    assert late.value.code == "too_late"
    with pytest.raises(DomainError):
        services.adjustment_request(
            actor=applicant, task=task, kind=AdjustmentKind.CONTENT, description="Đổi nội dung", reason=" "
        )


def test_a_rejected_file_leaves_nothing_behind(world, tmp_path, settings):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    task = _task(ordered_on=dt.date(2026, 2, 1), code="2026-009")
    Task.objects.filter(pk=task.pk).update(state=TaskState.IN_APPRAISAL, budget_state=100, appraised_on=TODAY)
    task.refresh_from_db()
    with pytest.raises(DomainError):  # not a PDF
        services.approval_record(
            actor=world["specialist"],
            task=task,
            decision=_decision(file=SimpleUploadedFile("a.pdf", b"<html>")),
            budget_state=100,
            starts_on=TODAY,
            months=12,
        )
    with pytest.raises(DomainError):  # a PDF, but the step is refused (over the asked budget)
        services.approval_record(
            actor=world["specialist"],
            task=task,
            decision=_decision(file=_pdf()),
            budget_state=200,
            starts_on=TODAY,
            months=12,
        )
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    assert not task.documents.exists()


def test_applying_after_the_window_is_refused_with_the_dates(world):  # noqa: F811
    task = _task(ordered_on=dt.date(2026, 1, 15), code="2026-031")
    task = services.selection_call_open(
        actor=world["specialist"],
        task=task,
        apply_from=TODAY - dt.timedelta(days=40),
        apply_until=TODAY - dt.timedelta(days=1),
    )
    with pytest.raises(DomainError) as closed:
        _application(world, task)
    assert (
        closed.value.code == "call_closed"
        and (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y") in closed.value.message
    )
    with pytest.raises(DomainError):  # a window that closes before it opens
        services.selection_call_open(
            actor=world["specialist"],
            task=_task(ordered_on=dt.date(2026, 1, 15), code="2026-032"),
            apply_from=TODAY,
            apply_until=TODAY - dt.timedelta(days=1),
        )

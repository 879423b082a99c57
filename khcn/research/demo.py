"""Demo calls, proposals and tasks (demo mode only), so that ``ungvien`` (an applicant), the
agency reporter and ``chuyenvien`` have work on their first log-in: the call for 2027 is open,
with ``ungvien``'s draft, a proposal returned for completion and one submitted; the 2026 call has
closed, its proposals screened and waiting to be handed to the identification council; the 2025
call went through its council and its ordering list (20/03/2025, the old regime) put two tasks in
the register. The proposals are written for the demo (not real submissions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from khcn.accounts.models import User
from khcn.accounts.roles import organizations_of
from khcn.classifications.models import Term
from khcn.core.plugins import DemoContext
from khcn.organizations.models import Organization
from khcn.research import services
from khcn.research.choices import TaskRole
from khcn.research.models import Application, ProgressReport
from khcn.research.workflow import PROPOSAL_WORKFLOW, task_workflow

# The host organisation's leader in the demo: endorses, submits the dossier, confirms Form 5.
HOST_LEADER, HOST_LEADER_EMAIL = "thutruong", "thutruong@demo.khcn.invalid"

FULL: dict[str, Any] = {
    "urgency": "Cà Mau có diện tích nuôi trồng thủy sản lớn nhưng năng suất còn thấp; cần giải pháp "
    "công nghệ phù hợp điều kiện địa phương.",
    "objectives": "Xây dựng và chuyển giao quy trình công nghệ phù hợp cho nông hộ trên địa bàn tỉnh.",
    "expected_results": "Quy trình công nghệ được Hội đồng cấp tỉnh công nhận; mô hình trình diễn 5 ha; "
    "tài liệu tập huấn.",
    "users": "Nông hộ, hợp tác xã, Sở Nông nghiệp và Môi trường.",
}


def _ordered_2025(context: DemoContext, dost: Organization, applicant: User, terms: dict[str, Term]) -> None:
    """The 2025 call: its proposals went through the identification council (voted, closed)
    and its ordering list was approved on 20/03/2025 — before the 2025 law: the old regime."""
    from khcn.councils import services as councils
    from khcn.councils.choices import CouncilKind, MemberRole
    from khcn.councils.workflow import COUNCIL_WORKFLOW

    actor = context.actor
    today = timezone.localdate()
    call = services.call_create(
        actor=actor,
        organization=dost,
        title="Đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện năm 2025",
        year=2025,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=1),
    )
    proposals = []
    for title, code in (
        ("Xây dựng mô hình nuôi sò huyết trong vuông tôm quảng canh cải tiến", "405"),
        ("Ứng dụng trí tuệ nhân tạo dự báo xâm nhập mặn phục vụ sản xuất nông nghiệp", "102"),
    ):
        proposal = services.proposal_create(
            actor=applicant, call=call, fields=[terms[code]], title=title, duration_months=24, **FULL
        )
        PROPOSAL_WORKFLOW.apply("submit", actor=applicant, obj=proposal)
        PROPOSAL_WORKFLOW.apply("screen", actor=actor, obj=proposal)
        proposals.append(proposal)
    council = councils.council_create(
        actor=actor,
        name="Hội đồng tư vấn xác định nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025",
        kind=CouncilKind.IDENTIFICATION,
        organization=dost,
    )
    services.proposals_to_council(actor=actor, council=council, proposals=proposals)
    roles = [MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.SECRETARY, MemberRole.REVIEWER]
    roles += [MemberRole.REVIEWER, MemberRole.MEMBER, MemberRole.MEMBER]
    names = ["Trần Quốc Hưng", "Lê Thị Ngọc Bích", "Phan Minh Trí", "Đặng Văn Khải"]
    names += ["Nguyễn Thị Thanh Thủy", "Tô Hoàng Nam", "Quách Thị Diễm"]  # generated names
    seats = [
        councils.member_add(actor=actor, council=council, full_name=name, role=role)
        for name, role in zip(names, roles, strict=True)
    ]
    COUNCIL_WORKFLOW.apply("propose", actor=actor, obj=council)
    councils.decision_record(
        actor=actor,
        council=council,
        number="21/QĐ-SKHCN",
        date=dt.date(2025, 2, 10),
        signer_name="Nguyễn Văn An",
        signer_position="Phó Giám đốc",
    )
    councils.session_schedule(actor=actor, council=council, at=timezone.now(), place="Phòng họp Sở")
    for seat in seats:
        councils.attendance_set(actor=actor, member=seat, present=True)
    councils.session_open(actor=actor, council=council)
    for seat in seats:  # paper votes typed in by the DOST
        for item in council.items.order_by("pk"):
            councils.declaration_sign(actor=actor, member=seat, item=item)
            councils.sheet_save(actor=actor, member=seat, item=item, vote="yes", submit=True)
    councils.session_close(actor=actor, council=council)
    services.order_list_approve(
        actor=actor,
        call=call,
        number="412/QĐ-UBND",
        decided_on=dt.date(2025, 3, 20),
        signer_name="Lê Văn Sử",
        signer_position="Phó Chủ tịch UBND tỉnh",
        methods={proposals[0].pk: "direct", proposals[1].pk: "selection"},
        types={proposals[0].pk: "pilot", proposals[1].pk: "topic"},
    )
    services.call_edit(
        actor=actor,
        call=call,
        title=call.title,
        year=call.year,
        opens_on=dt.date(2024, 9, 1),
        closes_on=dt.date(2024, 10, 15),
        description="",
    )


def load(context: DemoContext) -> None:
    dost = Organization.objects.get(name="Sở Khoa học và Công nghệ", valid_to__isnull=True)
    applicant = User.objects.get(username="ungvien")
    reporter = User.objects.get(username="baocao.syt")
    terms = {t.code: t for t in Term.objects.filter(scheme__code="linh-vuc-khcn-2008")}
    today = timezone.localdate()
    actor = context.actor
    _ordered_2025(context, dost, applicant, terms)

    # The 2026 call: open while its proposals come in, closed since.
    past = services.call_create(
        actor=actor,
        organization=dost,
        title="Đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện năm 2026",
        year=2026,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=1),
        description="Thông báo của Sở Khoa học và Công nghệ (dữ liệu minh họa).",
    )
    for title, field_codes in (
        ("Nghiên cứu quy trình nuôi tôm càng xanh toàn đực kết hợp trồng lúa tại huyện Thới Bình", ["405"]),
        ("Ứng dụng ảnh vệ tinh giám sát sạt lở bờ biển Tây tỉnh Cà Mau", ["105", "207"]),
        ("Bảo tồn và phát triển nguồn gen cua biển Cà Mau", ["405", "106"]),
    ):
        proposal = services.proposal_create(
            actor=applicant,
            call=past,
            fields=[terms[c] for c in field_codes],
            title=title,
            duration_months=24,
            budget=1_200_000_000,
            **FULL,
        )
        PROPOSAL_WORKFLOW.apply("submit", actor=applicant, obj=proposal)
        PROPOSAL_WORKFLOW.apply("screen", actor=actor, obj=proposal)
    services.call_edit(
        actor=actor,
        call=past,
        title=past.title,
        year=past.year,
        opens_on=dt.date(today.year - 1, 10, 1),
        closes_on=dt.date(today.year - 1, 11, 15),
        description=past.description,
    )

    # The 2027 call, open now.
    current = services.call_create(
        actor=actor,
        organization=dost,
        title="Đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện năm 2027",
        year=2027,
        opens_on=today - dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=25),
        description="Các tổ chức, cá nhân gửi phiếu đề xuất theo mẫu (dữ liệu minh họa).",
    )
    services.proposal_create(
        actor=applicant,
        call=current,
        fields=[terms["401"]],
        title="Chọn tạo giống lúa chịu mặn cho vùng U Minh Hạ",
        urgency="Xâm nhập mặn ngày càng sâu vào nội đồng.",
    )
    returned = services.proposal_create(
        actor=applicant,
        call=current,
        fields=[terms["405"]],
        title="Ứng dụng công nghệ sinh học xử lý môi trường ao nuôi tôm siêu thâm canh",
        duration_months=18,
        budget=900_000_000,
        **FULL,
    )
    PROPOSAL_WORKFLOW.apply("submit", actor=applicant, obj=returned)
    PROPOSAL_WORKFLOW.apply(
        "return", actor=actor, obj=returned, note="Bổ sung chỉ tiêu kỹ thuật của sản phẩm dự kiến."
    )
    submitted = services.proposal_create(
        actor=reporter,
        call=current,
        organization=next(iter(organizations_of(reporter)), None),
        fields=[terms["303"]],
        title="Đánh giá thực trạng và đề xuất giải pháp phòng chống sốt xuất huyết tại tỉnh Cà Mau",
        duration_months=12,
        budget=600_000_000,
        **FULL,
    )
    PROPOSAL_WORKFLOW.apply("submit", actor=reporter, obj=submitted)
    lifecycle(context)


# --- The lifecycle: tasks in every state under both regimes ----------------------------------------

PDF_NOTE = "(dữ liệu minh họa)"


def _decision(number: str, day: dt.date, issuer: str = "dost") -> Any:
    signer = (
        ("Lê Văn Sử", "Phó Chủ tịch UBND tỉnh") if issuer == "ppc" else ("Nguyễn Văn An", "Phó Giám đốc Sở")
    )
    return services.Decision(
        number=number, signed_on=day, issuer=issuer, signer_name=signer[0], signer_position=signer[1]
    )


def _ordered(
    context: DemoContext,
    dost: Organization,
    applicant: User,
    terms: dict[str, Term],
    *,
    year: int,
    decided_on: dt.date,
    number: str,
    rows: list[tuple[str, str, str, str]],
) -> list[Any]:
    """A call of ``year`` whose proposals the identification council kept (its session was held on
    paper before the platform: the vote is recorded), and its ordering list of ``decided_on``.
    ``rows``: (title, field code, method, type)."""
    from khcn.councils import services as councils
    from khcn.councils.choices import CouncilKind
    from khcn.research.models import Task

    actor, today = context.actor, timezone.localdate()
    call = services.call_create(
        actor=actor,
        organization=dost,
        year=year,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=1),
        title=f"Đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện năm {year}",
    )
    proposals = []
    for title, code, _method, _type in rows:
        proposal = services.proposal_create(
            actor=applicant, call=call, fields=[terms[code]], title=title, duration_months=24, **FULL
        )
        PROPOSAL_WORKFLOW.apply("submit", actor=applicant, obj=proposal)
        PROPOSAL_WORKFLOW.apply("screen", actor=actor, obj=proposal)
        proposals.append(proposal)
    council = councils.council_create(
        actor=actor,
        name=f"Hội đồng tư vấn xác định nhiệm vụ khoa học và công nghệ cấp tỉnh năm {year} (họp trên giấy)",
        kind=CouncilKind.IDENTIFICATION,
        organization=dost,
    )
    services.proposals_to_council(actor=actor, council=council, proposals=proposals)
    for proposal in proposals:
        services.council_voted(
            str(proposal.pk), {"passed": True, "reasons": ["Biên bản kiểm phiếu trên giấy."]}
        )
    services.order_list_approve(
        actor=actor,
        call=call,
        number=number,
        decided_on=decided_on,
        signer_name="Lê Văn Sử",
        signer_position="Phó Chủ tịch UBND tỉnh",
        methods={p.pk: row[2] for p, row in zip(proposals, rows, strict=True)},
        types={p.pk: row[3] for p, row in zip(proposals, rows, strict=True)},
    )
    services.call_edit(
        actor=actor,
        call=call,
        title=call.title,
        year=year,
        opens_on=dt.date(year - 2, 2, 1),
        closes_on=dt.date(year - 2, 3, 31),
        description="",
    )
    return list(Task.objects.filter(proposal__in=proposals).order_by("code"))


def _host_application(task: Any, applicant: User, *, host: str, investigator: str, budget: int) -> Any:
    """``applicant`` applies for ``task`` with a complete dossier (demo files say they are demo)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = services.application_create(
        actor=applicant,
        task=task,
        host_name=host,
        investigator=investigator,
        objectives="Hoàn thiện và chuyển giao quy trình công nghệ phù hợp điều kiện tỉnh Cà Mau.",
        contents="Nội dung 1: khảo sát, đánh giá hiện trạng.\nNội dung 2: thử nghiệm quy trình.\n"
        "Nội dung 3: xây dựng mô hình trình diễn và tập huấn.",
        products=[
            {"name": "Quy trình công nghệ", "spec": "Được Hội đồng cấp tỉnh công nhận", "quantity": "01"},
            {"name": "Mô hình trình diễn", "spec": "Quy mô 5 ha, năng suất tăng ≥ 15%", "quantity": "01"},
        ],
        team=[{"name": "ThS. Lê Văn Cường", "role": "Thư ký khoa học", "organization": host}],
        timeline="Tháng 1–6: khảo sát; tháng 7–18: thử nghiệm; tháng 19–24: mô hình, tổng kết.",
        duration_months=24,
        budget_total=budget,
        budget_other=budget // 10,
        budget_lines=[
            {"category": "labour", "amount": budget * 6 // 10, "lump_sum": budget * 6 // 10},
            {"category": "materials", "amount": budget - budget * 6 // 10, "lump_sum": 0},
        ],
    )
    for part in services.required_parts(task):
        pdf = b"%PDF-1.4\n% " + PDF_NOTE.encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        services.application_file_add(
            actor=applicant, application=application, part=part, file=SimpleUploadedFile(f"{part}.pdf", pdf)
        )
    return application


def _through(
    context: DemoContext,
    task: Any,
    applicant: User,
    *,
    until: str,
    start: dt.date,
    months: int = 24,
    host: str = "Viện Nghiên cứu Nuôi trồng thủy sản II",
    investigator: str = "TS. Trần Thị Bích",
    budget: int = 1_200_000_000,
    review_last: bool = False,
) -> Any:
    """Take a directly assigned ``task`` through its steps up to ``until`` (a TaskState)."""
    from khcn.councils import services as councils
    from khcn.councils.choices import CouncilKind
    from khcn.research.choices import PaymentKind, TaskState
    from khcn.research.models import Task
    from khcn.research.services import applications as apps
    from khcn.research.workflow import PROGRESS_WORKFLOW

    actor = context.actor
    dost = Organization.objects.get(name="Sở Khoa học và Công nghệ", valid_to__isnull=True)

    task = services.selection_call_open(
        actor=actor, task=task, apply_from=timezone.localdate() - dt.timedelta(days=2)
    )
    application = _host_application(task, applicant, host=host, investigator=investigator, budget=budget)
    services.application_submit(actor=applicant, application=application)
    if until == TaskState.CALL_OPEN:
        return task
    # The demo's history: the invitation and the dossier dated before the selection result (the
    # services date them today; only the demo goes back in time).
    invited = start - dt.timedelta(days=100)
    if invited < timezone.localdate():
        Task.objects.filter(pk=task.pk).update(
            apply_from=invited, apply_until=invited + dt.timedelta(days=20)
        )
        Application.objects.filter(pk=application.pk).update(
            submitted_at=timezone.make_aware(dt.datetime.combine(invited + dt.timedelta(days=15), dt.time(9)))
        )
        task = Task.objects.get(pk=task.pk)
    services.application_check(
        actor=actor, application=application, parts_ok=dict.fromkeys(services.required_parts(task), True)
    )
    council = councils.council_create(
        actor=actor,
        name=f"Hội đồng giao trực tiếp nhiệm vụ {task.code} (họp trên giấy)",
        kind=CouncilKind.DIRECT_ASSIGNMENT,
        organization=dost,
        rubric="applied_rnd",
    )
    services.applications_to_council(actor=actor, task=task, council=council)
    apps.council_scored(str(application.pk), {"passed": True, "final_mean": "81.40", "reasons": []})
    task = Task.objects.get(pk=task.pk)
    if until == TaskState.IN_SELECTION:
        return task
    task = services.selection_record(
        actor=actor,
        task=task,
        application=Application.objects.get(pk=application.pk),
        decision=_decision(f"{task.pk}5/QĐ-UBND", start - dt.timedelta(days=60), "ppc"),
    )
    # The host's account names its leader, who endorses and submits for the organisation.
    services.task_member_set(actor=applicant, task=task, role=TaskRole.LEADER, email=HOST_LEADER_EMAIL)
    if until == TaskState.RECOMMENDED:
        return task
    task = services.revision_submit(actor=applicant, task=task)
    if until == TaskState.IN_APPRAISAL:
        return task
    # The demo's history: the appraisal team (with the Department of Finance) met on paper.
    Task.objects.filter(pk=task.pk).update(appraised_on=start - dt.timedelta(days=35))
    task = Task.objects.get(pk=task.pk)
    task = services.approval_record(
        actor=actor,
        task=task,
        decision=_decision(f"{task.pk}6/QĐ-UBND", start - dt.timedelta(days=20), "ppc"),
        appraisal=_decision(f"{task.pk}/BB-TĐKP", start - dt.timedelta(days=35)),
        budget_state=budget,
        budget_other=budget // 10,
        starts_on=start,
        months=months,
    )
    if until == TaskState.APPROVED:
        return task
    task = services.contract_record(
        actor=actor, task=task, decision=_decision(f"{task.pk:02d}/HĐ-SKHCN", start)
    )
    if until == TaskState.CONTRACTED:
        return task
    services.payment_record(
        actor=actor, task=task, kind=PaymentKind.ADVANCE, amount=budget * 4 // 10, paid_on=start
    )
    task = Task.objects.get(pk=task.pk)
    today = timezone.localdate()
    for report in task.reports.order_by("due_on"):
        if report.due_on >= today:
            break
        services.report_save(
            actor=applicant,
            report=report,
            work_done="Đã hoàn thành các nội dung theo tiến độ.",
            funds_used=budget // 5,
        )
        PROGRESS_WORKFLOW.apply("submit", actor=applicant, obj=report)
        ProgressReport.objects.filter(pk=report.pk).update(  # the demo's history: on time
            submitted_at=timezone.make_aware(
                dt.datetime.combine(report.due_on - dt.timedelta(days=3), dt.time(9))
            ),
            is_late=False,
        )
        if not (review_last and report.due_on >= today - dt.timedelta(days=180)):
            PROGRESS_WORKFLOW.apply("accept", actor=actor, obj=report)
    if until == TaskState.IN_PROGRESS:
        return task
    from django.core.files.uploadedfile import SimpleUploadedFile

    for part, name in (
        ("final_report", "bao-cao-tong-hop"),
        ("summary_report", "bao-cao-tom-tat"),
        ("financial", "bao-cao-tai-chinh"),
    ):
        pdf = b"%PDF-1.4\n% " + PDF_NOTE.encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        services.task_file_add(
            actor=applicant, task=task, part=part, file=SimpleUploadedFile(f"{name}.pdf", pdf)
        )
    leader = User.objects.get(username=HOST_LEADER)
    task = services.dossier_submit(
        actor=leader, task=task, self_evaluation=_decision("01/BB-TĐG", task.ends_on)
    )
    if until == TaskState.IN_ACCEPTANCE:
        return task
    services.council_rated(
        str(task.pk), {"passed": True, "rating": "dat", "reasons": ["Biên bản hội đồng trên giấy."]}
    )
    task = Task.objects.get(pk=task.pk)
    if until == TaskState.ACCEPTED:
        return task
    task = services.recognition_record(
        actor=actor, task=task, decision=_decision(f"{task.pk}8/QĐ-UBND", today, "ppc")
    )
    if until == TaskState.RECOGNISED:
        return task
    services.payment_record(
        actor=actor, task=task, kind=PaymentKind.SETTLED, amount=budget * 9 // 10, paid_on=today
    )
    task = services.liquidation_record(
        actor=actor, task=task, decision=_decision(f"{task.pk}/BB-TLHĐ", today)
    )
    if until == TaskState.LIQUIDATED:
        return task
    services.registration_submit(
        actor=applicant,
        task=task,
        data={
            "authors": f"{investigator}; ThS. Lê Văn Cường",
            "summary": "Quy trình công nghệ và mô hình trình diễn 5 ha.",
            "keywords": "thủy sản; Cà Mau",
            "products": "Quy trình; mô hình",
            "applications": "Các huyện ven biển",
        },
    )
    services.registration_confirm(actor=leader, task=task)
    task = services.registration_record(
        actor=actor, task=task, archive_number=f"{task.pk:02d}/KQNC-SKHCN", registered_on=today
    )
    return task


def lifecycle(context: DemoContext) -> None:
    """Tasks in every state: the 2023 ordering list (the old regime) with tasks still under way,
    accepted, registered; the 2026 ordering list (the 2025 law) with a call open now where
    ``ungvien`` applied, tasks being selected, approved, contracted, one whose budget is before an
    appraisal team with the Department of Finance, and one whose acceptance council (``thuky``
    its secretary, ``hoidong`` a member) meets tomorrow. ``thutruong`` leads the hosts: an
    adjustment to endorse, a Form 5 to confirm; ``lanhdao`` decides an endorsed adjustment."""
    from khcn.councils import services as councils
    from khcn.councils.choices import CouncilKind
    from khcn.councils.demo import _seat
    from khcn.councils.workflow import COUNCIL_WORKFLOW
    from khcn.research.choices import PaymentKind, TaskState

    dost = Organization.objects.get(name="Sở Khoa học và Công nghệ", valid_to__isnull=True)
    applicant = User.objects.get(username="ungvien")
    terms = {t.code: t for t in Term.objects.filter(scheme__code="linh-vuc-khcn-2008")}
    today = timezone.localdate()
    from khcn.accounts.choices import Role
    from khcn.accounts.demo import demo_person

    host_leader = demo_person(
        context,
        username=HOST_LEADER,
        full_name="Trần Minh Đức",
        role=Role.APPLICANT,
        job_title="Thủ trưởng tổ chức chủ trì",
        email=HOST_LEADER_EMAIL,
    )
    old = _ordered(
        context,
        dost,
        applicant,
        terms,
        year=2023,
        decided_on=dt.date(2023, 4, 12),
        number="736/QĐ-UBND",
        rows=[
            ("Nghiên cứu sản xuất giống cá chình hoa tại tỉnh Cà Mau", "405", "direct", "topic"),
            ("Xây dựng mô hình trồng rừng ngập mặn kết hợp nuôi cua", "402", "direct", "pilot"),
            ("Đánh giá chất lượng nước mặt phục vụ nuôi trồng thủy sản", "207", "direct", "topic"),
            ("Số hóa tư liệu di sản văn hóa phi vật thể đờn ca tài tử Cà Mau", "603", "direct", "scheme"),
            ("Sản xuất thử nghiệm chế phẩm vi sinh xử lý bùn đáy ao tôm", "208", "direct", "pilot"),
            ("Nghiên cứu phục hồi rừng tràm sau cháy tại Vườn quốc gia U Minh Hạ", "402", "direct", "topic"),
        ],
    )
    _through(context, old[0], applicant, until=TaskState.IN_PROGRESS, start=dt.date(2023, 7, 1), months=42)
    _through(
        context,
        old[1],
        applicant,
        until=TaskState.REGISTERED,
        start=dt.date(2023, 7, 1),
        months=24,
        host="Trường Đại học Bạc Liêu",
        investigator="PGS.TS. Nguyễn Văn Thành",
        budget=2_100_000_000,
    )
    _through(
        context,
        old[2],
        applicant,
        until=TaskState.ACCEPTED,
        start=dt.date(2023, 8, 1),
        months=24,
        host="Trung tâm Quan trắc tài nguyên và môi trường",
        investigator="ThS. Phạm Thị Hạnh",
        budget=800_000_000,
    )
    # The host asks to adjust the content of the first: the DOST decides.
    from khcn.research.choices import AdjustmentKind

    services.adjustment_request(
        actor=applicant,
        task=old[0],
        kind=AdjustmentKind.CONTENT,
        description="Thay địa điểm thử nghiệm từ xã Tân Hưng sang xã Khánh Bình (quy mô giữ nguyên).",
        reason="Hộ nuôi tại địa điểm cũ chuyển đổi sang trồng lúa.",
    )
    # Under the old regime: one terminated (funds recovered), one liquidated, not yet registered.
    stopped = _through(
        context,
        old[4],
        applicant,
        until=TaskState.IN_PROGRESS,
        start=dt.date(2023, 9, 1),
        months=24,
        host="Công ty Cổ phần Sinh học Phương Nam (minh họa)",
        investigator="KS. Trịnh Văn Tài",
        budget=900_000_000,
    )
    services.terminate(
        actor=context.actor,
        task=stopped,
        decision=_decision(f"{stopped.pk}9/QĐ-UBND", dt.date(2024, 10, 2), "ppc"),
        note="Tổ chức chủ trì không bảo đảm đối ứng kinh phí.",
    )
    services.payment_record(
        actor=context.actor,
        task=stopped,
        kind=PaymentKind.RECOVERED,
        amount=200_000_000,
        paid_on=dt.date(2024, 12, 10),
        note="Thu hồi theo Quyết định chấm dứt.",
    )
    liquidated = _through(
        context,
        old[5],
        applicant,
        until=TaskState.LIQUIDATED,
        start=dt.date(2023, 6, 1),
        months=24,
        host="Vườn quốc gia U Minh Hạ",
        investigator="ThS. Lê Hoàng Yến",
        budget=1_500_000_000,
    )
    museum = _through(
        context,
        old[3],
        applicant,
        until=TaskState.IN_PROGRESS,
        start=dt.date(2024, 1, 1),
        months=36,
        host="Bảo tàng tỉnh Cà Mau",
        review_last=True,
        investigator="ThS. Huỳnh Quốc Việt",
        budget=650_000_000,
    )
    # Work for the host's leader (an adjustment above to endorse, a Form 5 to confirm) and for the
    # DOST's leader (an endorsed adjustment the Department approves).
    services.registration_submit(
        actor=applicant,
        task=liquidated,
        data={
            "authors": "ThS. Lê Hoàng Yến; KS. Phan Văn Lộc",
            "summary": "Quy trình phục hồi rừng tràm sau cháy trên đất than bùn; mô hình 10 ha.",
            "keywords": "rừng tràm; than bùn; U Minh Hạ",
            "products": "Quy trình; mô hình 10 ha",
            "applications": "Vườn quốc gia U Minh Hạ; các ban quản lý rừng phòng hộ",
        },
    )
    adjustment = services.adjustment_request(
        actor=applicant,
        task=museum,
        kind=AdjustmentKind.CONTENT,
        description="Bổ sung số hóa 20 bài bản đờn ca tài tử cổ, thay cho 20 bài bản đã có bản ghi.",
        reason="Các bài bản dự kiến đã được Bảo tàng số hóa từ nguồn kinh phí khác.",
    )
    services.adjustment_endorse(actor=host_leader, adjustment=adjustment)

    new = _ordered(
        context,
        dost,
        applicant,
        terms,
        year=2026,
        decided_on=dt.date(2025, 12, 18),
        number="2105/QĐ-UBND",
        rows=[
            ("Ứng dụng IoT giám sát môi trường ao nuôi tôm siêu thâm canh", "202", "selection", "topic"),
            ("Phát triển sản phẩm OCOP từ mật ong rừng U Minh", "404", "direct", "pilot"),
            ("Nghiên cứu giải pháp chống sạt lở bờ biển Đông bằng kè mềm", "201", "direct", "topic"),
            ("Xây dựng cơ sở dữ liệu nguồn gen cây dược liệu tỉnh Cà Mau", "106", "direct", "topic"),
            ("Đánh giá tác động của chuyển đổi số đến dịch vụ công cấp xã", "504", "direct", "scheme"),
            ("Chọn lọc giống lúa thơm chịu mặn cho vùng tôm – lúa", "401", "direct", "topic"),
            ("Ứng dụng dữ liệu viễn thám dự báo năng suất lúa", "207", "direct", "topic"),
            ("Thử nghiệm vật liệu nano xử lý nước nhiễm phèn", "205", "direct", "topic"),
            ("Nghiên cứu du lịch cộng đồng gắn với rừng ngập mặn Đất Mũi", "503", "selection", "topic"),
        ],
    )
    # Under the 2025 law: a task before its council, one approved, one not accepted whose research
    # risk was accepted (liquidated without recovering the funds, closed), one dropped.
    _through(
        context,
        new[5],
        applicant,
        until=TaskState.IN_SELECTION,
        start=today + dt.timedelta(days=90),
        host="Viện Lúa Đồng bằng sông Cửu Long",
        investigator="TS. Võ Thị Mai",
        budget=1_300_000_000,
    )
    _through(
        context,
        new[6],
        applicant,
        until=TaskState.APPROVED,
        start=today + dt.timedelta(days=15),
        host="Trung tâm Ứng dụng tiến bộ KH&CN",
        investigator="KS. Tạ Minh Hiếu",
        budget=560_000_000,
    )
    failed = _through(
        context,
        new[7],
        applicant,
        until=TaskState.IN_ACCEPTANCE,
        start=dt.date(2026, 1, 5),
        months=8,
        host="Trường Đại học Kỹ thuật – Công nghệ Cần Thơ",
        investigator="TS. Hồ Văn Lực",
        budget=480_000_000,
    )
    services.council_rated(
        str(failed.pk), {"passed": False, "rating": "khong_dat", "reasons": ["Biên bản trên giấy."]}
    )
    failed.refresh_from_db()
    failed = services.liquidation_record(
        actor=context.actor,
        task=failed,
        decision=_decision(f"{failed.pk}/BB-TLHĐ", today),
        accept_risk=True,
        note="Tổ chức chủ trì thực hiện đúng quy định; kết quả không đạt do rủi ro khoa học "
        "(Nghị định 88/2025).",
    )
    services.task_close(actor=context.actor, task=failed)
    task_workflow(new[8]).apply(
        "drop", actor=context.actor, obj=new[8], note="Trùng với nhiệm vụ cấp quốc gia đang thực hiện."
    )

    # A call for selection open now: ungvien applied (submitted), the DOST checks it.
    call_task = services.selection_call_open(
        actor=context.actor, task=new[0], apply_from=today - dt.timedelta(days=10)
    )
    application = _host_application(
        call_task,
        applicant,
        host="Công ty TNHH Thủy sản Minh Phú (minh họa)",
        investigator="KS. Đoàn Văn Tâm",
        budget=950_000_000,
    )
    services.application_submit(actor=applicant, application=application)
    _through(
        context,
        new[1],
        applicant,
        until=TaskState.RECOMMENDED,
        start=today + dt.timedelta(days=30),
        host="Hợp tác xã Ong mật U Minh",
        investigator="Lý Văn Phong",
        budget=700_000_000,
    )
    _through(
        context,
        new[2],
        applicant,
        until=TaskState.CONTRACTED,
        start=dt.date(2026, 3, 1),
        months=24,
        host="Viện Kỹ thuật Biển",
        investigator="TS. Châu Minh Khoa",
        budget=3_200_000_000,
    )
    accepted = _through(
        context,
        new[3],
        applicant,
        until=TaskState.IN_ACCEPTANCE,
        start=dt.date(2026, 1, 15),
        months=10,
        host="Trường Đại học Cần Thơ",
        investigator="PGS.TS. Lâm Ngọc Tuyết",
        budget=1_050_000_000,
    )
    appraised = _through(
        context,
        new[4],
        applicant,
        until=TaskState.IN_APPRAISAL,
        start=today + dt.timedelta(days=60),
        host="Học viện Chính trị khu vực IV",
        investigator="TS. Mai Thanh Sơn",
        budget=450_000_000,
    )
    # Its budget before an appraisal team with a member of the Department of Finance.
    team = councils.council_create(
        actor=context.actor,
        name=f"Tổ thẩm định kinh phí nhiệm vụ {appraised.code}",
        kind=CouncilKind.BUDGET_APPRAISAL,
        organization=dost,
    )
    for name, role, affiliation in (
        ("Nguyễn Văn An", "chair", "Sở Khoa học và Công nghệ"),
        ("Lê Thị Thu Hà", "member", "Sở Tài chính tỉnh Cà Mau"),
        ("Phạm Quốc Khánh", "member", "Sở Khoa học và Công nghệ"),
    ):
        councils.member_add(
            actor=context.actor, council=team, full_name=name, role=role, affiliation=affiliation
        )
    services.task_to_council(actor=context.actor, task=appraised, council=team)

    # The acceptance council meets tomorrow: thuky its secretary, hoidong a member.
    member = User.objects.get(username="hoidong")
    secretary = User.objects.get(username="thuky")
    council = councils.council_create(
        actor=context.actor,
        name=f"Hội đồng đánh giá, nghiệm thu nhiệm vụ {accepted.code}",
        kind=CouncilKind.ACCEPTANCE,
        organization=dost,
    )
    services.task_to_council(actor=context.actor, task=accepted, council=council)
    _seat(context, council, member_user=member, secretary_user=secretary)
    COUNCIL_WORKFLOW.apply("propose", actor=context.actor, obj=council)
    councils.decision_record(
        actor=context.actor,
        council=council,
        number="97/QĐ-SKHCN",
        date=today - dt.timedelta(days=5),
        signer_name="Nguyễn Văn An",
        signer_position="Phó Giám đốc",
    )
    councils.session_schedule(
        actor=context.actor,
        council=council,
        at=timezone.now() + dt.timedelta(days=1),
        place="Phòng họp Sở Khoa học và Công nghệ",
    )

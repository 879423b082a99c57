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
from khcn.research.workflow import PROPOSAL_WORKFLOW

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

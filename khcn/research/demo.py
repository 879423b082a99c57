"""Demo calls and proposals (demo mode only), so that ``ungvien`` (an applicant), the agency
reporter and ``chuyenvien`` have work on their first log-in: the call for 2027 is open, with
``ungvien``'s draft, a proposal returned for completion and one submitted; the 2026 call has
closed, its proposals screened and waiting to be handed to the identification council. The
proposals are written for the demo (not real submissions)."""

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


def load(context: DemoContext) -> None:
    dost = Organization.objects.get(name="Sở Khoa học và Công nghệ", valid_to__isnull=True)
    applicant = User.objects.get(username="ungvien")
    reporter = User.objects.get(username="baocao.syt")
    terms = {t.code: t for t in Term.objects.filter(scheme__code="linh-vuc-khcn-2008")}
    today = timezone.localdate()
    actor = context.actor

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

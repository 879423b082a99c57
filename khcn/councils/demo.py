"""Demo councils (demo mode only), so that the council member ``hoidong`` and the secretary
``thuky`` have work on their first log-in: the 2026 identification council in session (two
proposals to vote on; the other members' votes already in), a selection council closed with
its tally, and an acceptance council being formed. Members other than the two demo accounts
are generated names and say so."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.accounts.demo import demo_person
from khcn.core.plugins import DemoContext
from khcn.councils import services
from khcn.councils.choices import CouncilKind, MemberRole
from khcn.councils.models import Council
from khcn.councils.workflow import COUNCIL_WORKFLOW
from khcn.organizations.models import Organization

# Generated names (not real people).
NAMES = [
    "Nguyễn Văn Hùng",
    "Trần Thị Thu Hà",
    "Lê Minh Tuấn",
    "Phạm Ngọc Ánh",
    "Huỳnh Văn Phúc",
    "Lâm Thị Mỹ Dung",
    "Đỗ Quang Vinh",
    "Trương Thị Kim Ngân",
    "Châu Văn Lộc",
]
ROLES = [
    MemberRole.CHAIR,
    MemberRole.VICE_CHAIR,
    MemberRole.SECRETARY,
    MemberRole.REVIEWER,
    MemberRole.REVIEWER,
    MemberRole.MEMBER,
    MemberRole.MEMBER,
    MemberRole.MEMBER,
    MemberRole.MEMBER,
]


def _seat(context: DemoContext, council: Council, *, member_user, secretary_user) -> list:
    seats = []
    for i, (name, role) in enumerate(zip(NAMES, ROLES, strict=True)):
        user = secretary_user if role == MemberRole.SECRETARY else (member_user if i == 5 else None)
        seats.append(
            services.member_add(
                actor=context.actor,
                council=council,
                full_name=user.full_name if user else name,
                role=role,
                user=user,
                affiliation="Trường Đại học Bạc Liêu" if i % 2 else "Viện Nghiên cứu Nuôi trồng thủy sản II",
            )
        )
    return seats


def _establish(context: DemoContext, council: Council, number: str, day: dt.date) -> None:
    COUNCIL_WORKFLOW.apply("propose", actor=context.actor, obj=council)
    services.decision_record(
        actor=context.actor,
        council=council,
        number=number,
        date=day,
        signer_name="Nguyễn Văn An",
        signer_position="Phó Giám đốc",
    )
    services.session_schedule(
        actor=context.actor, council=council, at=timezone.now(), place="Phòng họp Sở Khoa học và Công nghệ"
    )


def load(context: DemoContext) -> None:
    dost = Organization.objects.get(name="Sở Khoa học và Công nghệ", valid_to__isnull=True)
    identification = services.council_create(
        actor=context.actor,
        name="Hội đồng tư vấn xác định nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2026",
        kind=CouncilKind.IDENTIFICATION,
        organization=dost,
    )
    member = demo_person(
        context,
        username="hoidong",
        full_name="Võ Minh Quang",
        role=Role.COUNCIL_MEMBER,
        job_title="Thành viên hội đồng",
        council=identification,
    )
    secretary = demo_person(
        context,
        username="thuky",
        full_name="Đặng Thị Lan",
        role=Role.COUNCIL_SECRETARY,
        job_title="Thư ký khoa học",
        council=identification,
    )
    seats = _seat(context, identification, member_user=member, secretary_user=secretary)
    for title in (
        "Đề xuất: Nghiên cứu quy trình nuôi tôm càng xanh toàn đực kết hợp trồng lúa tại Cà Mau",
        "Đề xuất: Ứng dụng ảnh vệ tinh giám sát sạt lở bờ biển Tây tỉnh Cà Mau",
    ):
        services.item_add(actor=context.actor, council=identification, title=title)
    _establish(context, identification, "45/QĐ-SKHCN", dt.date(2026, 3, 2))
    for seat in seats:
        services.attendance_set(actor=context.actor, member=seat, present=True)
    COUNCIL_WORKFLOW.apply("open", actor=secretary, obj=identification)
    # The other members' votes are in (typed by the secretary from paper); hoidong's are not.
    for seat in seats:
        if seat.user_id == member.pk:
            continue
        for n, item in enumerate(identification.items.order_by("pk")):
            services.declaration_sign(actor=secretary, member=seat, item=item)
            services.sheet_save(
                actor=secretary,
                member=seat,
                item=item,
                vote="yes" if (n == 0 or seat.role != MemberRole.MEMBER) else "no",
                submit=True,
            )

    acceptance = services.council_create(
        actor=context.actor,
        name="Hội đồng nghiệm thu đề tài “Xây dựng mô hình trồng rừng ngập mặn kết hợp nuôi thủy sản”",
        kind=CouncilKind.ACCEPTANCE,
        organization=dost,
    )
    for name, role in zip(NAMES[:4], ROLES[:4], strict=True):
        services.member_add(actor=context.actor, council=acceptance, full_name=name, role=role)

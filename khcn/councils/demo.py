"""Demo councils (demo mode only), so that the council member ``hoidong`` and the secretary
``thuky`` have work on their first log-in, one council of each kind in a different state:
the 2026 identification council in session (two proposals to vote on; the other members' votes
already in), a selection council scheduled for tomorrow (``thuky`` marks attendance, opens it,
types in the paper sheets), a direct-assignment council closed with its tally, a budget
appraisal team with its members proposed, an acceptance council, an advisory council and a
self-evaluation council being formed. Members other than the two demo accounts are generated
names (not real people)."""

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


def _scores(total: int) -> dict[str, int]:
    """Applied R&D scores (maxima 12/24/16/16/16/16) adding up to ``total``."""
    maxima = [12, 24, 16, 16, 16, 16]
    out = [total * m // 100 for m in maxima]
    i = 0
    while sum(out) < total:
        if out[i % 6] < maxima[i % 6]:
            out[i % 6] += 1
        i += 1
    return {str(n): v for n, v in enumerate(out, start=1)}


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
    services.session_open(actor=secretary, council=identification)
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

    # A selection council scheduled for tomorrow: the secretary's next session.
    selection = services.council_create(
        actor=context.actor,
        name="Hội đồng tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công nghệ năm 2026",
        kind=CouncilKind.SELECTION,
        organization=dost,
        rubric="applied_rnd",
    )
    _seat(context, selection, member_user=member, secretary_user=secretary)
    for title, host in (
        (
            "Hồ sơ: Nghiên cứu quy trình nuôi tôm càng xanh toàn đực kết hợp trồng lúa",
            "Trường Đại học Bạc Liêu",
        ),
        (
            "Hồ sơ: Nghiên cứu quy trình nuôi tôm càng xanh toàn đực kết hợp trồng lúa",
            "Trường Đại học Cần Thơ",
        ),
    ):
        services.item_add(
            actor=context.actor,
            council=selection,
            title=f"{title} ({host})",
            parties={"organization_names": [host]},
        )
    COUNCIL_WORKFLOW.apply("propose", actor=context.actor, obj=selection)
    services.decision_record(
        actor=context.actor,
        council=selection,
        number="118/QĐ-SKHCN",
        date=timezone.localdate() - dt.timedelta(days=7),
        signer_name="Nguyễn Văn An",
        signer_position="Phó Giám đốc",
    )
    services.session_schedule(
        actor=context.actor,
        council=selection,
        at=timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) + dt.timedelta(days=1),
        place="Phòng họp Sở Khoa học và Công nghệ",
    )

    # A direct-assignment council that met and closed with its tally.
    direct = services.council_create(
        actor=context.actor,
        name="Hội đồng xét giao trực tiếp nhiệm vụ “Bảo tồn nguồn gen cua biển Cà Mau”",
        kind=CouncilKind.DIRECT_ASSIGNMENT,
        organization=dost,
        rubric="applied_rnd",
    )
    seats = _seat(context, direct, member_user=None, secretary_user=None)
    services.item_add(
        actor=context.actor,
        council=direct,
        title=(
            "Hồ sơ: Bảo tồn và phát triển nguồn gen cua biển Cà Mau (Viện Nghiên cứu Nuôi trồng Thủy sản II)"
        ),
    )
    _establish(context, direct, "96/QĐ-SKHCN", dt.date(2026, 9, 15))
    absent = seats[-1]  # sent a written opinion
    for seat in seats:
        services.attendance_set(
            actor=context.actor,
            member=seat,
            present=seat is not absent,
            written_opinion="Đồng ý giao trực tiếp." if seat is absent else "",
        )
    services.session_open(actor=context.actor, council=direct)
    item = direct.items.get()
    for n, seat in enumerate(seats[:-1]):
        services.declaration_sign(actor=context.actor, member=seat, item=item)
        services.sheet_save(
            actor=context.actor, member=seat, item=item, scores=_scores(72 + 3 * (n % 5)), submit=True
        )
    services.minutes_save(
        actor=context.actor,
        council=direct,
        text=(
            "Hội đồng đề nghị giao trực tiếp. Chủ nhiệm hoàn thiện thuyết minh: bổ sung chỉ tiêu "
            "kinh tế - kỹ thuật của sản phẩm."
        ),
    )
    services.session_close(actor=context.actor, council=direct)

    # A budget appraisal team with its members proposed.
    budget = services.council_create(
        actor=context.actor,
        name="Tổ thẩm định kinh phí nhiệm vụ “Ứng dụng ảnh vệ tinh giám sát sạt lở bờ biển”",
        kind=CouncilKind.BUDGET_APPRAISAL,
        organization=dost,
    )
    for n, name in enumerate(NAMES[:5]):
        role = MemberRole.CHAIR if n == 0 else MemberRole.MEMBER
        services.member_add(actor=context.actor, council=budget, full_name=name, role=role)
    services.item_add(
        actor=context.actor, council=budget, title="Dự toán kinh phí nhiệm vụ ứng dụng ảnh vệ tinh"
    )
    COUNCIL_WORKFLOW.apply("propose", actor=context.actor, obj=budget)

    # The two kinds left: an advisory council and a host's self-evaluation council, being formed.
    for name, kind in (
        ("Hội đồng tư vấn chính sách khoa học và công nghệ tỉnh Cà Mau", CouncilKind.ADVISORY),
        (
            "Hội đồng tự đánh giá kết quả đề tài “Bảo tồn nguồn gen cua biển Cà Mau”",
            CouncilKind.SELF_EVALUATION,
        ),
    ):
        council = services.council_create(actor=context.actor, name=name, kind=kind, organization=dost)
        for n, person in enumerate(NAMES[:3]):
            role = MemberRole.CHAIR if n == 0 else MemberRole.MEMBER
            services.member_add(actor=context.actor, council=council, full_name=person, role=role)

"""Demo data for plans: the seed plan imported through the parser and the import service,
two annual reporting periods, and agency reports in every state (accepted on time, accepted
late, submitted, returned with a note, draft, not started), so that the dashboard and the
annual report have content; a reporter and a leader for every agency with duties in it. An ad
hoc report the DOST asked for is past its due date: two agencies have not sent it, Sở Y tế's
draft waits for its leader, one report awaits review; with this year's reports and a
difficulty not yet answered, the DOST's home has work to show. Run by the site's demo
(``khcn.plans.site``), in demo mode only."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.accounts.demo import demo_person
from khcn.accounts.models import User
from khcn.core.plugins import DemoContext
from khcn.organizations.models import Organization
from khcn.plans import services
from khcn.plans.choices import ItemProgress, PeriodKind
from khcn.plans.models import Assignment, ReportLine
from khcn.plans.parser.draft import ImportDraft

SEED = Path(__file__).resolve().parent / "fixtures" / "ke-hoach-kl50-ca-mau.txt"
# A letter of the parser's corpus of real documents (its address is in the annotation beside it).
DEMO_LETTER = (
    Path(__file__).resolve().parent / "tests" / "corpus" / "cong-van" / "hau-giang-994-ubnd-kgvx-2017.txt"
)

RESULTS = [
    "Đã tổ chức quán triệt Kết luận số 50-KL/TW đến toàn thể cán bộ, công chức, viên chức của đơn vị.",
    "Triển khai 03 nhiệm vụ khoa học và công nghệ cấp tỉnh; 01 nhiệm vụ đã nghiệm thu đạt yêu cầu.",
    "Phối hợp xây dựng 02 mô hình ứng dụng tiến bộ kỹ thuật trong nuôi trồng thủy sản.",
    "Ban hành kế hoạch ứng dụng công nghệ thông tin và chuyển đổi số của ngành.",
    "Hỗ trợ 05 doanh nghiệp đổi mới công nghệ, đăng ký bảo hộ nhãn hiệu.",
]
DIFFICULTIES = [
    "Kinh phí sự nghiệp khoa học bố trí cho ngành còn hạn chế.",
    "Nguồn nhân lực có trình độ chuyên sâu còn thiếu.",
    "",
]
PROPOSALS = [
    "Đề nghị Sở Khoa học và Công nghệ hướng dẫn quy trình đặt hàng nhiệm vụ năm sau.",
    "",
]


def load(context: DemoContext) -> None:
    """Import the seed plan (as the demo administrator) and generate its reports; the DOST
    specialist reviews them, and has a letter's import waiting for their review."""
    from khcn.plans.parser import parse_text

    actor = context.actor
    reviewer = User.objects.get(username="chuyenvien")

    text = SEED.read_text(encoding="utf-8")
    draft = ImportDraft.from_parse(parse_text(text).to_json())
    plan = services.plan_import(actor=actor, draft=draft, source_text=text, source_name=SEED.name)
    rng = random.Random(50)  # reproducible
    # One reporter and one leader for every agency that has assignments (besides the Sở Y tế accounts).
    agencies: list[Organization] = sorted(
        {
            a.organization
            for a in Assignment.objects.filter(item__plan=plan, organization__isnull=False)
            if a.organization
        },
        key=lambda o: o.pk,
    )
    people: dict[int, tuple[Any, Any]] = {}
    for i, org in enumerate(agencies, start=1):
        existing = list(
            org.memberships.filter(role__in=[Role.AGENCY_REPORTER, Role.AGENCY_LEADER]).select_related("user")
        )
        reporter = next((m.user for m in existing if m.role == Role.AGENCY_REPORTER), None)
        leader = next((m.user for m in existing if m.role == Role.AGENCY_LEADER), None)
        if reporter is None:
            reporter = demo_person(
                context,
                username=f"baocao{i:02d}",
                full_name=f"Cán bộ báo cáo {org.short_name or org.name}",
                role=Role.AGENCY_REPORTER,
                organization=org,
            )
        if leader is None:
            leader = demo_person(
                context,
                username=f"lanhdao{i:02d}",
                full_name=f"Lãnh đạo {org.short_name or org.name}",
                role=Role.AGENCY_LEADER,
                organization=org,
            )
        people[org.pk] = (reporter, leader)
    this_year = timezone.localdate().year
    # This year's reports go through every state in turn, so each one is on show.
    fates = ["accepted", "draft", "submitted", "returned", "none", "accepted", "submitted"]
    for year in (this_year - 1, this_year):
        period = services.period_create(actor=actor, plan=plan, kind=PeriodKind.ANNUAL, year=year)
        for n, org in enumerate(agencies):
            reporter, leader = people[org.pk]
            fate = fates[n % len(fates)] if year == this_year else "accepted"
            if fate == "none":
                continue  # not started yet
            report = services.report_start(actor=reporter, period=period, organization=org)
            report = services.report_save(
                actor=reporter,
                report=report,
                version=report.version,
                summary="Đơn vị đã triển khai các nội dung được giao theo Kế hoạch.",
                lines=_lines(report, rng),
            )
            if fate == "draft":
                continue
            if fate == "submitted" and n % len(fates) == 2:
                services.attachment_add(
                    actor=reporter,
                    report=report,
                    file=_figures_docx(org),
                    description="Bảng số liệu kèm theo",
                )
            report = services.report_submit(actor=leader, report=report, confirmed=True)  # as written
            if fate == "submitted":
                continue  # waiting for the DOST
            if fate == "returned":
                services.report_return(
                    actor=reviewer,
                    report=report,
                    note="Đề nghị bổ sung số liệu cụ thể và minh chứng kết quả.",
                )
                continue
            services.report_accept(actor=reviewer, report=report)
            if year < this_year:
                # Demo only: last year's reports were sent last year; date them before or just
                # after the due date instead of today, so the dashboard shows on-time and late.
                days = rng.choice([-9, -4, -2, -1, 3, 12])
                sent = timezone.make_aware(
                    dt.datetime.combine(period.due_on + dt.timedelta(days=days), dt.time(9))
                )
                type(report).objects.filter(pk=report.pk).update(
                    submitted_at=sent, accepted_at=sent + dt.timedelta(days=5), is_late=days > 0
                )
    _ad_hoc(actor, plan, agencies, people, reviewer, rng)
    _difficulties(plan, agencies, people, reviewer)
    # A real official letter pasted by the DOST specialist, read and waiting for their review.
    from khcn.plans.services.imports import plan_import_start

    plan_import_start(actor=reviewer, text=DEMO_LETTER.read_text(encoding="utf-8"))


def _lines(report: Any, rng: random.Random) -> dict[int, dict[str, Any]]:
    """What an agency writes for each item of its report (reproducible)."""
    return {
        line.pk: {
            "progress": rng.choice(
                [
                    ItemProgress.COMPLETED,
                    ItemProgress.IN_PROGRESS,
                    ItemProgress.COMPLETED_LATE,
                    ItemProgress.IN_PROGRESS,
                ]
            ),
            "results": rng.choice(RESULTS),
            "figures": f"{rng.randint(1, 12)} nhiệm vụ; {rng.randint(50, 900)} triệu đồng",
            "difficulties": rng.choice(DIFFICULTIES),
            "proposals": rng.choice(PROPOSALS),
        }
        for line in ReportLine.objects.filter(report=report)
    }


def _ad_hoc(
    actor: Any,
    plan: Any,
    agencies: list[Organization],
    people: dict[int, tuple[Any, Any]],
    reviewer: Any,
    rng: random.Random,
) -> None:
    """An ad hoc report the DOST asked for, due ten days ago (whatever the day the demo is
    loaded): most agencies sent it on time and it was accepted; two have not sent theirs
    (late), Sở Y tế's draft waits for its leader (``lanhdao.syt``), one awaits review."""
    today = timezone.localdate()
    due = today - dt.timedelta(days=10)
    period = services.period_create(
        actor=actor,
        plan=plan,
        kind=PeriodKind.AD_HOC,
        year=due.year,
        start=today - dt.timedelta(days=100),
        end=today - dt.timedelta(days=20),
        due_on=due,
        name=f"Đột xuất tháng {due.month}/{due.year}",
    )
    fates = {1: "none", 4: "none", 7: "submitted"}  # by the agency's place; the rest accepted
    for n, org in enumerate(agencies):
        reporter, leader = people[org.pk]
        fate = "draft" if reporter.username == "baocao.syt" else fates.get(n, "accepted")
        if fate == "none":
            continue  # not sent, and the due date is past
        report = services.report_start(actor=reporter, period=period, organization=org)
        report = services.report_save(
            actor=reporter,
            report=report,
            version=report.version,
            summary="Đơn vị báo cáo nhanh kết quả thực hiện theo đề nghị của Sở Khoa học và Công nghệ.",
            lines=_lines(report, rng),
        )
        if fate == "draft":
            continue  # written by the reporter, waiting for the leader to submit it
        report = services.report_submit(actor=leader, report=report, confirmed=True)  # as written
        if fate == "submitted":
            continue  # sent after the due date, waiting for the DOST
        services.report_accept(actor=reviewer, report=report)
        # Demo only: these were sent before the due date, not today.
        sent = timezone.make_aware(
            dt.datetime.combine(due - dt.timedelta(days=rng.choice([1, 2, 4])), dt.time(9))
        )
        type(report).objects.filter(pk=report.pk).update(
            submitted_at=sent, accepted_at=sent + dt.timedelta(days=2), is_late=False
        )


def _figures_docx(org: Organization) -> Any:
    """A small Word table of figures, as agencies attach to their reports."""
    import io

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = docx.Document()
    document.add_paragraph(f"{org.name}: số liệu kèm theo báo cáo")
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [("Chỉ tiêu", "Kết quả"), ("Nhiệm vụ KH&CN", "3"), ("Kinh phí (triệu đồng)", "850")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile("Bảng số liệu.docx", out.getvalue())


def _difficulties(
    plan: Any, agencies: list[Organization], people: dict[int, tuple[Any, Any]], reviewer: Any
) -> None:
    """Two difficulties raised between periods; the DOST has answered the first."""
    texts = [
        (
            "Chưa có hướng dẫn cụ thể về cơ chế đặt hàng nhiệm vụ khoa học và công nghệ cấp cơ sở.",
            "Đề nghị Sở Khoa học và Công nghệ ban hành hướng dẫn trong quý tới.",
        ),
        (
            "Hạ tầng số tại một số xã vùng sâu chưa đáp ứng yêu cầu triển khai dịch vụ công trực tuyến.",
            "",
        ),
    ]
    for n, (org, (text, proposal)) in enumerate(zip(agencies[1:3], texts, strict=False)):
        reporter, _leader = people[org.pk]
        item = plan.items.filter(assignments__organization=org).order_by("position").first()
        difficulty = services.difficulty_raise(
            actor=reporter, plan=plan, organization=org, text=text, proposal=proposal, item=item
        )
        if n == 0:
            services.difficulty_respond(
                actor=reviewer,
                difficulty=difficulty,
                response="Sở Khoa học và Công nghệ sẽ ban hành văn bản hướng dẫn trước ngày 15/12; "
                "đơn vị tiếp tục rà soát, đề xuất nhiệm vụ theo quy định hiện hành.",
            )

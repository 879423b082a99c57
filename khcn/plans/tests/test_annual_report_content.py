"""The consolidated report of the demo plan, generated and read back as a DOCX: agencies as they
are on the report's date, the recipients of that date, each item's task in the annex, and no
punctuation glitch."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from docx import Document

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.core.testing import docx_text
from khcn.organizations import services as org_services
from khcn.organizations.choices import OrganizationKind as K
from khcn.organizations.models import Organization
from khcn.plans import exports, selectors, services
from khcn.plans.demo import SEED
from khcn.plans.models import AgencyReport, Plan
from khcn.plans.tests.helpers import client

pytestmark = pytest.mark.django_db

# Departments merged into others in 2025 (the seed plan, of 2019, names them).
GONE = ("Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn")
GLITCHES = re.compile(r"\.;|;\.|(?<!\.)\.\.(?!\.)|\(\(|\)\)|\([^()]*\([^()]*\)[^()]*\)|  ")


@pytest.fixture
def demo():
    with override_settings(KHCN_DEMO=True):
        call_command("seed_demo", stdout=io.StringIO())
    plan = Plan.objects.get(source_name=SEED.name)
    dost = Organization.objects.get(name="Sở Khoa học và Công nghệ", valid_to__isnull=True)
    period = plan.periods.order_by("end").first()  # last year's: every report accepted
    return {
        "plan": plan,
        "period": period,
        "specialist": User.objects.get(username="chuyenvien"),
        "dost": dost,
    }


def generate(demo, day):
    """The report of last year's period dated ``day``, from its draft as the DOST sees it, read
    back: paragraphs, the annex rows, the recipients."""
    period, specialist = demo["period"], demo["specialist"]
    draft = selectors.annual_report_draft(user=specialist, period=period, on=day)
    report = services.annual_report_generate(
        actor=specialist,
        period=period,
        narrative=draft.narrative,
        summary=draft.summary,
        number="07/BC-SKHCN",
        document_date=day,
        signer_authority="KT. GIÁM ĐỐC",
        signer_position="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn Hùng",
        recipients=draft.recipients,
    )
    paragraphs, tables = docx_text(bytes(report.docx))
    annex = next(t for t in tables if t[0][0] == "STT")
    rows = {row[1].split(". ")[0]: row for row in annex[1:]}
    start = paragraphs.index("Nơi nhận:")
    recipients = [p for p in paragraphs[start + 1 :] if p.startswith("- ")]
    recipients = recipients[: next(i for i, p in enumerate(recipients) if p.startswith("- Lưu")) + 1]
    return paragraphs, rows, recipients, report


def test_the_demo_report_names_todays_agencies_and_recipients_with_the_task_in_the_annex(demo):
    today = timezone.localdate()
    paragraphs, rows, recipients, report = generate(demo, today)
    narrative = paragraphs[: paragraphs.index("Nơi nhận:")]
    # Agencies as they are on the report's date: no department merged before it.
    for row in rows.values():
        for cell in row[2:]:
            assert not any(name in cell for name in GONE), row
    for paragraph in narrative:
        assert not any(name in paragraph for name in GONE), paragraph
    iv1 = rows["IV.1"]
    assert iv1[2] == "Sở Khoa học và Công nghệ"
    assert iv1[3].split("; ").count("Sở Tài chính") == 1  # named twice in the plan, once here
    assert "Ủy ban nhân dân các xã, phường có liên quan" in iv1[3]  # not "các huyện, thành phố"
    assert rows["IV.10"][2] == "Ủy ban nhân dân các xã, phường"
    # Each item's task, not the name of the agency that heads it (IV.2 "Sở Kế hoạch và Đầu tư").
    assert rows["IV.2"][1].startswith("IV.2. Chủ trì, phối hợp với các đơn vị có liên quan cân đối")
    assert rows["IV.2"][2] == "Sở Tài chính"
    assert rows["IV.6"][1].startswith("IV.6. Phối hợp với Sở Khoa học và Công nghệ trong ứng dụng")
    assert rows["IV.6"][3] == "Sở Nông nghiệp và Môi trường"
    assert rows["IV.7"][1].startswith("IV.7. Ứng dụng các tiến bộ kỹ thuật")
    for path, row in rows.items():
        agencies = {a.strip() for a in re.split(r"[;]", f"{row[2]};{row[3]}") if a.strip()}
        assert row[1].removeprefix(f"{path}. ") not in agencies, row
    # The recipients of that date: no district People's Committee after 1 July 2025.
    assert recipients[:2] == ["- UBND tỉnh (b/c);", "- Bộ Khoa học và Công nghệ (b/c);"]
    assert "- Các sở, ban, ngành tỉnh;" in recipients  # the plan names "các sở, ban, ngành"
    assert {"- Công an tỉnh;", "- Bộ Chỉ huy Quân sự tỉnh;", "- UBND các xã, phường;"} <= set(recipients)
    assert recipients[-2:] == ["- Ban Giám đốc Sở;", "- Lưu: VT, QLKH."]
    assert not any("huyện" in r or "Sở Khoa học và Công nghệ" in r for r in recipients)
    assert report.recipients[-1] == "Ban Giám đốc Sở"
    # No punctuation glitch anywhere in the document.
    document = Document(io.BytesIO(bytes(report.docx)))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for text in texts:
        for line in text.splitlines():
            assert not GLITCHES.search(line), line
    # The narrative: "text (agencies)." lines, results joined without ".;".
    assert any(re.fullmatch(r"- .+[^.] \((Sở|Công an|Bộ)[^()]+\)\.", p) for p in narrative), narrative
    assert any(p.startswith("- Bộ Chỉ huy Quân sự tỉnh (IV.9, thứ hai): ") for p in narrative)


def test_a_report_dated_before_july_2025_has_the_district_committees(demo):
    _paragraphs, rows, recipients, _report = generate(demo, dt.date(2025, 6, 30))
    assert "- UBND các huyện, thành phố;" in recipients and "- UBND các xã, phường;" not in recipients
    assert rows["IV.10"][2] == "Ủy ban nhân dân các huyện, thành phố Cà Mau"
    # The Sở Kế hoạch và Đầu tư had already merged into the Sở Tài chính (1 March 2025).
    assert rows["IV.2"][2] == "Sở Tài chính"


def test_agencies_are_named_as_on_the_reports_date(demo):
    """An agency merged after sending its report appears under its successor's name; one renamed
    after the report's date keeps the name it had then."""
    admin = User.objects.get(username="quantri")
    today = timezone.localdate()
    trade = Organization.objects.get(name="Sở Công Thương", valid_to__isnull=True)
    assert AgencyReport.objects.filter(period=demo["period"], organization=trade, status="accepted").exists()
    org_services.organization_merge(
        actor=admin,
        sources=[trade],
        new=org_services.NewOrganization(
            name="Sở Công Thương và Du lịch", short_name="SCT&DL", kind=K.DEPARTMENT, parent=trade.parent
        ),
        date=today,
    )
    health = Organization.objects.get(name="Sở Y tế", valid_to__isnull=True)
    org_services.organization_rename(
        actor=admin, organization=health, new_name="Sở Y tế và Dân số", date=today + dt.timedelta(days=30)
    )
    paragraphs, rows, _recipients, _report = generate(demo, today + dt.timedelta(days=1))
    text = "\n".join(paragraphs) + "\n".join("\n".join(r) for r in rows.values())
    assert "Sở Công Thương và Du lịch" in text and "Sở Công Thương:" not in text
    assert rows["IV.5"][3] == "Sở Công Thương và Du lịch"
    assert "- Sở Y tế: " in text and "Sở Y tế và Dân số" not in text  # renamed later
    later = selectors.annual_report_draft(
        user=demo["specialist"], period=demo["period"], on=today + dt.timedelta(days=31)
    )
    assert "- Sở Y tế và Dân số: " in later.narrative["general"]


def test_the_page_shows_the_same_recipients_and_annex(demo, make_user):
    dost = client(make_user(Role.DOST_SPECIALIST, organization=demo["dost"]))
    page = dost.get(reverse("plans:annual_report", args=[demo["period"].pk]))
    form = page.context["form"]
    recipients = form.initial["recipients"].splitlines()
    assert "UBND các xã, phường" in recipients and not any("huyện" in r for r in recipients)
    html = page.content.decode()
    annex = html.split('data-testid="annex"')[1].split("</table>")[0]
    assert "IV.2. Chủ trì, phối hợp với các đơn vị có liên quan" in annex
    assert ".;" not in annex and "((" not in annex
    # The draft's Word preview (before anything is generated) has the same recipients.
    preview = dost.get(reverse("plans:annual_report_download", args=[demo["period"].pk, "docx"]))
    paragraphs, _tables = docx_text(preview.content)
    assert "- UBND các xã, phường;" in paragraphs
    assert exports.DEFAULT_RECIPIENTS == [
        "UBND tỉnh (b/c)",
        "Bộ Khoa học và Công nghệ (b/c)",
        "Ban Giám đốc Sở",
    ]

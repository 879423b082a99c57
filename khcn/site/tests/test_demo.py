"""The demo: every app's loader, once, in dependency order, with one login per role."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from khcn.accounts.checks import no_demo_accounts_in_production
from khcn.accounts.models import User
from khcn.audit.models import AuditEvent
from khcn.organizations.models import Organization
from khcn.organizations.selectors import organization_resolve


@pytest.mark.django_db
def test_seed_demo_refused_outside_demo_mode():
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
@override_settings(KHCN_DEMO=True)
def test_seed_demo_loads_reorganisation_once(capsys):
    call_command("seed_demo")
    first = (Organization.objects.count(), User.objects.count(), AuditEvent.objects.count())
    call_command("seed_demo")
    assert (Organization.objects.count(), User.objects.count(), AuditEvent.objects.count()) == first
    out = capsys.readouterr().out
    assert "chuyenvien" in out and "KhcnDemo@2026" in out
    named = {"quantri", "chuyenvien", "lanhdao", "baocao.syt", "lanhdao.syt", "hoidong", "thuky", "ungvien"}
    assert named <= set(User.objects.filter(is_demo=True).values_list("username", flat=True))
    assert not User.objects.filter(is_demo=False).exists()
    today = timezone.localdate()
    dost_2019 = organization_resolve("Sở KH&CN", as_of=dt.date(2019, 6, 1), today=today)
    assert dost_2019.succeeded and [o.name for o in dost_2019.current] == ["Sở Khoa học và Công nghệ"]
    assert dost_2019.current[0].valid_from == dt.date(2025, 7, 1)
    for old, new in [
        ("Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
        ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
        ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường"),
        ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
        ("Ủy ban nhân dân tỉnh Bạc Liêu", "Ủy ban nhân dân tỉnh Cà Mau"),
    ]:
        r = organization_resolve(old, as_of=dt.date(2020, 1, 1), today=today)
        assert [o.name for o in r.current] == [new], old
    district = organization_resolve("UBND huyện Đầm Dơi", as_of=dt.date(2020, 1, 1), today=today)
    assert {o.kind for o in district.current} == {"commune_committee"} and len(district.current) == 2
    # The plan demo: this year's reports in every state, a file attached, difficulties raised.
    from khcn.plans.models import AgencyReport, Difficulty, ReportAttachment

    this_year = set(
        AgencyReport.objects.filter(period__end__year__gte=today.year).values_list("status", flat=True)
    )
    assert {"draft", "submitted", "returned", "accepted"} <= this_year
    assert ReportAttachment.objects.exists()
    assert set(Difficulty.objects.values_list("status", flat=True)) == {"open", "answered"}
    # Experts: about 200 generated profiles; the council member has their own.
    from khcn.classifications.models import Term
    from khcn.experts.models import Expert

    assert 200 <= Expert.objects.filter(is_generated=True).count() <= 210
    assert Expert.objects.get(user__username="hoidong").fields.exists()
    assert Term.objects.filter(scheme__plan__isnull=False).count() >= 5  # the plan's II.3 a–g
    with override_settings(KHCN_DEMO=False):
        errors = no_demo_accounts_in_production(None)
    assert [e.id for e in errors] == ["khcn.E001"]

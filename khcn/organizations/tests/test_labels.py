"""An agency and its 2025 successor of the same name read apart: "Sở Y tế (trước 01/7/2025)" for
the one that ended, in lists, choices, the reorganisation links and the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from khcn.accounts.choices import Role
from khcn.organizations import services
from khcn.organizations.choices import OrganizationKind as K
from khcn.organizations.forms import OrganizationChoiceField
from khcn.organizations.models import Organization, short_date
from khcn.plans.forms import AgencyMapForm

pytestmark = pytest.mark.django_db
JULY, MARCH = dt.date(2025, 7, 1), dt.date(2025, 3, 1)
OLD = "Sở Y tế (trước 01/7/2025)"


@pytest.fixture
def reorganised(make_user):
    """Cà Mau's and Bạc Liêu's departments of health merged into a new "Sở Y tế" on 1 July
    2025 (the old one's unit moving with it), and a department that ended under a name nobody
    took over."""
    admin = make_user(Role.SYSADMIN)

    def create(name: str, **kw):
        return services.organization_create(actor=admin, name=name, kind=K.DEPARTMENT, **kw)

    old = create("Sở Y tế", short_name="Sở Y tế")
    unit = services.organization_create(
        actor=admin, name="Trung tâm Kiểm soát bệnh tật", kind=K.PUBLIC_SERVICE_UNIT, parent=old
    )
    bac_lieu = create("Sở Y tế tỉnh Bạc Liêu")
    new = services.organization_merge(
        actor=admin,
        sources=[old, bac_lieu],
        date=JULY,
        new=services.NewOrganization(name="Sở Y tế", kind=K.DEPARTMENT, short_name="Sở Y tế"),
    )
    science = create("Sở Khoa học và Công nghệ")
    ict = create("Sở Thông tin và Truyền thông")
    services.organization_merge(actor=admin, sources=[ict], target=science, date=MARCH)
    old.refresh_from_db()
    ict.refresh_from_db()
    return {"admin": admin, "old": old, "new": new, "unit": unit, "bac_lieu": bac_lieu, "ict": ict}


def test_the_ended_namesake_says_until_when(reorganised):
    old, new, ict = reorganised["old"], reorganised["new"], reorganised["ict"]
    assert old.label == OLD
    assert new.label == "Sở Y tế"
    assert ict.label == "Sở Thông tin và Truyền thông"  # ended, but no other agency has its name
    assert str(old) == "Sở Y tế"  # documents of the time still name it as it was
    with translation.override("en"):
        assert Organization.objects.get(pk=old.pk).label == "Sở Y tế (before 01/7/2025)"
    labelled = {o.pk: o.label for o in Organization.objects.labelled()}
    assert labelled[old.pk] == OLD and labelled[new.pk] == "Sở Y tế"
    assert labelled[ict.pk] == ict.name


def test_short_date_follows_decree_30():
    assert short_date(dt.date(2025, 7, 1)) == "01/7/2025"
    assert short_date(dt.date(2026, 2, 5)) == "05/02/2026"
    assert short_date(dt.date(2025, 12, 15)) == "15/12/2025"


def test_choices_name_the_two_apart(reorganised):
    old, new = reorganised["old"], reorganised["new"]
    field = OrganizationChoiceField(queryset=Organization.objects.filter(pk__in=[old.pk, new.pk]).labelled())
    labels = sorted(label for _value, label in field.choices if label != field.empty_label)
    assert labels == ["Sở Y tế", OLD]
    # mapping a name an imported plan used: both agencies may be suggested
    form = AgencyMapForm(candidates=[old, new], active=Organization.objects.filter(valid_to__isnull=True))
    shown = sorted(str(choice.choice_label) for choice in form["candidates"])
    assert shown == ["Sở Y tế", OLD]


def test_registry_pages_and_history_read_naturally(reorganised, client: Client):
    old, new, unit = reorganised["old"], reorganised["new"], reorganised["unit"]
    client.force_login(reorganised["admin"])
    listing = client.get(reverse("organizations:list"), {"status": "all", "q": "y te"}).content.decode()
    assert f">{OLD}</a>" in listing and ">Sở Y tế</a>" in listing
    page = client.get(new.get_absolute_url()).content.decode()
    assert f'<a href="{old.get_absolute_url()}">{OLD}</a>' in page  # took over the duties of…
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert f"<h1>{OLD}</h1>" in old_page
    assert f'<a href="{new.get_absolute_url()}">Sở Y tế</a>' in old_page  # …is now carried out by
    history = client.get(new.get_absolute_url(), {"tab": "history"}).content.decode()
    assert OLD in history and "Sở Y tế tỉnh Bạc Liêu" in history
    unit_history = client.get(unit.get_absolute_url(), {"tab": "history"}).content.decode()
    assert f"<del>{OLD}</del>" in unit_history and "<ins>Sở Y tế</ins>" in unit_history


def test_the_registry_list_asks_no_more_for_labels(
    reorganised, client: Client, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(reorganised["admin"])
    url = reverse("organizations:list")
    client.get(url, {"status": "all"})
    with django_assert_max_num_queries(50) as queries:
        client.get(url, {"status": "all"})
    before = len(queries.captured_queries)
    for year in range(2001, 2011):  # ten more agencies that ended under a name taken over
        name = f"Ban Thử {year}"
        first = services.organization_create(actor=reorganised["admin"], name=name, kind=K.DEPARTMENT)
        services.organization_merge(
            actor=reorganised["admin"],
            sources=[first],
            date=dt.date(year, 1, 1),
            new=services.NewOrganization(name=name, kind=K.DEPARTMENT),
        )
    with django_assert_num_queries(before):
        body = client.get(url, {"status": "all"}).content.decode()
    assert "Ban Thử 2005 (trước 01/01/2005)" in body

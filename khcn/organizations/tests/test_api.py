import datetime as dt

import pytest
from django.test import Client

from khcn.accounts.choices import Role
from khcn.organizations import services
from khcn.organizations.choices import OrganizationKind as K

pytestmark = pytest.mark.django_db


def test_api_requires_login_and_lists_and_resolves(client, make_user):
    assert client.get("/api/v1/organizations/").status_code == 401
    dost = make_user(Role.DOST_SPECIALIST)
    old = services.organization_create(
        actor=dost, name="Sở Kế hoạch và Đầu tư", short_name="SKHĐT", kind=K.DEPARTMENT
    )
    new = services.organization_create(actor=dost, name="Sở Tài chính", kind=K.DEPARTMENT)
    services.organization_merge(actor=dost, sources=[old], target=new, date=dt.date(2025, 3, 1))
    client.force_login(make_user(Role.AGENCY_REPORTER))
    data = client.get("/api/v1/organizations/", {"q": "tai chinh"}).json()
    assert [i["name"] for i in data["items"]] == ["Sở Tài chính"]
    r = client.get("/api/v1/organizations/resolve", {"name": "skhdt", "as_of": "2020-05-01"}).json()
    assert r["found"] and r["matched"]["id"] == old.pk and [c["id"] for c in r["current"]] == [new.pk]
    assert client.get("/api/v1/organizations/999999").status_code == 404


def test_api_nfd_query_equals_nfc(make_user):
    import unicodedata

    dost = make_user(Role.DOST_SPECIALIST)
    services.organization_create(actor=dost, name="Sở Khoa học và Công nghệ", kind=K.DEPARTMENT)
    c = Client()
    c.force_login(dost)
    q = unicodedata.normalize("NFD", "Khoa học")
    assert c.get("/api/v1/organizations/", {"q": q}).json()["count"] == 1

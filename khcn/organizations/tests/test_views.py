import datetime as dt
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.accounts.testing import role_users
from khcn.audit.models import AuditEvent
from khcn.core.testing import assert_policy_matrix, t
from khcn.organizations import services
from khcn.organizations.choices import OrganizationKind as K
from khcn.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def dost(make_user):
    return make_user(Role.DOST_SPECIALIST)


@pytest.fixture
def client_dost(client, dost):
    client.force_login(dost)
    return client


def make_org(actor, name, **kw):
    kw.setdefault("kind", K.DEPARTMENT)
    return services.organization_create(actor=actor, name=name, **kw)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("organizations:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_shows_agencies_in_vietnamese_with_constant_queries(
    client_dost, dost, django_assert_max_num_queries
):
    for i in range(5):
        make_org(dost, f"Sở Số {i}")
    with django_assert_max_num_queries(12) as few:
        response = client_dost.get(reverse("organizations:list"))
    assert response.status_code == 200
    assert "Sở Số 4" in response.content.decode()
    assert '<html lang="vi"' in response.content.decode()
    for i in range(5, 60):
        make_org(dost, f"Sở Số {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client_dost.get(reverse("organizations:list"))
    assert response.status_code == 200


def test_list_filters_without_diacritics(client_dost, dost):
    make_org(dost, "Sở Khoa học và Công nghệ", short_name="Sở KH&CN")
    make_org(dost, "Sở Y tế")
    body = client_dost.get(reverse("organizations:list"), {"q": "so khoa hoc"}).content.decode()
    assert "Sở Khoa học và Công nghệ" in body and "Sở Y tế" not in body


def test_detail_and_history_tab(client_dost, dost):
    org = make_org(dost, "Sở Thông tin và Truyền thông")
    services.organization_rename(
        actor=dost, organization=org, new_name="Sở Chuyển đổi số", date=dt.date(2026, 1, 1)
    )
    body = client_dost.get(org.get_absolute_url()).content.decode()
    assert "<h1>Sở Chuyển đổi số</h1>" in body and "Sở Thông tin và Truyền thông" in body
    history = client_dost.get(org.get_absolute_url(), {"tab": "history"}).content.decode()
    assert "Sở Thông tin và Truyền thông" in history and "Sở Chuyển đổi số" in history
    assert dost.full_name in history


def test_two_edits_at_once_the_second_is_refused_with_what_changed(client_dost, dost, make_user):
    org = make_org(dost, "Sở Khoa học và Công nghệ", code="000.00.01.H12")
    url = reverse("organizations:edit", args=[org.pk])
    assert f'name="version" value="{org.version}"' in client_dost.get(url).content.decode()
    other = Client()
    other.force_login(make_user(Role.DOST_SPECIALIST))
    base = {"kind": K.DEPARTMENT, "code": "000.00.01.H12", "short_name": "", "description": ""}
    assert other.post(url, {**base, "short_name": "Sở KH&CN", "version": 1}).status_code == 302
    # The first user, still on version 1, changes the code: refused, nothing overwritten.
    page = client_dost.post(url, {**base, "code": "000.00.99.H12", "version": 1})
    body = page.content.decode()
    assert (
        page.status_code == 200 and t("Someone else changed this agency while you were editing it.") in body
    )
    assert "Someone else" not in body  # in Vietnamese
    assert "Sở KH&amp;CN" in body and 'value="000.00.99.H12"' in body  # theirs shown, mine kept
    org.refresh_from_db()
    assert (org.short_name, org.code, org.version) == ("Sở KH&CN", "000.00.01.H12", 2)
    # Saving again from the page (now version 2) is a knowing choice and goes through.
    assert 'name="version" value="2"' in body
    again = client_dost.post(url, {**base, "short_name": "Sở KH&CN", "code": "000.00.99.H12", "version": 2})
    assert again.status_code == 302
    org.refresh_from_db()
    assert (org.short_name, org.code, org.version) == ("Sở KH&CN", "000.00.99.H12", 3)


def test_unknown_agency_gives_vietnamese_404(client_dost):
    response = client_dost.get("/organizations/999999/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_create_through_form_nfd_and_xss_inert(client_dost):
    name = unicodedata.normalize("NFD", 'Sở Thử <script>alert("x")</script>')
    response = client_dost.post(reverse("organizations:create"), {"name": name, "kind": K.DEPARTMENT})
    org = Organization.objects.get(name__contains="script")
    assert response.status_code == 302
    assert org.name == unicodedata.normalize("NFC", 'Sở Thử <script>alert("x")</script>')
    body = client_dost.get(org.get_absolute_url()).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert" in body


def test_overlong_name_gets_a_message_and_saves_nothing(client_dost):
    before = Organization.objects.count()
    response = client_dost.post(
        reverse("organizations:create"), {"name": "Sở " + "x" * 300, "kind": K.DEPARTMENT}
    )
    assert response.status_code == 200
    assert "255" in response.content.decode()
    assert Organization.objects.count() == before


def test_csrf_missing_is_refused_in_vietnamese(dost):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dost)
    response = client.post(reverse("organizations:create"), {"name": "Sở Mới", "kind": K.DEPARTMENT})
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert not Organization.objects.filter(name="Sở Mới").exists()


def test_merge_needs_confirmation(client_dost, dost):
    a = make_org(dost, "Sở Kế hoạch và Đầu tư")
    b = make_org(dost, "Sở Tài chính")
    data = {"sources": [a.pk], "target": b.pk, "date": "2025-03-01", "decision": "NQ 18"}
    response = client_dost.post(reverse("organizations:merge"), data)
    assert response.status_code == 200 and 'name="confirm"' in response.content.decode()
    a.refresh_from_db()
    assert a.valid_to is None
    response = client_dost.post(reverse("organizations:merge"), {**data, "confirm": "1"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.valid_to == dt.date(2025, 2, 28)


def test_resolve_page(client_dost, dost):
    old = make_org(dost, "Sở Kế hoạch và Đầu tư", short_name="SKHĐT")
    new = make_org(dost, "Sở Tài chính")
    services.organization_merge(actor=dost, sources=[old], target=new, date=dt.date(2025, 3, 1))
    body = client_dost.get(
        reverse("organizations:resolve"), {"name": "skhdt", "as_of": "2020-01-01"}
    ).content.decode()
    assert "Sở Kế hoạch và Đầu tư" in body and "Sở Tài chính" in body


def test_role_by_action_matrix_for_views():
    actors = role_users()
    target = Organization.objects.create(name="Sở Đích", name_sort="a", kind=K.DEPARTMENT)
    state = lambda: sorted(Organization.objects.values_list("id", "name", "valid_to"))  # noqa: E731
    writers = {
        Role.DOST_SPECIALIST.value: True,
        Role.DOST_LEADER.value: True,
        Role.SYSADMIN.value: True,
        "*": False,
    }
    readers = {"anonymous": False, "*": True}
    assert_policy_matrix(
        actors=actors,
        expected=readers,
        view=True,
        state=state,
        attempt=lambda c: c.get(reverse("organizations:detail", args=[target.pk])),
    )
    assert_policy_matrix(
        actors=actors,
        expected=writers,
        view=True,
        state=state,
        attempt=lambda c: c.post(reverse("organizations:create"), {"name": "Sở Mới", "kind": K.DEPARTMENT}),
    )
    assert_policy_matrix(
        actors=actors,
        expected=writers,
        view=True,
        state=state,
        attempt=lambda c: c.post(
            reverse("organizations:edit", args=[target.pk]), {"kind": K.SECURITY, "version": target.version}
        ),
    )
    assert_policy_matrix(
        actors=actors,
        expected=writers,
        view=True,
        state=state,
        attempt=lambda c: c.post(
            reverse("organizations:rename", args=[target.pk]),
            {"new_name": "Sở Khác", "date": "2026-01-01", "confirm": "1"},
        ),
    )
    assert_policy_matrix(
        actors=actors,
        expected=writers,
        view=True,
        state=state,
        attempt=lambda c: c.post(
            reverse("organizations:split", args=[target.pk]),
            {"new_names": "Xã A\nXã B", "date": "2026-01-01", "confirm": "1"},
        ),
    )
    assert_policy_matrix(
        actors=actors,
        expected={"anonymous": False, "*": True},
        view=True,
        state=state,
        attempt=lambda c: c.get(reverse("organizations:export", args=["xlsx"])),
    )


def test_role_by_action_matrix_for_services():
    actors = role_users()
    state = lambda: sorted(Organization.objects.values_list("id", "name", "valid_to"))  # noqa: E731
    writers = {
        Role.DOST_SPECIALIST.value: True,
        Role.DOST_LEADER.value: True,
        Role.SYSADMIN.value: True,
        "*": False,
    }
    target = Organization.objects.create(name="Sở Đích", name_sort="a", kind=K.DEPARTMENT)
    assert_policy_matrix(
        actors=actors,
        expected=writers,
        state=state,
        attempt=lambda u: services.organization_create(actor=u, name="Sở Mới", kind=K.DEPARTMENT),
    )
    assert_policy_matrix(
        actors=actors,
        expected=writers,
        state=state,
        attempt=lambda u: services.organization_merge(
            actor=u,
            sources=[target],
            date=dt.date(2026, 1, 1),
            new=services.NewOrganization(name="Sở Gộp", kind=K.DEPARTMENT),
        ),
    )
    assert AuditEvent.objects.count() == 0


def test_exports_xlsx_and_docx_of_the_filtered_list(client_dost, dost):
    import io

    from docx import Document
    from openpyxl import load_workbook

    make_org(dost, "Sở Khoa học và Công nghệ", short_name="Sở KH&CN")
    make_org(dost, '=HYPERLINK("http://x")', short_name="@cmd")
    response = client_dost.get(reverse("organizations:export", args=["xlsx"]), {"q": ""})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(c.value == "Sở Khoa học và Công nghệ" for c in cells)
    assert all(c.data_type != "f" for c in cells)

    response = client_dost.get(reverse("organizations:export", args=["docx"]), {"q": "khoa hoc"})
    doc = Document(io.BytesIO(response.content))
    header_text = " ".join(cell.text for cell in doc.tables[0]._cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_text and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in header_text
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert any("Sở Khoa học và Công nghệ" in r for r in rows)
    assert not any("HYPERLINK" in " ".join(r) for r in rows)
    assert client_dost.get(reverse("organizations:export", args=["pdf"])).status_code == 404

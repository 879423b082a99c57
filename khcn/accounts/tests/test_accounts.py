import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse

from khcn.accounts import services
from khcn.accounts.choices import Role
from khcn.accounts.models import Membership, User
from khcn.accounts.testing import role_users
from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError
from khcn.core.testing import assert_policy_matrix, t
from khcn.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2026"


def login(client, username, password=PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def test_login_logout_and_vietnamese_error(client):
    user = services.user_create(actor=None, username="mai", full_name="Trần Thị Mai", password=PASSWORD)
    response = login(client, "mai", "sai-mat-khau")
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    response = login(client, "mai")
    assert response.status_code == 302
    assert client.get(reverse("site:home")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("site:home")).status_code == 302
    assert user.is_authenticated


def test_login_is_throttled_after_repeated_failures(client):
    services.user_create(actor=None, username="hoa", full_name="Phạm Thị Hoa", password=PASSWORD)
    for _ in range(5):
        login(client, "hoa", "doan-mo", REMOTE_ADDR="10.0.0.9")
    response = login(client, "hoa", REMOTE_ADDR="10.0.0.9")  # even the right password is refused now
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_change_is_audited(client):
    user = services.user_create(actor=None, username="tam", full_name="Lê Văn Tâm", password=PASSWORD)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2027",
            "new_password2": "Mat-khau-moi-2027",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2027")
    assert AuditEvent.objects.filter(action=services.PASSWORD_CHANGED, object_id=str(user.pk)).exists()


def test_demo_accounts_cannot_log_in_outside_demo_mode(client):
    services.user_create(actor=None, username="demo", full_name="Demo", password=PASSWORD, is_demo=True)
    with override_settings(KHCN_DEMO=False):
        assert login(client, "demo").status_code == 200
    with override_settings(KHCN_DEMO=True):
        assert login(Client(), "demo").status_code == 302


def test_admin_creates_user_and_grants_membership_through_ui(client, make_user):
    admin = make_user(Role.SYSADMIN)
    agency = OrganizationFactory(name="Sở Y tế")
    client.force_login(admin)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "Baocao.SYT",
            "full_name": "Lê Văn Tâm",
            "password": "Bao-cao-2026",
            "email": "",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="baocao.syt")
    response = client.post(
        reverse("accounts:membership_add", args=[created.pk]),
        {"role": Role.AGENCY_REPORTER, "organization": agency.pk},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=created)
    assert membership.organization == agency and membership.role == Role.AGENCY_REPORTER
    page = client.get(reverse("accounts:user_detail", args=[created.pk]), {"tab": "history"}).content.decode()
    assert "Lê Văn Tâm" in page
    client.post(reverse("accounts:membership_end", args=[created.pk, membership.pk]))
    assert not Membership.objects.active().filter(user=created).exists()


def test_membership_scope_rules(make_user):
    admin = make_user(Role.SYSADMIN)
    user = services.user_create(actor=admin, username="x1", full_name="Người Một", password=PASSWORD)
    with pytest.raises(DomainError):
        services.membership_add(actor=admin, user=user, role=Role.AGENCY_REPORTER)
    with pytest.raises(DomainError):
        services.membership_add(actor=admin, user=user, role=Role.COUNCIL_MEMBER)
    with pytest.raises(DomainError):
        services.user_create(actor=admin, username="x2", full_name="Yếu", password="123")
    with pytest.raises(DomainError):
        services.user_create(actor=admin, username="X1", full_name="Trùng", password=PASSWORD)
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=make_user(Role.DOST_LEADER), username="x3", full_name="Ba", password=PASSWORD
        )


def test_user_pages_matrix():
    actors = role_users()
    state = lambda: sorted(User.objects.values_list("id", "username", "full_name", "is_active"))  # noqa: E731
    admin_only = {Role.SYSADMIN.value: True, "*": False}
    assert_policy_matrix(
        actors=actors,
        expected=admin_only,
        view=True,
        state=state,
        attempt=lambda c: c.get(reverse("accounts:user_list")),
    )
    assert_policy_matrix(
        actors=actors,
        expected=admin_only,
        view=True,
        state=state,
        attempt=lambda c: c.post(
            reverse("accounts:user_create"),
            {"username": "moi", "full_name": "Mới", "password": "Bao-cao-2026"},
        ),
    )
    victim = actors[Role.APPLICANT.value]
    assert_policy_matrix(
        actors=actors,
        expected=admin_only,
        view=True,
        state=state,
        attempt=lambda c: c.post(
            reverse("accounts:user_edit", args=[victim.pk]),
            {"full_name": "Đổi tên", "is_active": "", "version": victim.version},
        ),
    )


def test_two_account_edits_at_once_the_second_is_refused(make_user):
    admin_a, admin_b = make_user(Role.SYSADMIN), make_user(Role.SYSADMIN)
    person = make_user(Role.APPLICANT, full_name="Lê Thị Cũ", job_title="Chuyên viên")
    url = reverse("accounts:user_edit", args=[person.pk])
    first, second = Client(), Client()
    first.force_login(admin_a)
    second.force_login(admin_b)
    form = {"full_name": "Lê Thị Cũ", "job_title": "Chuyên viên", "is_active": "on", "version": 1}
    assert first.post(url, {**form, "job_title": "Trưởng phòng"}).status_code == 302
    page = second.post(url, {**form, "full_name": "Lê Thị Mới"})
    body = page.content.decode()
    assert (
        page.status_code == 200 and t("Someone else changed this account while you were editing it.") in body
    )
    assert "Trưởng phòng" in body and 'value="Lê Thị Mới"' in body and 'name="version" value="2"' in body
    person.refresh_from_db()
    assert (person.full_name, person.job_title, person.version) == ("Lê Thị Cũ", "Trưởng phòng", 2)


def test_people_visible_only_to_dost_admin_and_self():
    actors = role_users()
    other = actors[Role.COUNCIL_MEMBER.value]
    url = reverse("accounts:user_detail", args=[other.pk])
    expected = {
        Role.SYSADMIN.value: True,
        Role.DOST_SPECIALIST.value: True,
        Role.DOST_LEADER.value: True,
        Role.COUNCIL_MEMBER.value: True,
        "*": False,
    }
    for name, actor in actors.items():
        client = Client()
        if actor:
            client.force_login(actor)
        status = client.get(url).status_code
        assert (status == 200) == expected.get(name, expected["*"]), name

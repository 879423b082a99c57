import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied

from khcn.accounts.choices import Role
from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError
from khcn.organizations import services
from khcn.organizations.choices import AliasKind, SuccessionKind
from khcn.organizations.choices import OrganizationKind as K
from khcn.organizations.models import Organization, OrganizationAlias, Succession
from khcn.organizations.selectors import organization_list, organization_resolve, organization_successors

pytestmark = pytest.mark.django_db
D2019, MARCH, JULY = dt.date(2019, 6, 1), dt.date(2025, 3, 1), dt.date(2025, 7, 1)


@pytest.fixture
def dost_user(make_user):
    return make_user(Role.DOST_SPECIALIST)


def create(actor, name, **kw):
    kw.setdefault("kind", K.DEPARTMENT)
    return services.organization_create(actor=actor, name=name, **kw)


def test_create_records_names_and_audit(dost_user):
    org = create(dost_user, "  Sở Khoa học   và Công nghệ ", short_name="Sở KH&CN", aliases=["SKHCN"])
    assert org.name == "Sở Khoa học và Công nghệ"
    kinds = dict(OrganizationAlias.objects.filter(organization=org).values_list("name", "kind"))
    assert kinds == {
        "Sở Khoa học và Công nghệ": AliasKind.OFFICIAL,
        "Sở KH&CN": AliasKind.SHORT,
        "SKHCN": AliasKind.ALIAS,
    }
    event = AuditEvent.objects.get(action=services.CREATED)
    assert event.actor == dost_user and event.changes["name"] == [None, "Sở Khoa học và Công nghệ"]


def test_create_normalises_nfd_and_refuses_duplicates_and_bad_input(dost_user):
    org = create(dost_user, unicodedata.normalize("NFD", "Sở Y tế"))
    assert org.name == unicodedata.normalize("NFC", "Sở Y tế")
    with pytest.raises(DomainError, match=r"(?i)đã có|already"):
        create(dost_user, "SỞ Y TẾ")
    with pytest.raises(DomainError):
        create(dost_user, "x" * 256)
    with pytest.raises(DomainError):
        create(dost_user, "   ")
    with pytest.raises(DomainError):
        create(dost_user, "Sở Lạ", kind="planet")
    assert Organization.objects.filter(name__startswith="Sở").exclude(name__startswith="Sở Thử").count() == 1


def test_only_dost_and_admin_write(make_user):
    for role in (Role.AGENCY_REPORTER, Role.AGENCY_LEADER, Role.COUNCIL_MEMBER, Role.APPLICANT):
        with pytest.raises(PermissionDenied):
            create(make_user(role), "Sở Nội vụ")
    with pytest.raises(PermissionDenied):
        create(None, "Sở Nội vụ")
    assert not Organization.objects.filter(name="Sở Nội vụ").exists()
    create(make_user(Role.SYSADMIN), "Sở Nội vụ")


def test_rename_keeps_former_name_resolvable(dost_user):
    org = create(dost_user, "Sở Thông tin và Truyền thông", valid_from=dt.date(2008, 1, 1))
    services.organization_rename(
        actor=dost_user, organization=org, new_name="Sở Chuyển đổi số", date=dt.date(2026, 1, 1)
    )
    org.refresh_from_db()
    assert org.name == "Sở Chuyển đổi số"
    former = OrganizationAlias.objects.get(organization=org, kind=AliasKind.FORMER)
    assert former.name == "Sở Thông tin và Truyền thông" and former.valid_to == dt.date(2025, 12, 31)
    old = organization_resolve("so thong tin va truyen thong", as_of=D2019)
    assert old.matched == org and old.dated and not old.exact
    assert AuditEvent.objects.filter(action=services.RENAMED, object_id=str(org.pk)).count() == 1
    with pytest.raises(DomainError):
        services.organization_rename(
            actor=dost_user, organization=org, new_name="Sở Chuyển đổi số", date=dt.date(2026, 2, 1)
        )


def test_merge_into_existing_and_into_new_follows_chain(dost_user):
    dost = create(dost_user, "Sở Khoa học và Công nghệ", short_name="Sở KH&CN")
    dic = create(dost_user, "Sở Thông tin và Truyền thông")
    unit = create(dost_user, "Trung tâm Công nghệ thông tin", parent=dic, kind=K.PUBLIC_SERVICE_UNIT)
    target = services.organization_merge(
        actor=dost_user, sources=[dic], target=dost, date=MARCH, decision="NQ 18"
    )
    assert target == dost
    dic.refresh_from_db()
    unit.refresh_from_db()
    assert dic.valid_to == dt.date(2025, 2, 28) and unit.parent == dost
    assert Succession.objects.get(predecessor=dic).kind == SuccessionKind.MERGE

    bl = create(dost_user, "Sở Khoa học và Công nghệ tỉnh Bạc Liêu")
    new = services.organization_merge(
        actor=dost_user,
        sources=[dost, bl],
        date=JULY,
        new=services.NewOrganization(name="Sở Khoa học và Công nghệ", kind=K.DEPARTMENT),
    )
    assert new.pk not in (dost.pk, bl.pk) and new.valid_from == JULY
    assert organization_successors(dic, on=dt.date(2026, 1, 1)) == [new]
    r2019 = organization_resolve("Sở KH&CN", as_of=D2019, today=dt.date(2026, 1, 1))
    assert r2019.matched == dost and r2019.current == [new] and r2019.succeeded
    r2026 = organization_resolve("SỞ KHOA HỌC VÀ CÔNG NGHỆ", as_of=dt.date(2026, 1, 1))
    assert r2026.matched == new and not r2026.succeeded
    assert AuditEvent.objects.filter(action=services.MERGED_INTO).count() == 3
    with pytest.raises(DomainError):  # an ended agency cannot be merged again
        services.organization_merge(actor=dost_user, sources=[dic], target=new, date=dt.date(2026, 1, 1))


def test_merge_validation_writes_nothing(dost_user):
    a = create(dost_user, "Sở A")
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        services.organization_merge(actor=dost_user, sources=[a], target=a, date=JULY)
    with pytest.raises(DomainError):
        services.organization_merge(actor=dost_user, sources=[a], date=JULY)
    with pytest.raises(DomainError):
        services.organization_merge(actor=dost_user, sources=[], target=a, date=JULY)
    a.refresh_from_db()
    assert a.valid_to is None and AuditEvent.objects.count() == before


def test_split_district_into_communes(dost_user):
    district = create(
        dost_user, "Ủy ban nhân dân huyện Đầm Dơi", short_name="UBND huyện Đầm Dơi", kind=K.DISTRICT_COMMITTEE
    )
    communes = services.organization_split(
        actor=dost_user,
        organization=district,
        date=JULY,
        parts=[
            services.NewOrganization(name=n, kind=K.COMMUNE_COMMITTEE)
            for n in ("Ủy ban nhân dân xã Đầm Dơi", "Ủy ban nhân dân xã Tạ An Khương")
        ],
    )
    assert len(communes) == 2
    r = organization_resolve("ubnd huyen dam doi", as_of=D2019)
    assert r.matched == district and {o.pk for o in r.current} == {c.pk for c in communes}
    assert set(Succession.objects.values_list("kind", flat=True)) == {SuccessionKind.SPLIT}


def test_resolve_unknown_and_empty():
    assert not organization_resolve("Bộ Không Tồn Tại").found
    assert not organization_resolve("  ").found


def test_list_filters_and_vietnamese_order(dost_user):
    for name in ("Sở Y tế", "Sở Công Thương", "Ủy ban nhân dân tỉnh Cà Mau", "Sở Nội vụ", "Đài Phát thanh"):
        create(dost_user, name)
    names = [o.name for o in organization_list(user=dost_user, q="") if not o.name.startswith("Sở Thử")]
    assert names == [
        "Đài Phát thanh",
        "Sở Công Thương",
        "Sở Nội vụ",
        "Sở Y tế",
        "Ủy ban nhân dân tỉnh Cà Mau",
    ]
    assert [o.name for o in organization_list(user=dost_user, q="so noi")] == ["Sở Nội vụ"]
    assert [o.name for o in organization_list(user=dost_user, q="ỦY BAN")] == ["Ủy ban nhân dân tỉnh Cà Mau"]
    assert list(organization_list(user=None)) == []


def test_rename_refreshes_search_entries_of_units_and_members(make_user, django_capture_on_commit_callbacks):
    from khcn.search.selectors import search

    admin = make_user(Role.SYSADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        parent = create(admin, "Sở Thông tin và Truyền thông")
        create(admin, "Trung tâm Chuyển đổi số", parent=parent, kind=K.PUBLIC_SERVICE_UNIT)
        make_user(Role.AGENCY_REPORTER, organization=parent, full_name="Ngô Thị Bích")
        from khcn.search.services import rebuild

        rebuild(progress=False)
        services.organization_rename(
            actor=admin, organization=parent, new_name="Sở Khoa học Số", date=dt.date(2026, 1, 1)
        )
    titles = {hit.title for hit in search(user=admin, query="khoa hoc so")}
    assert {"Sở Khoa học Số", "Trung tâm Chuyển đổi số", "Ngô Thị Bích"} <= titles


def test_home_counts_are_cached_and_dropped_by_registry_changes(
    dost_user, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import AnonymousUser

    from khcn.organizations.selectors import organization_counts

    a = create(dost_user, "Sở Thử Một")
    create(dost_user, "Sở Thử Hai")
    before = organization_counts(user=dost_user)
    with django_assert_num_queries(0):  # from the cache
        assert organization_counts(user=dost_user) == before
    with django_capture_on_commit_callbacks(execute=True):
        new = services.NewOrganization(name="Sở Thử Mới", kind=K.DEPARTMENT)
        services.organization_merge(actor=dost_user, sources=[a], date=JULY, new=new)
    after = organization_counts(user=dost_user)
    assert after == {"active": before["active"], "ended": before["ended"] + 1}  # one ended, one new
    assert organization_counts(user=AnonymousUser()) == {"active": 0, "ended": 0}

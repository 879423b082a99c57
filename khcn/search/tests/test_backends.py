"""Backend choice, the system check and the registry contract."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from khcn.organizations.models import Organization
from khcn.search import registry
from khcn.search.backends import backend_name, get_backend
from khcn.search.checks import check_search_backend

VENDOR_BACKEND = {"sqlite": "sqlite", "postgresql": "postgres"}


def test_auto_matches_the_database(settings):
    settings.KHCN_SEARCH_BACKEND = "auto"
    assert backend_name() == VENDOR_BACKEND[connection.vendor]
    assert get_backend().name == VENDOR_BACKEND[connection.vendor]
    assert check_search_backend() == []


def test_explicit_backend_must_match_the_database(settings):
    settings.KHCN_SEARCH_BACKEND = VENDOR_BACKEND[connection.vendor]
    assert check_search_backend() == []
    other = "postgres" if connection.vendor == "sqlite" else "sqlite"
    settings.KHCN_SEARCH_BACKEND = other
    with pytest.raises(ImproperlyConfigured):
        backend_name()
    assert [e.id for e in check_search_backend()] == ["search.E001"]


def test_unknown_backend_is_reported(settings):
    settings.KHCN_SEARCH_BACKEND = "opensearch-someday"
    assert [e.id for e in check_search_backend()] == ["search.E001"]


def test_both_models_are_registered():
    labels = {reg.model_label for reg in registry.registrations()}
    assert {"organizations.organization", "accounts.user"} <= labels


def test_registering_twice_is_an_error():
    with pytest.raises(ImproperlyConfigured):
        registry.register(Organization, title=str, body=str, url=str, policy=object())


def test_register_needs_a_policy_with_visible():
    from khcn.councils.models import Council

    with pytest.raises(ImproperlyConfigured):
        registry.register(Council, title=str, body=str, url=str, policy=object())
    assert not registry.is_registered(Council)


@pytest.mark.django_db
def test_fulltext_index_follows_every_write(make_org, make_user, sysadmin):
    """Inserts, updates, bulk upserts and deletes all reach the engine's own index."""
    from khcn.accounts.choices import Role
    from khcn.search.models import SearchEntry
    from khcn.search.selectors import search
    from khcn.search.services import index_object, index_objects, remove_object

    orgs = [make_org(f"Chi cục Thủy lợi {i}", index=False) for i in range(3)]
    assert index_objects(orgs, batch_size=2) == 3
    assert len(search(user=sysadmin, query="chi cuc thuy loi")) == 3
    orgs[0].name = "Chi cục Kiểm lâm"
    orgs[0].save()
    index_objects(orgs)
    assert len(search(user=sysadmin, query="chi cuc thuy loi")) == 2
    remove_object(orgs[1])
    person = make_user(Role.AGENCY_LEADER, full_name="Tô Văn Thủy")
    index_object(person)
    former_pk = person.pk
    person.delete()
    assert SearchEntry.objects.filter(title="Tô Văn Thủy").exists()
    assert remove_object(model=type(person), pk=former_pk) == 1
    assert [h.title for h in search(user=sysadmin, query="thuy")] == ["Chi cục Thủy lợi 2"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # compares the FTS5 index with the content table
            cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_searchentry WHERE document IS NULL")
            assert cursor.fetchone()[0] == 0

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

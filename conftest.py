"""Shared pytest fixtures for every suite."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _vietnamese_default(settings):
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the home page's registry counts live there)."""
    from django.core.cache import cache

    from khcn.plans.selectors import dashboard

    cache.clear()
    # The content groups each process keeps, keyed by (plan id, version): a rolled-back test's
    # plan id comes back with version 1 in the next test.
    dashboard._MAPS.clear()


@pytest.fixture
def make_user(db):
    from khcn.accounts.tests.factories import user_with_role

    return user_with_role

"""The reindex job runs through django-tasks: at once with the immediate backend, queued for
``db_worker`` with the database backend."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from khcn.accounts.choices import Role
from khcn.organizations import services
from khcn.organizations.choices import OrganizationKind as K
from khcn.search.models import SearchEntry
from khcn.search.selectors import search

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_agency_created_is_indexed_by_the_immediate_job(make_user):
    admin = make_user(Role.SYSADMIN)
    services.organization_create(actor=admin, name="Sở Công Thương", kind=K.DEPARTMENT)
    assert [h.title for h in search(user=admin, query="so cong thuong")] == ["Sở Công Thương"]


@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_until_db_worker_runs(make_user):
    from django_tasks_db.models import DBTaskResult

    admin = make_user(Role.SYSADMIN)
    with override_settings(TASKS=DB_TASKS):
        org = services.organization_create(actor=admin, name="Sở Ngoại vụ", kind=K.DEPARTMENT)
        assert DBTaskResult.objects.filter(task_path="khcn.search.tasks.reindex_objects").exists()
        assert not SearchEntry.objects.filter(object_id=org.pk, title="Sở Ngoại vụ").exists()
        call_command("db_worker", "--batch", "--no-startup-delay")
        assert SearchEntry.objects.filter(title="Sở Ngoại vụ").exists()

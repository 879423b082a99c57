from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from khcn.accounts.choices import Role
from khcn.audit.models import AuditEvent
from khcn.classifications import loader, selectors, services
from khcn.classifications.models import Scheme, Term
from khcn.core.exceptions import DomainError
from khcn.plans import services as plan_services
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.tests.helpers import PARSE, agencies_and_rules

pytestmark = pytest.mark.django_db


def test_the_national_fields_are_loaded_by_the_migration_with_their_source():
    scheme = Scheme.objects.get(code=loader.FIELDS_SCHEME)
    assert "12/2008/QĐ-BKHCN" in scheme.source
    top = list(scheme.terms.filter(level=1).values_list("code", "name"))
    assert top[0] == ("1", "Khoa học tự nhiên") and top[-1] == ("6", "Khoa học nhân văn") and len(top) == 6
    maths = scheme.terms.get(code="101")
    assert (
        maths.name == "Toán học và thống kê" and maths.name_en == "Mathematics" and maths.parent.code == "1"
    )
    assert all(t.parent.code == t.code[0] for t in scheme.terms.filter(level=2))
    data = json.loads(loader.DATA.read_text(encoding="utf-8"))
    assert data["notes"] and scheme.terms.count() == len(data["terms"])


def test_sync_is_idempotent():
    before = Term.objects.count()
    services.fields_sync()
    services.fields_sync()
    assert Term.objects.count() == before


def test_descendants_and_facets():
    natural = Term.objects.get(scheme__code=loader.FIELDS_SCHEME, code="1")
    codes = set(
        Term.objects.filter(pk__in=selectors.with_descendants([natural])).values_list("code", flat=True)
    )
    assert codes == {"1", "101", "102", "103", "104", "105", "106", "199"}
    assert selectors.with_descendants([]) == set()


@pytest.fixture
def plan_world(make_user):
    world = agencies_and_rules(make_user)
    world["plan"] = plan_services.plan_import(actor=world["specialist"], draft=ImportDraft.from_parse(PARSE))
    return world


def test_priority_fields_from_a_plan_item(plan_world, make_user):
    plan, specialist = plan_world["plan"], plan_world["specialist"]
    item = plan.items.get(path="II.3")
    scheme = services.priority_scheme_from_plan(actor=specialist, plan=plan, item=item)
    terms = list(scheme.terms.all())
    assert [(t.code, t.name) for t in terms] == [("II.3.c", "Y tế")]
    assert terms[0].plan_item.path == "II.3.c" and scheme.plan == plan
    assert AuditEvent.objects.filter(action=services.PRIORITY_CREATED).count() == 1
    # Again: updated, not duplicated.
    services.priority_scheme_from_plan(actor=specialist, plan=plan, item=item)
    assert scheme.terms.count() == 1
    with pytest.raises(DomainError):
        services.priority_scheme_from_plan(actor=specialist, plan=plan, item=plan.items.get(path="II.3.c"))
    reporter = make_user(Role.AGENCY_REPORTER, organization=plan_world["health"])
    with pytest.raises(PermissionDenied):
        services.priority_scheme_from_plan(actor=reporter, plan=plan, item=item)


def test_priority_page(plan_world, make_user):
    plan = plan_world["plan"]
    c = Client()
    c.force_login(plan_world["specialist"])
    url = reverse("classifications:priority_create")
    assert c.get(url).status_code == 200
    item = plan.items.get(path="II.3")
    page = c.get(url, {"plan": plan.pk}).content.decode()
    assert "II.3" in page
    response = c.post(url, {"plan": plan.pk, "item": item.pk})
    assert response.status_code == 302
    assert Term.objects.filter(scheme__plan=plan, code="II.3.c").exists()
    listing = c.get(reverse("classifications:scheme_list")).content.decode()
    assert "Toán học và thống kê" in listing and "Y tế" in listing
    other = Client()
    other.force_login(make_user(Role.AGENCY_REPORTER, organization=plan_world["health"]))
    assert other.get(url).status_code == 403
    assert other.get(reverse("classifications:scheme_list")).status_code == 200

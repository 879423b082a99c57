import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from khcn.accounts.choices import Role
from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError
from khcn.core.rules import RuleNotFound, rule_get
from khcn.site.services import ruleset_publish

pytestmark = pytest.mark.django_db


def test_rule_lookup_as_of_date(make_user):
    admin = make_user(Role.SYSADMIN)
    ruleset_publish(
        actor=admin,
        code="councils.selection",
        title="Chấm điểm tuyển chọn",
        effective_from=dt.date(2023, 7, 1),
        parameters={"pass_mark": 70},
    )
    ruleset_publish(
        actor=admin,
        code="councils.selection",
        title="Chấm điểm tuyển chọn",
        effective_from=dt.date(2025, 10, 1),
        parameters={"pass_mark": 75},
    )
    assert rule_get("councils.selection", as_of=dt.date(2024, 1, 1)) == {"pass_mark": 70}
    assert rule_get("councils.selection", as_of=dt.date(2025, 10, 1)) == {"pass_mark": 75}
    assert rule_get("councils.selection", as_of=dt.date(2030, 1, 1)) == {"pass_mark": 75}
    with pytest.raises(RuleNotFound):
        rule_get("councils.selection", as_of=dt.date(2020, 1, 1))
    assert AuditEvent.objects.filter(action="core.ruleset.published").count() == 2


def test_versions_are_not_overwritten_and_need_permission(make_user):
    admin = make_user(Role.SYSADMIN)
    ruleset_publish(actor=admin, code="x", title="X", effective_from=dt.date(2025, 1, 1), parameters={"a": 1})
    with pytest.raises(DomainError):
        ruleset_publish(
            actor=admin, code="x", title="X", effective_from=dt.date(2025, 1, 1), parameters={"a": 2}
        )
    assert rule_get("x", as_of=dt.date(2025, 6, 1)) == {"a": 1}
    with pytest.raises(PermissionDenied):
        ruleset_publish(
            actor=make_user(Role.AGENCY_REPORTER),
            code="x",
            title="X",
            effective_from=dt.date(2026, 1, 1),
            parameters={},
        )


def test_declared_rule_sets_are_synced_once(capsys):
    from django.core.management import call_command

    from khcn.core.models import RuleSet

    call_command("rulesets_sync")
    assert rule_get("plans.reporting", as_of=dt.date(2026, 1, 1))["annual"]["submit_within_days"] == 5
    first = RuleSet.objects.count()
    assert AuditEvent.objects.filter(action="core.ruleset.published", actor__isnull=True).count() == first
    call_command("rulesets_sync")
    assert RuleSet.objects.count() == first
    assert "0 rule-set versions published" in capsys.readouterr().out

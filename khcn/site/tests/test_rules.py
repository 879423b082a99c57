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


def _rules_page(client, user, language: str) -> str:
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get("/rules/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_rules_page_shows_each_parameter_as_a_row_in_the_readers_language(client, make_user):
    """Not a Python dict: each parameter by its label, its value with its unit, what it means,
    its legal basis, and the span each version is in force."""
    from django.core.management import call_command

    from khcn.core.testing import t

    admin = make_user(Role.SYSADMIN)
    call_command("rulesets_sync", stdout=None)
    ruleset_publish(
        actor=admin,
        code="plans.reporting",
        title="Kỳ báo cáo và thời hạn gửi báo cáo",
        effective_from=dt.date(2030, 1, 1),
        parameters={"annual": {"start": "15/12", "end": "14/12", "submit_within_days": 10}, "pilot": True},
    )
    vi = _rules_page(client, admin, "vi")
    assert "{&#x27;annual&#x27;" not in vi and "submit_within_days" not in vi
    assert "Kỳ báo cáo và thời hạn gửi báo cáo" in vi
    assert "Hằng năm: số liệu từ ngày (ngày/tháng)" in vi
    assert '<td class="ruleset-value">5 ngày</td>' in vi and '<td class="ruleset-value">10 ngày</td>' in vi
    assert "Điều 12 Nghị định số 09/2019/NĐ-CP" in vi
    assert t("In force from %(start)s to %(end)s", start="01/04/2019", end="31/12/2029") in vi
    assert t("In force from %(start)s", start="01/01/2030") in vi
    # A parameter the rule set does not describe is shown by its key, not hidden.
    assert '<code translate="no">pilot</code>' in vi
    en = _rules_page(client, admin, "en")
    assert "Reporting periods and deadlines" in en and "Annual: data from (day/month)" in en
    assert '<td class="ruleset-value">5 days</td>' in en
    assert "Kỳ báo cáo và thời hạn" not in en

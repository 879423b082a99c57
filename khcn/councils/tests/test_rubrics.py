"""The score-sheet rubrics declared in ``khcn.councils.rules``: each adds up to its total, and the
version in force on a date is the one ``rule_get`` returns."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from khcn.core.rules import RuleNotFound, rule_get
from khcn.councils import rules

BEFORE_20_2023 = dt.date(2023, 11, 26)
UNDER_20_2023 = [dt.date(2023, 11, 27), dt.date(2024, 6, 1), dt.date(2025, 9, 30)]
UNDER_2025_LAW = [dt.date(2025, 10, 1), dt.date(2026, 6, 1)]

# Circular 20/2023/TT-BKHCN Art. 12: the maxima in the order of the clause's points.
MAXIMA = {
    "applied_rnd": [12, 24, 16, 16, 16, 16],
    "social_humanities": [12, 12, 12, 20, 24, 20],
    "pilot_production": [8, 20, 12, 12, 16, 16, 16],
    "national_programme": [15, 50, 35],
}
TOTAL = 100


def _rubric_versions():
    return [v for v in rules.RULESETS if v.code == rules.RUBRICS]


@pytest.mark.parametrize("version", _rubric_versions(), ids=lambda v: v.effective_from.isoformat())
def test_every_rubric_of_every_version_sums_to_its_total(version):
    for code, rubric in version.parameters.items():
        maxima = [c["max"] for c in rubric["criteria"].values()]
        assert sum(maxima) == TOTAL, code
        assert all(isinstance(m, int) and m > 0 for m in maxima), code
        assert [int(n) for n in rubric["criteria"]] == list(range(1, len(maxima) + 1)), code
        assert all(c["name"].strip() for c in rubric["criteria"].values()), code
        assert rubric["name"] and rubric["legal_basis"], code


@pytest.mark.parametrize("code", sorted(MAXIMA))
@pytest.mark.parametrize("as_of", UNDER_20_2023 + UNDER_2025_LAW)
def test_declared_rubric_maxima(code, as_of):
    rubric = rules.declared_rule_get(rules.RUBRICS, as_of=as_of)[code]
    assert [c["max"] for c in rubric["criteria"].values()] == MAXIMA[code]


def test_the_new_rubrics_follow_circular_20_2023_article_12():
    on = dt.date(2024, 1, 1)
    ssh = rules.declared_rule_get(rules.RUBRICS, as_of=on)["social_humanities"]
    assert ssh["legal_basis"] == "Thông tư số 20/2023/TT-BKHCN Điều 12 khoản 2"
    assert ssh["criteria"]["1"]["name"] == "Tổng quan tình hình nghiên cứu"
    assert ssh["criteria"]["5"]["max"] == 24 and ssh["uncertain"] is False
    pilot = rules.declared_rule_get(rules.RUBRICS, as_of=on)["pilot_production"]
    assert pilot["legal_basis"] == "Thông tư số 20/2023/TT-BKHCN Điều 12 khoản 4"
    assert pilot["criteria"]["1"] == {
        "name": "Tổng quan về các vấn đề công nghệ và thị trường của dự án",
        "max": 8,
    }
    assert pilot["criteria"]["6"]["name"] == "Phương án tài chính" and pilot["uncertain"] is False


def test_the_2025_version_carries_the_new_rubrics_over_as_uncertain():
    before = rules.declared_rule_get(rules.RUBRICS, as_of=dt.date(2025, 9, 30))
    after = rules.declared_rule_get(rules.RUBRICS, as_of=dt.date(2025, 10, 1))
    for code in ("social_humanities", "pilot_production"):
        assert before[code]["uncertain"] is False and after[code]["uncertain"] is True
        assert after[code]["criteria"] == before[code]["criteria"]


def test_no_rubric_before_circular_20_2023():
    with pytest.raises(RuleNotFound):
        rules.declared_rule_get(rules.RUBRICS, as_of=BEFORE_20_2023)


def test_every_declared_rubric_has_a_label_and_rules_page_rows():
    keys = {p.key for p in rules.RUBRICS_SPEC.parameters}
    for version in _rubric_versions():
        for code, rubric in version.parameters.items():
            assert str(rules.rubric_label(code)) != code
            assert f"{code}.name" in keys and f"{code}.legal_basis" in keys
            for n in rubric["criteria"]:
                assert {f"{code}.criteria.{n}.name", f"{code}.criteria.{n}.max"} <= keys


@pytest.mark.django_db
def test_rule_get_returns_the_rubrics_in_force_on_each_date():
    from django.core.management import call_command

    call_command("rulesets_sync", stdout=io.StringIO())
    for as_of in UNDER_20_2023 + UNDER_2025_LAW:
        published = rule_get(rules.RUBRICS, as_of=as_of)
        assert published == rules.declared_rule_get(rules.RUBRICS, as_of=as_of)
        for code, maxima in MAXIMA.items():
            assert [c["max"] for c in published[code]["criteria"].values()] == maxima
    assert rule_get(rules.RUBRICS, as_of=dt.date(2024, 1, 1))["pilot_production"]["uncertain"] is False
    assert rule_get(rules.RUBRICS, as_of=dt.date(2026, 1, 1))["pilot_production"]["uncertain"] is True
    with pytest.raises(RuleNotFound):
        rule_get(rules.RUBRICS, as_of=BEFORE_20_2023)

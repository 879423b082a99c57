"""The councils' rule sets in the database and on the rules page, and ``manage.py council_tally``."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from khcn.accounts.choices import Role
from khcn.core.rules import rule_get
from khcn.councils import rules
from khcn.councils.tally import session_from_data, tally_session
from khcn.site.services import ruleset_publish

from .helpers import members, session, sheet_total

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def synced():
    call_command("rulesets_sync", stdout=io.StringIO())


def _selection(total=78, *, as_of="2026-03-02", **extra):
    return session(
        as_of=as_of,
        items=[
            {"id": "A", "sheets": [{"member": f"m{i}", "scores": sheet_total(total)} for i in range(1, 10)]}
        ],
        **extra,
    )


def test_rulesets_sync_publishes_every_kind_and_the_rubrics(synced):
    for kind in rules.KINDS:
        assert rule_get(rules.code_of(kind), as_of=dt.date(2025, 9, 30)) == rules.declared_rule_get(
            rules.code_of(kind), as_of=dt.date(2025, 9, 30)
        )
        assert rules.CARRIED_OVER in rule_get(rules.code_of(kind), as_of=dt.date(2026, 1, 1))["uncertain"]
    rubric = rule_get(rules.RUBRICS, as_of=dt.date(2024, 1, 1))["applied_rnd"]
    assert [rubric["criteria"][str(n)]["max"] for n in range(1, 7)] == [12, 24, 16, 16, 16, 16]


def test_a_newer_published_version_applies_from_its_date(synced, make_user):
    """The DOST publishes a stricter pass mark from 2027: sessions decided before keep 70."""
    admin = make_user(Role.SYSADMIN)
    parameters = rule_get("councils.selection", as_of=dt.date(2026, 1, 1))
    parameters["scoring"] = {**parameters["scoring"], "pass_mean": 80}
    ruleset_publish(
        actor=admin,
        code="councils.selection",
        title="Hội đồng tuyển chọn (sửa đổi)",
        effective_from=dt.date(2027, 1, 1),
        parameters=parameters,
    )
    assert tally_session(session_from_data(_selection(78, as_of="2026-12-31"))).items[0].passed
    assert not tally_session(session_from_data(_selection(78, as_of="2027-01-01"))).items[0].passed


def test_the_rules_page_shows_council_parameters_readably(client, make_user, synced):
    client.force_login(make_user(Role.SYSADMIN))
    client.cookies["django_language"] = "en"
    page = client.get("/rules/").content.decode()
    assert "Councils: selection" in page and "Councils: score-sheet rubrics" in page
    assert "Pass mark (final mean, out of 100)" in page
    assert "Applied R&amp;D topic: criterion 2 (maximum)" in page
    assert '<td class="ruleset-value">24 points</td>' in page
    assert "Tổng quan tình hình nghiên cứu" in page
    assert "Thông tư số 20/2023/TT-BKHCN" in page
    # Every parameter of the councils' versions is described: none shown by its bare key.
    assert '<code translate="no">scoring' not in page and '<code translate="no">applied_rnd' not in page
    client.cookies["django_language"] = "vi"
    vi = client.get("/rules/").content.decode()
    with translation.override("vi"):
        assert str(rules.SPECS["selection"].title) in vi
    assert "Councils: selection" not in vi


def _write(tmp_path, data, name="session.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_command_prints_the_tally(tmp_path, capsys, synced):
    data = _selection(78)
    data["comment"] = "extra keys are allowed"
    call_command("council_tally", _write(tmp_path, data))
    out = json.loads(capsys.readouterr().out)
    assert out["quorum_met"] is True and out["recommended"] == "A"
    assert out["items"][0]["final_mean"] == "78.00"
    assert set(out) == {"quorum_met", "items", "recommended"}
    assert set(out["items"][0]) == {
        "id",
        "valid_members",
        "member_totals",
        "initial_mean",
        "final_mean",
        "zero_violations",
        "passed",
        "rating",
        "reasons",
    }


def test_command_refuses_bad_input_with_the_reason(tmp_path, synced):
    bad = _selection(78)
    bad["items"][0]["sheets"][0]["scores"]["1"] = 13
    with pytest.raises(CommandError, match="score_above_max"):
        call_command("council_tally", _write(tmp_path, bad))
    unknown = _selection(78)
    unknown["items"][0]["sheets"][0]["member"] = "ghost"
    with pytest.raises(CommandError, match="unknown_member"):
        call_command("council_tally", _write(tmp_path, unknown))
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("council_tally", str(tmp_path / "broken.json"))
    (tmp_path / "nan.json").write_text(
        re.sub(r'"1": \d+', '"1": NaN', json.dumps(_selection(78)), count=1), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="score_not_numeric"):
        call_command("council_tally", str(tmp_path / "nan.json"))
    with pytest.raises(CommandError):
        call_command("council_tally", str(tmp_path / "missing.json"))


def test_command_without_quorum_prints_and_refuses(tmp_path, capsys, synced):
    data = _selection(78, members=members(9, absent=(5, 6, 7, 8)))
    with pytest.raises(CommandError, match="no_quorum"):
        call_command("council_tally", _write(tmp_path, data))
    assert json.loads(capsys.readouterr().out)["quorum_met"] is False


def test_command_without_synced_rules_says_what_to_do(tmp_path, capsys):
    path = _write(tmp_path, _selection(78))
    with pytest.raises(CommandError, match="rulesets_sync"):
        call_command("council_tally", path)
    call_command("council_tally", path, "--declared")
    assert json.loads(capsys.readouterr().out)["recommended"] == "A"


def test_command_exit_codes(tmp_path):
    """Run as a program: 0 on success, non-zero with the reason on stderr otherwise."""
    good = _write(tmp_path, _selection(78), "good.json")
    bad = _selection(78)
    bad["items"][0]["sheets"][1]["scores"]["2"] = -1
    bad_path = _write(tmp_path, bad, "bad.json")
    command = [sys.executable, "manage.py", "council_tally", "--declared"]
    done = subprocess.run([*command, good], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["recommended"] == "A"
    done = subprocess.run([*command, bad_path], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "score_negative" in done.stderr and done.stdout == ""

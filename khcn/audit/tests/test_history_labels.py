"""The history reads in the reader's language: change keys by their labels, codes by their
choices' labels, whatever language the event was recorded in (``khcn.audit.registry.describe``)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.audit import registry
from khcn.audit.selectors import change_label, change_value, history_for
from khcn.audit.services import record
from khcn.organizations.models import Organization
from khcn.organizations.services import label_in_reader_language
from khcn.plans.models import AgencyReport, Plan


def _in(language: str, value: object) -> str:
    with translation.override(language):
        return str(value)


def test_a_part_field_reads_by_its_label_and_keeps_its_prefix():
    # A saved report records its lines' fields as "<item> · <field>" (ReportLine is a part).
    assert _in("vi", change_label(AgencyReport, "IV.7 · progress")) == "IV.7 · trạng thái"
    assert _in("en", change_label(AgencyReport, "IV.7 · results")) == "IV.7 · results achieved"
    assert _in("vi", change_value(AgencyReport, "IV.7 · progress", "completed_late")) == "Hoàn thành chậm"
    assert _in("en", change_value(AgencyReport, "IV.7 · progress", "not_started")) == "Not started"


def test_reverse_relations_read_by_the_related_model_plural():
    assert _in("vi", change_label(AgencyReport, "attachments")) == "tệp đính kèm"
    assert _in("en", change_label(Plan, "items")) == "plan items"
    assert _in("en", change_label(Plan, "assignments")) == "assignments"
    assert _in("en", change_label(Plan, "periods")) == "reporting periods"


def test_unknown_keys_have_no_label_and_values_pass_through():
    assert change_label(AgencyReport, "no_such_field") is None
    assert change_value(AgencyReport, "summary", "Văn bản") == "Văn bản"
    assert change_value(AgencyReport, "status", {"not": "a code"}) == {"not": "a code"}


def test_a_described_value_is_shown_by_its_function():
    described = registry.description_of(User).values["memberships"]
    recorded = {"role": Role.DOST_SPECIALIST, "scope": "Sở Khoa học và Công nghệ"}
    with translation.override("vi"):
        assert described(recorded, None) == "Chuyên viên Sở KH&CN — Sở Khoa học và Công nghệ"
    with translation.override("en"):
        assert described(recorded, None) == "DOST specialist — Sở Khoa học và Công nghệ"
    assert described("Nguyễn Văn A — Quản trị hệ thống", None) == "Nguyễn Văn A — Quản trị hệ thống"


def test_an_agency_label_recorded_in_one_language_reads_in_the_other():
    with translation.override("vi"):
        assert label_in_reader_language("Sở Y tế (before 01/7/2025)") == "Sở Y tế (trước 01/7/2025)"
    with translation.override("en"):
        assert label_in_reader_language(["Sở Y tế (trước 01/7/2025)", "Sở Tài chính"]) == [
            "Sở Y tế (before 01/7/2025)",
            "Sở Tài chính",
        ]


@pytest.mark.django_db
def test_history_rows_use_the_descriptions():
    org = Organization.objects.create(name="Sở Y tế", kind="department")
    with transaction.atomic():
        record(
            actor=None,
            action="created",
            target=org,
            changes={"kind": [None, "department"], "successor": [None, "Sở Y tế (trước 01/7/2025)"]},
        )
    with translation.override("en"):
        [row] = history_for(org)
        shown = {str(c.label): str(c.after) for c in row.changes}
    assert shown == {"kind": "Department, board or sector", "successor": "Sở Y tế (before 01/7/2025)"}

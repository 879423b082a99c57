"""A parser warning reads in the language of whoever looks at it, not of whoever imported the
plan: it keeps its msgid and parameters (``plans.parser.model.Message``)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import override

from khcn.plans.parser import parse_text
from khcn.plans.parser.model import Message, ParseWarning, warning_message

SEED = Path(settings.BASE_DIR) / "khcn/plans/fixtures/ke-hoach-kl50-ca-mau.txt"
GROUP = "“%(name)s” (at %(where)s) is a group of agencies, not one agency: choose the agencies."


def test_a_warning_made_in_vietnamese_reads_in_english_and_back():
    with override("vi"):
        stored = json.loads(
            json.dumps(
                ParseWarning(
                    "generic_agency", Message(GROUP) % {"name": "các sở", "where": "IV (closing paragraph)"}
                ).to_json()
            )
        )
        assert "nhóm cơ quan" in stored["message"]
        assert "IV (đoạn kết)" in warning_message(stored)  # the path's suffix too
    with override("en"):
        assert warning_message(stored) == (
            "“các sở” (at IV (closing paragraph)) is a group of agencies, not one agency: choose the agencies."
        )
    # A warning stored before the msgid was kept shows its text as it was.
    assert warning_message({"code": "x", "message": "Văn bản cũ"}) == "Văn bản cũ"


def test_every_warning_of_the_seed_plan_can_be_read_in_either_language():
    with override("vi"):
        warnings = [
            json.loads(json.dumps(w))
            for w in parse_text(SEED.read_text(encoding="utf-8")).to_json()["warnings"]
        ]
    assert warnings and all("text_source" in w for w in warnings)
    with override("vi"):
        assert [warning_message(w) for w in warnings] == [
            w["message"].replace("(closing paragraph)", "(đoạn kết)") for w in warnings
        ]
    with override("en"):
        english = [warning_message(w) for w in warnings]
    assert not set(english) & {w["message"] for w in warnings}

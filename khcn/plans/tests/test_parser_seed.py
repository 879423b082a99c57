"""The real input: the Cà Mau plan implementing Conclusion 50-KL/TW, against the expected parse
written by hand (``../shared/seed/ke-hoach-kl50-ca-mau.expected.json``, vendored with the seed
text in ``khcn/plans/fixtures`` so that the comparison runs in any clone; a test checks the
copies still match the shared originals where those are present).

Compared field by field; every mismatch is listed in the failure message. Where the expected
file's notes say "at least" (related sections, agencies, warnings, assignments), the parse may
hold more.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from khcn.core.text import fold, words
from khcn.plans.parser import lexicon, parse_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_TEXT = FIXTURES / "ke-hoach-kl50-ca-mau.txt"
SEED_EXPECTED = FIXTURES / "ke-hoach-kl50-ca-mau.expected.json"
SHARED_SEED = Path(settings.BASE_DIR).parent / "shared" / "seed"


@pytest.mark.skipif(
    not SHARED_SEED.exists(), reason=f"no shared seed at {SHARED_SEED} to compare the copies with"
)
def test_vendored_seed_matches_the_shared_original() -> None:
    for path in (SEED_TEXT, SEED_EXPECTED):
        assert path.read_bytes() == (SHARED_SEED / path.name).read_bytes(), path.name


ABBREVIATIONS = {"KH&CN": "khoa học và công nghệ"}


def _words(text: str) -> list[str]:
    for short, long in ABBREVIATIONS.items():
        text = text.replace(short, long)
    return words(fold(text))


def _containment(expected: str, got: str) -> float:
    """Share of the expected text's words found in the parsed text (folded)."""
    want = _words(expected)
    have = set(_words(got))
    return sum(1 for w in want if w in have) / max(len(want), 1)


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed() -> dict[str, Any]:
    return parse_text(SEED_TEXT.read_text(encoding="utf-8")).to_json()


def _fail(problems: list[str]) -> None:
    if problems:
        pytest.fail(f"{len(problems)} difference(s) from the expected parse:\n  - " + "\n  - ".join(problems))


def test_document_facts(parsed: dict[str, Any], expected: dict[str, Any]) -> None:
    problems = []
    for key in ("doc_type", "title", "issuer", "number", "date"):
        if parsed[key] != expected[key]:
            problems.append(f"{key}: expected {expected[key]!r}, got {parsed[key]!r}")
    if set(parsed["implements"]) != set(expected["implements"]):
        problems.append(
            f"implements: expected {sorted(expected['implements'])}, got {sorted(parsed['implements'])}"
        )
    _fail(problems)


def _compare_tree(
    want: list[dict[str, Any]], got: list[dict[str, Any]], where: str, problems: list[str]
) -> None:
    if [n["label"] for n in want] != [n["label"] for n in got]:
        problems.append(
            f"{where or 'top level'}: labels expected {[n['label'] for n in want]}, got {[n['label'] for n in got]}"
        )
        return
    for w, g in zip(want, got, strict=True):
        path = f"{where}.{w['label']}" if where else w["label"]
        want_heading = w.get("heading", w.get("text"))
        if g["heading"] != want_heading:
            problems.append(f"{path}: heading expected {want_heading!r}, got {g['heading']!r}")
        _compare_tree(w.get("children", []), g.get("children", []), path, problems)


def test_section_tree(parsed: dict[str, Any], expected: dict[str, Any]) -> None:
    problems: list[str] = []
    _compare_tree(expected["sections"], parsed["sections"], "", problems)
    _fail(problems)


def test_every_expected_assignment(parsed: dict[str, Any], expected: dict[str, Any]) -> None:
    problems = []
    for want in expected["assignments"]:
        label = f"{want['section']} / {want['agency']} / {want['role']}"
        matches = [
            a
            for a in parsed["assignments"]
            if a["section"] == want["section"] and a["agency"] == want["agency"] and a["role"] == want["role"]
        ]
        if not matches:
            near = [
                f"{a['agency']} ({a['role']})"
                for a in parsed["assignments"]
                if a["section"] == want["section"]
            ]
            problems.append(f"{label}: missing; at {want['section']} the parse has {near}")
            continue
        got = matches[0]
        if "lead" in want and got["lead"] != want["lead"]:
            problems.append(f"{label}: lead expected {want['lead']!r}, got {got['lead']!r}")
        missing = [s for s in want.get("related_sections", []) if s not in got["related_sections"]]
        if missing:
            problems.append(f"{label}: related_sections lacks {missing} (got {got['related_sections']})")
        if "deadline" in want and got["deadline"] != want["deadline"]:
            problems.append(f"{label}: deadline expected {want['deadline']!r}, got {got['deadline']!r}")
        if "reporting" in want:
            share = _containment(want["reporting"], got["reporting"] or "")
            if share < 1.0:
                problems.append(
                    f"{label}: reporting expected to contain the words of {want['reporting']!r}, "
                    f"got {got['reporting']!r} ({share:.0%})"
                )
        if "note" in want:
            text = " ".join([got["note"] or "", *got["tasks"]])
            share = _containment(want["note"], text)
            if share < 0.75:
                problems.append(f"{label}: note {want['note']!r} not found in the duty text ({share:.0%})")
    _fail(problems)


def test_agencies(parsed: dict[str, Any], expected: dict[str, Any]) -> None:
    missing = [name for name in expected["agencies"] if name not in parsed["agencies"]]
    assert not missing, f"agencies missing from the parse: {missing}; parse has {parsed['agencies']}"


def test_not_agencies(parsed: dict[str, Any]) -> None:
    """Issuers of the cited documents have no role in the plan."""
    for name in ("Ban Bí thư", "Ban Thường vụ Tỉnh ủy", "Ban Chấp hành Trung ương Đảng"):
        assert name not in parsed["agencies"], name
        assert not [a for a in parsed["assignments"] if a["agency"] == name], name


def test_expected_warnings(parsed: dict[str, Any], expected: dict[str, Any]) -> None:
    problems = []
    for want in expected["warnings"]:
        found = [
            w
            for w in parsed["warnings"]
            if w["code"] == want["code"] and ("where" not in want or w.get("where") == want["where"])
        ]
        if not found:
            problems.append(
                f"warning {want['code']} at {want.get('where', '-')} missing; got {parsed['warnings']}"
            )
    _fail(problems)


def test_duplicate_items_kept_in_order(parsed: dict[str, Any]) -> None:
    part_iv = next(n for n in parsed["sections"] if n["label"] == "IV")
    nines = [n for n in part_iv["children"] if n["label"] == "9"]
    assert [n["heading"] for n in nines] == ["Sở Nội vụ", "Công an tỉnh và Bộ Chỉ huy Quân sự tỉnh"]
    assert [n["path"] for n in nines] == ["IV.9", "IV.9 (second)"]


def test_reporting_duties_structured(parsed: dict[str, Any]) -> None:
    by_section = {r["section"]: r for r in parsed["reporting"]}
    dost = by_section["IV.1"]
    assert dost["from"] == ["Sở Khoa học và Công nghệ"]
    assert dost["to"] == "Ủy ban nhân dân tỉnh"
    assert dost["frequency"] == "annual"
    districts = by_section["IV.10"]
    assert districts["via"] == "Sở Khoa học và Công nghệ"
    assert districts["to"] == "Ủy ban nhân dân tỉnh"
    closing = by_section["IV (closing paragraph)"]
    assert closing["to"] == "Sở Khoa học và Công nghệ"
    assert closing["frequency"] == "ad_hoc"


def test_sections_carry_text_and_lines(parsed: dict[str, Any]) -> None:
    part_ii = next(n for n in parsed["sections"] if n["label"] == "II")
    item_c = part_ii["children"][2]["children"][2]
    assert item_c["path"] == "II.3.c"
    assert item_c["text"].startswith("Tiếp tục nghiên cứu, ứng dụng các tiến bộ kỹ thuật")
    assert item_c["lines"][0] < item_c["lines"][1]
    part_iv = next(n for n in parsed["sections"] if n["label"] == "IV")
    assert "closing_text" in part_iv and part_iv["closing_text"].startswith("Các sở, ngành, địa phương")


def test_rules_do_not_need_the_department_list(
    expected: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The national list of department names only helps; the seed parses the same without it."""
    monkeypatch.setattr(lexicon, "SO_DESIGNATIONS", [])
    data = parse_text(SEED_TEXT.read_text(encoding="utf-8")).to_json()
    got = {(a["section"], a["agency"], a["role"]) for a in data["assignments"]}
    want = {(a["section"], a["agency"], a["role"]) for a in expected["assignments"]}
    assert want <= got, sorted(want - got)


def test_json_serialisable(parsed: dict[str, Any]) -> None:
    text = json.dumps(parsed, ensure_ascii=False)
    assert re.search("Sở Y tế", text)


def test_the_seed_with_its_line_breaks_lost_reads_the_same_duties(parsed: dict[str, Any]) -> None:
    """Pasted from a viewer that dropped every line break, the plan is one long line: cut again
    before its labels, the items headed by an agency come apart from their duties, and every
    duty of part IV is read as from the formatted text — but the closing paragraph, which only
    its own line set apart from item IV.10."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    flat = parse_text(" ".join(line.strip() for line in text.splitlines() if line.strip())).to_json()
    assert [s["label"] for s in flat["sections"]] == [s["label"] for s in parsed["sections"]]
    want = {(a["section"], a["agency"], a["role"]) for a in parsed["assignments"]}
    got = {(a["section"], a["agency"], a["role"]) for a in flat["assignments"]}
    assert want - got == {
        ("IV (closing paragraph)", "Các sở, ngành, địa phương, đơn vị có liên quan", "report")
    }
    assert got - want == {("IV.10", "Các sở, ngành, địa phương, đơn vị có liên quan", "lead")}
    layout = next(w for w in flat["warnings"] if w["code"] == "layout_repaired")
    assert layout["repairs"]["unflattened"] == 1

"""Arbitrary input: ``parse_text`` and ``read_file`` raise ``PlanParseError`` or nothing, and
finish quickly (hypothesis ``deadline``), whatever they are given."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khcn.plans.parser import PlanParseError, parse_text, read_file

FRAGMENTS = [
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "QUYẾT ĐỊNH:",
    "Số: 12/KH-UBND",
    "Cà Mau, ngày 05 tháng 02 năm 2024",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "II. NỘI DUNG",
    "IV. TỔ CHỨC THỰC HIỆN",
    "1. Sở Khoa học và Công nghệ",
    "2. Sở Tài chính",
    "9. Công an tỉnh và Bộ Chỉ huy Quân sự tỉnh",
    "a) Lĩnh vực nông nghiệp",
    "đ. Lĩnh vực khác",
    "f. Sai chữ",
    "- Phối hợp với Sở Y tế để triển khai",
    "+ Giao Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành",
    "Chủ trì, phối hợp với Ủy ban nhân dân các huyện, thành phố tổ chức thực hiện;",
    "tổng hợp, báo cáo định kỳ hằng năm về Ủy ban nhân dân tỉnh",
    "gửi Sở Khoa học và Công nghệ tổng hợp, báo cáo",
    "Các sở, ngành, địa phương kịp thời báo cáo về Sở Khoa học và Công nghệ./.",
    "Căn cứ Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ;",
    "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ.",
    "Nơi nhận:",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "(Ban hành kèm theo Quyết định số 456/QĐ-UBND ngày 12/3/2024)",
    "PHỤ LỤC I",
    "| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |",
    "| 1 | Xây dựng | Sở Y tế | Sở Tài chính | Quý II/2025 |",
    "| I | Nhóm | | | |",
    "trước ngày 15/12/2023; giai đoạn 2021–2025; thường xuyên",
    "Điều 1. Ban hành",
    "- 2 -",
    "",
    "|",
    "II.",
    "Ủy ban nhân dân dân tỉnh",
]

plan_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)),
    min_size=0,
    max_size=40,
).map("\n".join)

any_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=3000,
)


def _check(text: str) -> None:
    try:
        result = parse_text(text)
    except PlanParseError as exc:
        assert exc.code in {"empty", "no_structure"}
        assert exc.message
        return
    json.dumps(result.to_json(), ensure_ascii=False)


@settings(max_examples=100, deadline=dt.timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_arbitrary_text(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=dt.timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow])
@given(plan_like)
def test_plan_like_text(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=dt.timedelta(seconds=5))
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        text = read_file(data, "upload")
    except PlanParseError as exc:
        assert exc.code in {
            "empty",
            "binary",
            "unsupported",
            "bad_docx",
            "bad_pdf",
            "encrypted_pdf",
            "no_text_layer",
        }
        return
    _check(text)


@settings(max_examples=20, deadline=dt.timedelta(seconds=10))
@given(st.integers(min_value=1, max_value=400))
def test_deep_and_long_outlines(depth: int) -> None:
    """Many levels of labels (every style in turn) and long runs of items."""
    styles = ["I.", "1.", "a)", "1)", "-", "+", "A.", "1.1.", "Điều 1."]
    lines = ["KẾ HOẠCH", "Thử"]
    for i in range(depth):
        lines.append(
            f"{styles[i % len(styles)]} Mục {i} giao Sở Y tế chủ trì thực hiện trước ngày 15/12/2024"
        )
    _check("\n".join(lines))


# --------------------------------------------------------------------------------------------------
# Damaged Word and PDF files: refused with a reason or read, never a crash, in bounded time
# --------------------------------------------------------------------------------------------------

_FILE_ERRORS = {
    "empty",
    "binary",
    "unsupported",
    "bad_docx",
    "bad_pdf",
    "encrypted_pdf",
    "no_text_layer",
    "too_large",
}


def _valid_files() -> dict[str, bytes]:
    from khcn.plans.tests.test_parser_files import PDF_PAGES, build_docx, build_pdf

    return {"docx": build_docx(), "pdf": build_pdf(PDF_PAGES)}


_FILES: dict[str, bytes] = {}


def _damage(kind: str, data: st.DataObject) -> bytes:
    if not _FILES:
        _FILES.update(_valid_files())
    raw = bytearray(_FILES[kind])
    how = data.draw(st.sampled_from(["flip", "truncate", "splice", "zero"]))
    if how == "truncate":
        return bytes(raw[: data.draw(st.integers(0, len(raw) - 1))])
    if how == "splice":
        at = data.draw(st.integers(0, len(raw)))
        return bytes(raw[:at] + data.draw(st.binary(min_size=1, max_size=512)) + raw[at:])
    for _ in range(data.draw(st.integers(1, 40))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = 0 if how == "zero" else raw[at] ^ data.draw(st.integers(1, 255))
    return bytes(raw)


@settings(max_examples=150, deadline=dt.timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["docx", "pdf"]), st.data())
def test_damaged_word_and_pdf_files(kind: str, data: st.DataObject) -> None:
    damaged = _damage(kind, data)
    try:
        text = read_file(damaged, f"upload.{kind}")
    except PlanParseError as exc:
        assert exc.code in _FILE_ERRORS and exc.message
        return
    _check(text)

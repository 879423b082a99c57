"""``khcn.plans.tidy``: the punctuation of text assembled from pieces, for the consolidated
report's page and DOCX."""

import pytest

from khcn.plans.tidy import tidy, tidy_cell


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ".;" and ".,": the full stop of a piece joined with "; "
        ("đơn vị.; 3 nhiệm vụ", "đơn vị; 3 nhiệm vụ"),
        ("đơn vị., 3 nhiệm vụ", "đơn vị, 3 nhiệm vụ"),
        # ";." and ",.": a list's mark before the full stop
        ("các sở, ngành;.", "các sở, ngành."),
        ("các sở, ngành,.", "các sở, ngành."),
        # ".." (not an ellipsis), and an ellipsis followed by a full stop
        ("Thiếu kinh phí..", "Thiếu kinh phí."),
        ("xử lý môi trường....", "xử lý môi trường..."),
        ("Nghị quyết Hội nghị Trung….", "Nghị quyết Hội nghị Trung…"),
        ("Nghị quyết.... (II.1)", "Nghị quyết... (II.1)"),
        # doubled marks
        ("A;; B,, C", "A; B, C"),
        ("A;, B", "A; B"),
        # nested parentheses
        ("Sở Y tế (IV.9 (thứ hai)): Kết quả", "Sở Y tế (IV.9, thứ hai): Kết quả"),
        ("((II.1))", "(II.1)"),
        ("Nhiệm vụ (a (b) c)", "Nhiệm vụ (a, b, c)"),
        ("IV.1. Tuyên truyền (II.1) (Sở Y tế).", "IV.1. Tuyên truyền (II.1) (Sở Y tế)."),
        # spaces: doubled, before a mark, inside parentheses; empty parentheses
        ("Sở  Y   tế ;  kết quả .", "Sở Y tế; kết quả."),
        ("( Sở Y tế )", "(Sở Y tế)"),
        ("Sở Y tế ()", "Sở Y tế"),
        ("\u00a0Sở\tY tế\u00a0", "Sở Y tế"),
    ],
)
def test_each_glitch_is_put_right(text, expected):
    assert tidy(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch số 50-KL/TW ngày 30/5/2019",
        "Mục II.3.c và IV.9 (thứ hai)",
        "Kinh phí 1.500.000 đồng; 12,5 tỷ đồng.",
        "xử lý môi trường...",
        "a) Lĩnh vực nông nghiệp",  # a list label: parentheses that do not pair are left alone
        "- UBND tỉnh (b/c);",
        "Lưu: VT, QLKH.",
    ],
)
def test_correct_text_is_left_alone(text):
    assert tidy(text) == text


def test_lines_are_kept_and_cells_that_are_not_text_too():
    assert tidy("- Một.;\n\n- Hai  (a (b))") == "- Một;\n\n- Hai (a, b)"
    assert tidy("") == "" and tidy(None) == ""  # type: ignore[arg-type]
    assert tidy_cell(3) == 3 and tidy_cell("a..") == "a."

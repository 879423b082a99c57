"""The parser's rules, one pattern at a time, and the three text inputs in ``tests/data``:
a plan with a full heading block, a decision carrying its plan, and a web copy with "|"
separators, wrapped lines, page numbers and a task table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from khcn.plans.parser import Deadline, parse_text
from khcn.plans.parser.agencies import find_mentions, heading_agencies
from khcn.plans.parser.deadlines import cell_deadline, find_deadlines
from khcn.plans.parser.duties import analyse_clause, find_report
from khcn.plans.parser.layout import prepare
from khcn.plans.parser.outline import match_label
from khcn.plans.parser.references import find_citations

DATA = Path(__file__).resolve().parent / "data"


def _parse(name: str) -> dict[str, Any]:
    return parse_text((DATA / name).read_text(encoding="utf-8")).to_json()


def _assignments(data: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(a["section"], a["agency"], a["role"]): a for a in data["assignments"]}


def _codes(data: dict[str, Any]) -> list[str]:
    return [w["code"] for w in data["warnings"]]


def _plan(body: str) -> dict[str, Any]:
    return parse_text("KẾ HOẠCH\nThử nghiệm\n" + body).to_json()


# --------------------------------------------------------------------------------------------------
# Labels and the tree
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "label", "style", "heading"),
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", "I", "roman", "MỤC ĐÍCH, YÊU CẦU"),
        ("IV- TỔ CHỨC THỰC HIỆN", "IV", "roman", "TỔ CHỨC THỰC HIỆN"),
        ("12. Sở Y tế", "12", "arabic", "Sở Y tế"),
        ("2) Sở Y tế", "2", "arabic_paren", "Sở Y tế"),
        ("1.2. Nội dung", "1.2", "arabic2", "Nội dung"),
        ("2.3.1 Nội dung", "2.3.1", "arabic3", "Nội dung"),
        ("đ. Lĩnh vực khác", "đ", "letter", "Lĩnh vực khác"),
        ("a) Rà soát", "a", "letter_paren", "Rà soát"),
        ("- Phối hợp", "-", "dash", "Phối hợp"),
        ("– Phối hợp", "-", "dash", "Phối hợp"),
        ("+ Tổ chức", "+", "plus", "Tổ chức"),
        ("Điều 2. Giao Sở", "Điều 2", "article", "Giao Sở"),
        ("Phần II: NỘI DUNG", "Phần II", "part", "NỘI DUNG"),
        ("A. PHẦN CHUNG", "A", "upper", "PHẦN CHUNG"),
    ],
)
def test_labels_as_printed(line: str, label: str, style: str, heading: str) -> None:
    found = match_label(line)
    assert found is not None
    assert (found.label, found.style, found.heading) == (label, style, heading) or (
        found.alternative == (style, label)
    )


@pytest.mark.parametrize(
    "line", ["Mục đích", "2024 là năm bản lề", "V/v triển khai thực hiện", "Số: 12/KH-UBND", "Kết luận 50"]
)
def test_not_labels(line: str) -> None:
    assert match_label(line) is None


def test_vietnamese_letters_dd_optional_and_f_flagged() -> None:
    data = _plan(
        "I. NỘI DUNG\n1. Một\na. A\nb. B\nc. C\nd. D\nđ. Đ\ne. E\ng. G\n"
        "2. Hai\na. A\nb. B\nc. C\nd. D\ne. E\ng. G\nh. H\ni. I\nk. K\n"
        "3. Ba\na. A\nb. B\nc. C\nd. D\ne. E\nf. F\ng. G\n"
    )
    items = data["sections"][0]["children"]
    assert [c["label"] for c in items[0]["children"]] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert [c["label"] for c in items[1]["children"]][-3:] == ["h", "i", "k"]
    warnings = [
        (w["code"], w.get("where"))
        for w in data["warnings"]
        if "label" in w["code"] or w["code"] == "latin_letter"
    ]
    assert warnings == [("latin_letter", "I.3.f")]


def test_duplicate_and_skipped_labels_kept_and_flagged() -> None:
    data = _plan("I. NỘI DUNG\n1. Một\n2. Hai\n2. Hai nữa\n5. Năm\nII. KHÁC\nIV. BỐN\n")
    part = data["sections"][0]
    assert [c["path"] for c in part["children"]] == ["I.1", "I.2", "I.2 (second)", "I.5"]
    found = {(w["code"], w.get("where")) for w in data["warnings"]}
    assert ("duplicate_label", "I.2") in found
    assert ("skipped_label", "I.5") in found
    assert ("skipped_label", "IV") in found


def test_bullets_nest_and_paragraphs_return_to_the_item() -> None:
    data = _plan("I. NỘI DUNG\n1. Một\n- gạch một\n+ cộng\n- gạch hai\nĐoạn văn tiếp theo của mục 1.\n")
    item = data["sections"][0]["children"][0]
    assert [c["label"] for c in item["children"]] == ["-", "-"]
    assert item["children"][0]["children"][0]["label"] == "+"
    assert item["text"] == "Đoạn văn tiếp theo của mục 1."


def test_capital_letters_and_roman_numerals() -> None:
    data = _plan("A. PHẦN MỘT\nI. Mục\nB. PHẦN HAI\nC. PHẦN BA\nI. Mục\nII. Mục\nIII. Mục\nIV. Mục\nV. Mục\n")
    assert [s["label"] for s in data["sections"]] == ["A", "B", "C"]
    assert [c["label"] for c in data["sections"][2]["children"]] == ["I", "II", "III", "IV", "V"]


def test_capital_i_after_h_continues_the_letters() -> None:
    found = match_label("I. PHẦN CHÍN")
    assert found is not None and (found.label, found.style, found.alternative) == (
        "I",
        "roman",
        ("upper", "I"),
    )
    data = _plan("A. MỘT\n1. Việc\nB. HAI\nC. BA\nD. BỐN\nE. NĂM\nG. SÁU\nH. BẢY\nI. TÁM\n1. Việc\nK. CHÍN\n")
    assert [s["label"] for s in data["sections"]] == ["A", "B", "C", "D", "E", "G", "H", "I", "K"]
    assert [c["path"] for c in data["sections"][7]["children"]] == ["I.1"]
    assert "duplicate_label" not in _codes(data) and "label_order" not in _codes(data)
    # Roman numerals under the capitals: "I." after an empty "H." is H's first numeral
    data = _plan("A. PHẦN MỘT\nI. Mục\nB. HAI\nC. BA\nD. BỐN\nE. NĂM\nG. SÁU\nH. BẢY\nI. Mục\nII. Mục\n")
    assert [c["path"] for c in data["sections"][-1]["children"]] == ["H.I", "H.II"]


# --------------------------------------------------------------------------------------------------
# Layout repair
# --------------------------------------------------------------------------------------------------


def test_layout_repairs() -> None:
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "II.\n"
        "NỘI DUNG THỰC\n"
        "1. Sở Khoa học và Công nghệ chủ trì, phối hợp với\n"
        "Sở Tài chính thực  hiện việc rà soát ,\n"
        "sửa đổi các quy định.\n"
        "- 2 -\n"
        "12\n"
        "Trang 3/10\n"
        "----------\n"
    )
    lines = [line.text for line in prepare(text).lines]
    assert lines == [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "II. NỘI DUNG THỰC",
        "1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính thực hiện việc rà soát, "
        "sửa đổi các quy định.",
    ]


def test_source_line_numbers_survive_joining() -> None:
    layout = prepare("a\n\nI.\nMỤC ĐÍCH\n1. Một việc được giao cho\ncác cơ quan.\n")
    assert [(line.no, line.end) for line in layout.lines] == [(1, 1), (3, 4), (5, 6)]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        # a request wrapped before whom it asks goes on
        (
            "Chủ tịch UBND tỉnh yêu cầu\nThủ trưởng các sở, ban, ngành tổ chức thực hiện.\n",
            ["Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành tổ chức thực hiện."],
        ),
        # a year wrapped after "năm"
        (
            "- Thời gian thực hiện: năm\n2025 và các năm tiếp theo.\n",
            ["- Thời gian thực hiện: năm 2025 và các năm tiếp theo."],
        ),
        # a heading "2. Yêu cầu" over its text does not
        ("2. Yêu cầu\nBảo đảm sự phối hợp chặt chẽ.\n", ["2. Yêu cầu", "Bảo đảm sự phối hợp chặt chẽ."]),
        # nor a headline ending in a joining word over a sentence's opening word
        (
            "Chấn chỉnh việc khai thác đất san lấp mặt bằng\nNhằm chấn chỉnh tình trạng lộn xộn, UBND tỉnh yêu cầu.\n",
            [
                "Chấn chỉnh việc khai thác đất san lấp mặt bằng",
                "Nhằm chấn chỉnh tình trạng lộn xộn, UBND tỉnh yêu cầu.",
            ],
        ),
    ],
)
def test_which_short_lines_go_on(text: str, lines: list[str]) -> None:
    assert [line.text for line in prepare(text).lines] == lines


def test_a_name_a_converter_wrapped_after_a_short_first_line_goes_on() -> None:
    wrapped = (
        "Toàn bộ hệ thống chính trị đã tập trung lãnh đạo, chỉ đạo xuyên suốt, thường\n"
        "xuyên, liên tục, từ sớm, từ xa, sát diễn biến tình hình mưa lũ trên địa bàn các\n"
        "tỉnh miền Trung; huy động lực lượng, phương tiện hỗ trợ người dân khắc phục\n"
        "hậu quả thiên tai, sớm ổn định đời sống và khôi phục sản xuất kinh doanh\n\n"
        "d) Ủy ban nhân dân thành phố Hà\n"
        "Nội, thành phố Hồ Chí Minh hỗ trợ các địa phương bị thiệt hại nặng nề khôi phục\n"
        "sản xuất, kinh doanh, bảo đảm an sinh xã hội cho người dân vùng bị thiên tai\n"
        "và thực hiện các nhiệm vụ khác được giao tại Nghị quyết này theo quy định\n"
        "của pháp luật về ngân sách nhà nước và các quy định khác có liên quan\n"
    )
    lines = [line.text for line in prepare(wrapped).lines]
    assert any(
        text.startswith("d) Ủy ban nhân dân thành phố Hà Nội, thành phố Hồ Chí Minh") for text in lines
    )
    # a name of its own on the next line is not the end of the one before
    wrapped = wrapped.replace(
        "d) Ủy ban nhân dân thành phố Hà\nNội,", "Điều 3. Nhiệm vụ của Đoàn kiểm tra\nĐoàn kiểm tra,"
    )
    lines = [line.text for line in prepare(wrapped).lines]
    assert "Điều 3. Nhiệm vụ của Đoàn kiểm tra" in lines


def test_blank_date_in_ascii_dots_keeps_its_spaces() -> None:
    lines = [line.text for line in prepare("Cà Mau, ngày ... tháng ... năm 2024\nSở Y tế rà soát .\n").lines]
    assert lines == ["Cà Mau, ngày ... tháng ... năm 2024", "Sở Y tế rà soát."]
    data = parse_text(
        "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 12/KH-UBND\nCà Mau, ngày ... tháng ... năm 2024\n"
        "KẾ HOẠCH\nThử nghiệm\nI. NỘI DUNG\n1. Sở Y tế chủ trì tập huấn.\n"
    ).to_json()
    assert (data["place"], data["date"]) == ("Cà Mau", None)
    assert "blank_date" in _codes(data)


def test_a_year_after_a_dash_is_no_page_number() -> None:
    layout = prepare("trong giai đoạn 2021 -\n2025\nSở Y tế chủ trì.\n- 2 -\n12\n")
    assert [(line.text, line.no, line.end) for line in layout.lines] == [
        ("trong giai đoạn 2021 - 2025", 1, 2),
        ("Sở Y tế chủ trì.", 3, 3),
    ]
    assert layout.repairs["page_numbers"] == 2
    data = _plan("I. NỘI DUNG\n1. Sở Y tế chủ trì tập huấn trong giai đoạn 2021 –\n2025\n")
    deadline = _assignments(data)[("I.1", "Sở Y tế", "lead")]["deadline_detail"]
    assert (deadline["kind"], deadline["start"], deadline["end"]) == ("period", 2021, 2025)


@pytest.mark.parametrize(
    "line",
    ["1.500 triệu đồng từ ngân sách tỉnh.", "2.000.000 đồng mỗi năm", "1.200 USD hỗ trợ", "3.500 ha rừng"],
)
def test_amounts_are_not_labels(line: str) -> None:
    assert match_label(line) is None


def test_a_paragraph_starting_with_an_amount() -> None:
    data = _plan(
        "I. KINH PHÍ\n1. Nguồn vốn\n1.500 triệu đồng từ ngân sách tỉnh.\n1.1. Vốn sự nghiệp\nTổng kinh phí là\n"
        "2.000 triệu đồng.\n"
    )
    item = data["sections"][0]["children"][0]
    assert item["text"] == "1.500 triệu đồng từ ngân sách tỉnh."
    assert [(c["label"], c["text"]) for c in item["children"]] == [
        ("1.1", "Tổng kinh phí là 2.000 triệu đồng.")
    ]


# --------------------------------------------------------------------------------------------------
# Agencies
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("phối hợp với Sở Tài chính, Sở Kế hoạch và Đầu tư và các cơ quan liên quan nghiên cứu",
         ["Sở Tài chính", "Sở Kế hoạch và Đầu tư", "các cơ quan liên quan"]),
        ("Công an tỉnh và Bộ Chỉ huy Quân sự tỉnh", ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]),
        ("gửi Ủy ban nhân dân các huyện, thị xã, thành phố Cà Mau", ["Ủy ban nhân dân các huyện, thị xã, thành phố Cà Mau"]),
        ("Giám đốc Sở Lao động - Thương binh và Xã hội chủ trì", ["Sở Lao động - Thương binh và Xã hội"]),
        ("với các Sở: Tài chính, Kế hoạch và Đầu tư, Nội vụ thực hiện", ["Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Nội vụ"]),
        ("Ban Quản lý Khu kinh tế tỉnh chủ trì", ["Ban Quản lý Khu kinh tế tỉnh"]),
        ("Ban Tuyên giáo Tỉnh ủy phối hợp", ["Ban Tuyên giáo Tỉnh ủy"]),
        ("Liên minh Hợp tác xã tỉnh chủ trì", ["Liên minh Hợp tác xã tỉnh"]),
        ("báo cáo UBND tỉnh", ["UBND tỉnh"]),
        ("Ban hành kế hoạch; Hội nghị Trung ương 6; Sở hữu trí tuệ; Số 12; Bộ máy tổ chức", []),
        ("các tổ chức, doanh nghiệp", []),
        ("phối hợp với các cơ quan, tổ chức, cá nhân có liên quan", ["các cơ quan, tổ chức, cá nhân có liên quan"]),
        ("đề nghị các cơ quan, đơn vị, UBND các huyện, thành phố rà soát",
         ["các cơ quan, đơn vị", "UBND các huyện, thành phố"]),  # two kinds of agency: two groups
        ("yêu cầu thủ trưởng các Sở, Ban, ngành, Hội, Đoàn thể thực hiện", ["các Sở, Ban, ngành, Hội, Đoàn thể"]),
        ("Văn phòng - Thống kê xã chủ trì tham mưu", ["Văn phòng - Thống kê xã"]),  # a commune's office
        ("Ban chỉ đạo cải cách hành chính tỉnh có trách nhiệm", ["Ban chỉ đạo cải cách hành chính tỉnh"]),
        ("Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh thực hiện", ["Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh"]),
        ("thành lập Ban chỉ đạo và tổ giúp việc", ["Ban chỉ đạo"]),
        ("UBND huyện Cư M'gar chủ trì", ["UBND huyện Cư M'gar"]),
        ("Văn phòng Chính phủ thông báo để Bộ biết", ["Văn phòng Chính phủ"]),
        ("Sở NN&PTNT đề xuất các sản phẩm", ["Sở NN&PTNT"]),  # an abbreviation is a whole word
        ("Cục Sở hữu trí tuệ trân trọng đề nghị", ["Cục Sở hữu trí tuệ"]),  # "Sở hữu" is no Sở
        ("Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh tham mưu",
         ["Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh"]),
        ("Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn các ngành, các cấp, Thủ trưởng các sở, ban, ngành tỉnh",
         ["Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn các ngành, các cấp", "các sở, ban, ngành tỉnh"]),
        ("Thủ trưởng các sở, ban, ngành, các Tổ chức Chính trị - Xã hội thực hiện",
         ["các sở, ban, ngành", "các Tổ chức Chính trị - Xã hội"]),
        ("yêu cầu các sở, ban, ngành, quận, huyện thực hiện", ["các sở, ban, ngành, quận, huyện"]),
        ("Các cơ quan, đơn vị trực thuộc Bộ gửi hồ sơ", ["Các cơ quan, đơn vị trực thuộc Bộ"]),
        ("Ban Tổ chức Hội thi tiếp tục kiểm tra", ["Ban Tổ chức Hội thi"]),  # a verb pair ends the field
        ("Cục SHTT đề nghị các Sở KH&CN báo cáo", ["Cục SHTT", "các Sở KH&CN"]),
        ("Sở KH&CN tỉnh Cà Mau chủ trì", ["Sở KH&CN tỉnh Cà Mau"]),
        ("đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo",
         ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]),
        ("yêu cầu lãnh đạo các sở, ban, ngành thuộc tỉnh", ["các sở, ban, ngành thuộc tỉnh"]),
        ("Trung tâm Công nghệ thông tin và Truyền thông chủ trì", ["Trung tâm Công nghệ thông tin và Truyền thông"]),
        ("Giám đốc các Ban Quản lý dự án chuyên ngành, khu vực, các chủ đầu tư",
         ["các Ban Quản lý dự án chuyên ngành, khu vực", "các chủ đầu tư"]),
    ],
)  # fmt: skip
def test_agency_names_as_written(text: str, names: list[str]) -> None:
    assert [m.name for m in find_mentions(text)] == names


def test_repeated_word_in_a_name_is_dropped_and_reported() -> None:
    mention = find_mentions("tham mưu Ủy ban nhân dân dân tỉnh xem xét")[0]
    assert mention.name == "Ủy ban nhân dân tỉnh"
    assert mention.typo == "Ủy ban nhân dân dân tỉnh"


def test_group_phrases() -> None:
    kinds = {m.name: m.kind for m in find_mentions(
        "Các sở, ban, ngành, đoàn thể và các địa phương; Ủy ban nhân dân các huyện, thành phố; Sở Y tế"
    )}  # fmt: skip
    assert kinds == {
        "Các sở, ban, ngành, đoàn thể và các địa phương": "generic",
        "Ủy ban nhân dân các huyện, thành phố": "group",
        "Sở Y tế": "agency",
    }


def test_headings_that_name_agencies() -> None:
    assert heading_agencies("Sở Nông nghiệp và Phát triển nông thôn") is not None
    found = heading_agencies("SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    assert found is not None and [m.name for m in found[0]] == ["Sở Khoa học và Công nghệ"]
    found = heading_agencies("Sở Y tế: chủ trì triển khai")
    assert found is not None and found[1] == "chủ trì triển khai"
    assert heading_agencies("Lĩnh vực y tế dự phòng") is None
    assert heading_agencies("Sở Y tế chủ trì triển khai") is None  # a sentence, not a heading
    for heading, names in (
        ("Trách nhiệm của Sở Y tế", ["Sở Y tế"]),
        ("Nhiệm vụ của các sở, ngành liên quan", ["các sở, ngành liên quan"]),
        ("Đối với UBND các huyện, thành phố", ["UBND các huyện, thành phố"]),
    ):
        found = heading_agencies(heading)
        assert found is not None and [m.name for m in found[0]] == names, heading
    assert heading_agencies("Trách nhiệm của người đứng đầu trong công tác") is None


# --------------------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoàn thành trước ngày 15/12/2023", {"kind": "date", "date": dt.date(2023, 12, 15)}),
        ("chậm nhất ngày 05 tháng 02 năm 2024", {"kind": "date", "date": dt.date(2024, 2, 5)}),
        ("trong Quý II/2025", {"kind": "quarter", "quarter": 2, "year": 2025}),
        ("quý 4 năm 2024", {"kind": "quarter", "quarter": 4, "year": 2024}),
        ("Quý III, IV/2026", {"kind": "quarter", "quarter": 4, "year": 2026, "text": "Quý III, IV/2026"}),
        ("trong quý II và III năm 2025", {"kind": "quarter", "quarter": 3, "year": 2025}),
        ("quý 3 - 2021", {"kind": "quarter", "quarter": 3, "year": 2021}),
        ("báo cáo hằng năm", {"kind": "annual"}),
        ("định kỳ hàng năm", {"kind": "annual"}),
        ("trước ngày 15/12 hằng năm", {"kind": "annual", "day": 15, "month": 12}),
        ("giai đoạn 2021–2025", {"kind": "period", "start": 2021, "end": 2025}),
        ("từ năm 2024 đến năm 2030", {"kind": "period", "start": 2024, "end": 2030}),
        ("thực hiện thường xuyên", {"kind": "continuous"}),
        ("trong năm 2024", {"kind": "year", "year": 2024}),
        ("hoàn thành trong tháng 9/2024", {"kind": "month", "month": 9, "year": 2024}),
        ("6 tháng đầu năm 2024", {"kind": "half", "half": 1, "year": 2024}),
        ("báo cáo hằng quý", {"kind": "recurring", "every": "quarter"}),
        ("định kỳ 6 tháng", {"kind": "recurring", "every": "half_year"}),
    ],
)
def test_deadline_kinds(text: str, expected: dict[str, Any]) -> None:
    found = find_deadlines(text)
    assert found, text
    deadline = found[0]
    for key, value in expected.items():
        assert getattr(deadline, key) == value, (text, key, deadline)


def test_dates_of_cited_documents_are_not_deadlines() -> None:
    assert find_deadlines("Kết luận số 50-KL/TW ngày 30/5/2019 của Ban Bí thư") == []
    assert find_deadlines("ngày 31/13/2024 trước ngày 32/1/2024") == []


def test_table_cells() -> None:
    assert cell_deadline("2023-2025") == Deadline("period", "2023-2025", start=2023, end=2025)
    assert cell_deadline("Năm 2024") == Deadline("year", "Năm 2024", year=2024)
    # a time column's months: "10/2019" is October, "10-11/2019" the two months, not 10 November
    assert cell_deadline("10/2019") == Deadline("month", "10/2019", year=2019, month=10)
    assert cell_deadline("10-11/2019") == Deadline("month", "10-11/2019", year=2019, month=11)
    assert cell_deadline("15/12/2025") == Deadline(
        "date", "15/12/2025", date=dt.date(2025, 12, 15), year=2025, month=12, day=15
    )
    assert cell_deadline("Khi có yêu cầu") == Deadline("text", "Khi có yêu cầu")
    # a comma before the year; "Năm 2022 - 2025" a period, not the year 2022
    assert cell_deadline("Quý III, năm 2022") == Deadline(
        "quarter", "Quý III, năm 2022", quarter=3, year=2022
    )
    assert cell_deadline("Tháng 12, năm 2022") == Deadline("month", "Tháng 12, năm 2022", year=2022, month=12)
    assert cell_deadline("Năm 2022 - 2025") == Deadline("period", "Năm 2022 - 2025", start=2022, end=2025)
    assert cell_deadline("Năm 2025 và các năm tiếp theo") == Deadline(
        "year", "Năm 2025 và các năm tiếp theo", year=2025
    )
    # a status is no time; a cell that says more than its time keeps its words
    assert cell_deadline("Đã hoàn thành") is None
    long = "Thực hiện đến năm 2030 và theo kế hoạch phân bổ hạn ngạch cho từng thời kỳ"
    assert cell_deadline(long) == Deadline("year", long, year=2030)
    assert cell_deadline("Trong 06 tháng kể từ khi Bộ Tài nguyên và Môi trường chấp thuận").kind == "relative"
    assert cell_deadline("Hằng năm") is not None and cell_deadline("Hằng năm").display() == "hằng năm"  # type: ignore[union-attr]


# --------------------------------------------------------------------------------------------------
# Cited documents
# --------------------------------------------------------------------------------------------------


def test_citations() -> None:
    found = find_citations(
        "Thực hiện Kết luận số 50-KL/TW ngày 30/5/2019 của Ban Bí thư, Nghị định 09/2019/NĐ-CP và "
        "Công văn số 1234/UBND-KT ngày 05 tháng 3 năm 2024 của Ủy ban nhân dân tỉnh về việc"
    )
    assert [(c.number, c.kind, c.date, c.issuer) for c in found] == [
        ("50-KL/TW", "Kết luận", dt.date(2019, 5, 30), "Ban Bí thư"),
        ("09/2019/NĐ-CP", "Nghị định", None, None),
        ("1234/UBND-KT", "Công văn", dt.date(2024, 3, 5), "Ủy ban nhân dân tỉnh"),
    ]


def test_a_symbol_naming_a_unit_after_a_dot_is_one_number_but_a_sentence_ends() -> None:
    found = find_citations("Công văn số 11554/VPCP-V.I ngày 25/11/2025; theo Công văn số 123/UBND-VX. Ủy ban")
    assert [c.number for c in found] == ["11554/VPCP-V.I", "123/UBND-VX"]


def test_a_cited_issuer_in_capitals_stops_at_the_subject() -> None:
    found = find_citations(
        "KẾ HOẠCH TRIỂN KHAI THỰC HIỆN KẾT LUẬN SỐ 50-KL/TW NGÀY 30/5/2019 CỦA BAN BÍ THƯ VỀ TIẾP TỤC THỰC "
        "HIỆN NGHỊ QUYẾT HỘI NGHỊ TRUNG ƯƠNG 6 KHÓA XI; Công văn số 12/UBND-KT của Ủy ban nhân dân tỉnh về việc"
    )
    assert [(c.number, c.issuer) for c in found] == [
        ("50-KL/TW", "Ban Bí thư"),
        ("12/UBND-KT", "Ủy ban nhân dân tỉnh"),
    ]
    data = parse_text(
        "KẾ HOẠCH\nTRIỂN KHAI THỰC HIỆN KẾT LUẬN SỐ 50-KL/TW NGÀY 30/5/2019 CỦA BAN BÍ THƯ VỀ TIẾP TỤC THỰC "
        "HIỆN NGHỊ QUYẾT HỘI NGHỊ TRUNG ƯƠNG\nI. NỘI DUNG\n1. Sở Y tế chủ trì tập huấn.\n"
    ).to_json()
    assert [(r["number"], r["issuer"]) for r in data["references"]] == [("50-KL/TW", "Ban Bí thư")]
    assert "Ban Bí thư" not in data["agencies"]


# --------------------------------------------------------------------------------------------------
# Duties: what is and what is not an assignment
# --------------------------------------------------------------------------------------------------


def test_giao_so_x_chu_tri() -> None:
    data = _plan(
        "I. NỘI DUNG\n1. Rà soát quy định. Giao Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ thực hiện.\n"
    )
    got = _assignments(data)
    assert ("I.1", "Sở Tư pháp", "lead") in got
    assert got[("I.1", "Sở Nội vụ", "coordinate")]["lead"] == "Sở Tư pháp"


def test_phoi_hop_voi_so_x_makes_x_the_lead() -> None:
    data = _plan(
        "I. TỔ CHỨC THỰC HIỆN\n1. Sở Công Thương\nPhối hợp với Sở Khoa học và Công nghệ để xúc tiến thương mại.\n"
        "2. Sở Y tế\nPhối hợp với Sở Tài chính để mua sắm thiết bị.\n"
    )
    got = _assignments(data)
    assert got[("I.1", "Sở Công Thương", "coordinate")]["lead"] == "Sở Khoa học và Công nghệ"
    assert ("I.1", "Sở Khoa học và Công nghệ", "lead") in got
    assert ("I.1", "Sở Công Thương", "lead") not in got
    assert got[("I.2", "Sở Y tế", "coordinate")]["lead"] == "Sở Tài chính"


def test_item_agency_leads_without_the_word_chu_tri() -> None:
    data = _plan(
        "I. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\nỨng dụng công nghệ cao trong khám, chữa bệnh.\n2. Sở Nội vụ\nĐào tạo.\n"
    )
    assert ("I.1", "Sở Y tế", "lead") in _assignments(data)


def test_proposers_issuers_and_recipients_are_not_assignments() -> None:
    data = _plan(
        "Thực hiện Nghị quyết số 20-NQ/TW ngày 01/11/2012 của Ban Chấp hành Trung ương Đảng;\n"
        "Theo đề nghị của Sở Khoa học và Công nghệ.\n"
        "I. NỘI DUNG\n1. Tổ chức hội thảo theo đề nghị của Sở Ngoại vụ; do Sở Tư pháp chủ trì.\n"
        "Nơi nhận:\n- Sở Xây dựng;\n- Sở Giao thông vận tải;\n- Lưu: VT.\n"
    )
    names = {a["agency"] for a in data["assignments"]}
    assert names == {"Sở Tư pháp"}
    assert set(data["proposers"]) == {"Sở Khoa học và Công nghệ", "Sở Ngoại vụ"}
    assert data["recipients"] == ["Sở Xây dựng", "Sở Giao thông vận tải"]
    assert "20-NQ/TW" in data["implements"]
    assert "Ban Chấp hành Trung ương Đảng" not in data["agencies"]


def test_awareness_targets_of_the_requirements_are_not_assignments() -> None:
    data = _plan(
        "I. MỤC ĐÍCH, YÊU CẦU\n2. Yêu cầu\nCác sở, ban, ngành, địa phương phải quán triệt, nâng cao nhận thức.\n"
        "II. NỘI DUNG\n1. Sở Y tế chủ trì tổ chức tập huấn.\n"
    )
    assert {(a["section"], a["agency"]) for a in data["assignments"]} == {("II.1", "Sở Y tế")}


def test_execution_clause_of_a_decision_is_not_an_assignment() -> None:
    data = _parse("quyet-dinh-kem-ke-hoach.txt")
    assert not [a for a in data["assignments"] if a["section"] == "Điều 3"]


def test_subject_carries_to_the_next_sentence() -> None:
    data = _plan(
        "I. NỘI DUNG\n1. Phát triển thị trường. Sở Công Thương chủ trì tổ chức hội chợ. Hằng năm báo cáo kết quả "
        "về Ủy ban nhân dân tỉnh.\n"
    )
    lead = _assignments(data)[("I.1", "Sở Công Thương", "lead")]
    assert lead["reporting"] == "báo cáo kết quả về Ủy ban nhân dân tỉnh"
    assert lead["reporting_detail"]["frequency"] == "annual"


@pytest.mark.parametrize(
    ("text", "subjects", "role", "coordinators"),
    [
        ("Sở Y tế được giao chủ trì xây dựng đề án.", ["Sở Y tế"], "lead", []),
        ("Sở Y tế được giao nhiệm vụ xây dựng đề án.", ["Sở Y tế"], "lead", []),
        ("Sở Y tế được giao chủ trì, phối hợp với Sở Tài chính xây dựng đề án.", ["Sở Y tế"], "lead", ["Sở Tài chính"]),
        ("Ủy ban nhân dân tỉnh giao Sở Y tế chủ trì tổ chức tập huấn.", ["Sở Y tế"], "lead", []),
        ("Sở Y tế (chủ trì), Sở Tài chính (phối hợp) thực hiện rà soát.", ["Sở Y tế"], "lead", ["Sở Tài chính"]),
        ("Giao Sở Y tế (chủ trì), Sở Tài chính (phối hợp) thực hiện rà soát.", ["Sở Y tế"], "lead", ["Sở Tài chính"]),
        ("Sở Y tế (chủ trì), Sở Tài chính thực hiện rà soát.", ["Sở Y tế", "Sở Tài chính"], "lead", []),
    ],
)  # fmt: skip
def test_clause_subjects_passive_assigning_and_bracketed_roles(
    text: str, subjects: list[str], role: str, coordinators: list[str]
) -> None:
    clause = analyse_clause(text, 1)
    assert [m.name for m in clause.subjects] == subjects
    assert clause.role == role
    assert [m.name for m in clause.coordinators] == coordinators
    assert not clause.extra_leads


def test_do_x_chu_tri_y_phoi_hop_inside_a_clause() -> None:
    clause = analyse_clause("Rà soát quy định; do Sở Nội vụ chủ trì, Sở Tài chính phối hợp.", 1)
    assert [m.name for m in clause.extra_leads] == ["Sở Nội vụ"]
    assert [(c.name, lead.name) for c, lead in clause.extra_coordinators] == [("Sở Tài chính", "Sở Nội vụ")]
    clause = analyse_clause("Rà soát quy định, do Sở Nội vụ chủ trì, phối hợp với Sở Y tế thực hiện.", 1)
    assert [(c.name, lead.name) for c, lead in clause.extra_coordinators] == [("Sở Y tế", "Sở Nội vụ")]


@pytest.mark.parametrize(
    "body",
    [
        "1. Sở Y tế được giao chủ trì xây dựng đề án.",
        "1. Ủy ban nhân dân tỉnh giao Sở Y tế chủ trì tổ chức tập huấn.",
    ],
)
def test_the_assigned_agency_leads_not_the_assigner(body: str) -> None:
    data = _plan("I. NỘI DUNG\n" + body + "\n")
    assert {(s, a, r) for (s, a, r) in _assignments(data)} == {("I.1", "Sở Y tế", "lead")}
    assert "no_assignments" not in _codes(data)


@pytest.mark.parametrize(
    ("body", "lead", "coordinator"),
    [
        ("1. Sở Y tế (chủ trì), Sở Tài chính (phối hợp) thực hiện rà soát.", "Sở Y tế", "Sở Tài chính"),
        ("1. Sở Y tế chủ trì; Sở Tài chính phối hợp.", "Sở Y tế", "Sở Tài chính"),
        ("1. Rà soát quy định; do Sở Nội vụ chủ trì, Sở Tài chính phối hợp.", "Sở Nội vụ", "Sở Tài chính"),
    ],
)
def test_roles_beside_the_names(body: str, lead: str, coordinator: str) -> None:
    data = _plan("I. NỘI DUNG\n" + body + "\n")
    got = _assignments(data)
    assert set(got) == {("I.1", lead, "lead"), ("I.1", coordinator, "coordinate")}
    assert got[("I.1", coordinator, "coordinate")]["lead"] == lead
    assert "coordinate_without_lead" not in _codes(data)


def test_a_coordinator_takes_the_lead_of_its_own_sentence_only() -> None:
    data = _plan("I. NỘI DUNG\n1. Sở Y tế chủ trì. Sở Tài chính phối hợp.\n")
    assert _assignments(data)[("I.1", "Sở Tài chính", "coordinate")]["lead"] is None
    assert "coordinate_without_lead" in _codes(data)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Sở Y tế tổng hợp, báo cáo Ủy ban nhân dân tỉnh hằng quý.", None),
        ("Sở Y tế báo cáo Ủy ban nhân dân tỉnh trước ngày 30/4/2024.", None),
        ("Sở Y tế báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện trước ngày 30/4/2024.", "kết quả thực hiện"),
    ],
)
def test_the_reported_subject_is_never_the_deadline(text: str, what: str | None) -> None:
    report = find_report(text)
    assert report is not None and report.what == what


def test_reporting_duty_without_a_subject_matter() -> None:
    data = _plan(
        "I. NỘI DUNG\n1. Sở Y tế chủ trì tập huấn; tổng hợp, báo cáo Ủy ban nhân dân tỉnh hằng quý.\n"
        "2. Sở Nội vụ chủ trì rà soát, báo cáo Ủy ban nhân dân tỉnh trước ngày 30/4/2024.\n"
    )
    reports = {r["section"]: r for r in data["reporting"]}
    assert (reports["I.1"]["what"], reports["I.1"]["frequency"]) == (None, "quarter")
    assert (reports["I.2"]["what"], reports["I.2"]["deadline"]["date"]) == (None, "2024-04-30")


# --------------------------------------------------------------------------------------------------
# The three inputs in tests/data
# --------------------------------------------------------------------------------------------------


def test_plan_with_heading_block() -> None:
    data = _parse("ke-hoach-day-du.txt")
    assert (data["doc_type"], data["number"], data["date"], data["place"]) == (
        "Kế hoạch", "123/KH-UBND", "2024-02-05", "Cà Mau",
    )  # fmt: skip
    assert data["issuer"] == "Ủy ban nhân dân tỉnh Cà Mau"
    assert data["title"] == (
        "KẾ HOẠCH Phát triển thị trường khoa học và công nghệ trên địa bàn tỉnh giai đoạn 2024 - 2025"
    )
    assert [b["kind"] for b in data["based_on"]] == ["Luật", "Nghị định"]
    assert data["based_on"][0]["date"] == "2013-06-18"
    assert data["based_on"][1]["number"] == "76/2018/NĐ-CP"
    assert data["implements"] == ["15-CTr/TU"]  # not the proposal (Tờ trình)
    assert data["signer"] == {"authority": "KT. CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH", "name": "Lê Văn Sử"}
    assert "Sở Y tế" in data["recipients"] and "Sở Y tế" not in data["agencies"]
    got = _assignments(data)
    assert got[("II.1.a", "Sở Khoa học và Công nghệ", "lead")]["deadline_detail"]["date"] == "2024-12-15"
    assert got[("II.1.a", "Sở Tư pháp", "coordinate")]["lead"] == "Sở Khoa học và Công nghệ"
    assert got[("II.1.b", "Sở Tài chính", "lead")]["deadline"] == "trong Quý II/2025"
    assert got[("II.1.c", "Sở Công Thương", "coordinate")]["lead"] == "Sở Khoa học và Công nghệ"
    assert got[("II.1.đ", "Trung tâm Xúc tiến Thương mại", "lead")]["deadline_detail"]["kind"] == "continuous"
    assert got[("II.1.g", "Sở Kế hoạch và Đầu tư", "lead")]["deadline_detail"]["kind"] == "period"
    assert not [a for a in data["assignments"] if a["agency"] == "Sở Nội vụ"]  # "theo đề nghị của"
    dost = got[("III.1", "Sở Khoa học và Công nghệ", "lead")]
    assert dost["related_sections"][0] == "*"
    assert dost["reporting_detail"]["frequency"] == "half_year"
    assert dost["reporting_detail"]["deadline"]["day"] == 15
    districts = got[("III.4", "Ủy ban nhân dân các huyện, thành phố", "lead")]
    assert districts["reporting_detail"]["via"] == "Sở Khoa học và Công nghệ"
    assert districts["deadline_detail"]["date"] == "2024-03-31"
    assert (
        got[("III (closing paragraph)", "các cơ quan, đơn vị", "report")]["reporting_detail"]["frequency"]
        == "ad_hoc"
    )
    assert got[("III.3", "Sở Công Thương", "coordinate")]["related_sections"] == ["II.1.c"]
    assert {(w["code"], w.get("where")) for w in data["warnings"]} >= {
        ("skipped_label", "II.1.g"), ("skipped_label", "II.4"), ("closing_paragraph", "III"),
    }  # fmt: skip
    assert "no_header" not in _codes(data)


def test_decision_with_attached_plan() -> None:
    data = _parse("quyet-dinh-kem-ke-hoach.txt")
    assert data["doc_type"] == "Kế hoạch"
    assert data["title"] == "KẾ HOẠCH Ứng dụng và chuyển giao tiến bộ khoa học và công nghệ năm 2024"
    assert (data["number"], data["date"], data["issuer"]) == (
        "456/QĐ-UBND",
        "2024-03-12",
        "Ủy ban nhân dân tỉnh Cà Mau",
    )
    assert data["issued_with"]["doc_type"] == "Quyết định"
    assert data["issued_with"]["title"].startswith("QUYẾT ĐỊNH Về việc ban hành Kế hoạch")
    assert [s["label"] for s in data["sections"]] == ["Điều 1", "Điều 2", "Điều 3", "I", "II", "III"]
    assert "attached_document" in _codes(data)
    assert data["proposers"] == ["Sở Khoa học và Công nghệ"]
    assert data["recipients"] == ["Như Điều 3", "CT, các PCT UBND tỉnh"]
    got = _assignments(data)
    assert ("Điều 2", "Sở Khoa học và Công nghệ", "lead") in got
    assert got[("II.1", "Sở Nông nghiệp và Phát triển nông thôn", "lead")]["deadline_detail"]["month"] == 10
    assert got[("II.2", "Sở Công Thương", "coordinate")]["lead"] == "Liên minh Hợp tác xã tỉnh"
    assert (
        got[("III.1", "Sở Khoa học và Công nghệ", "lead")]["reporting_detail"]["to"] == "Ủy ban nhân dân tỉnh"
    )
    assert not [a for a in data["assignments"] if a["section"].startswith("I.") or a["section"] == "I"]


def test_web_copy_with_pipes_wrapped_lines_and_a_task_table() -> None:
    data = _parse("ke-hoach-ban-web.txt")
    assert (data["number"], data["date"]) == ("77/KH-UBND", "2023-04-20")
    assert data["title"] == "KẾ HOẠCH Thực hiện Chương trình đổi mới sáng tạo giai đoạn 2023 - 2025"
    assert data["sections"][0]["heading"] == "MỤC ĐÍCH, YÊU CẦU"
    assert (
        data["sections"][0]["children"][0]["text"]
        == "Thúc đẩy hoạt động đổi mới sáng tạo trong doanh nghiệp và cộng đồng."
    )
    assert [c["label"] for c in data["sections"][1]["children"]] == ["1", "2"]  # the page number "2" dropped
    rows = data["sections"][2]["children"]
    assert [r["label"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[0]["product"] == "Báo cáo kết quả hỗ trợ"
    got = _assignments(data)
    assert {a for (s, a, r) in got if s == "III.2"} == {
        "Sở Kế hoạch và Đầu tư",
        "Tỉnh đoàn",
        "Hội Liên hiệp Phụ nữ tỉnh",
    }
    assert got[("III.3", "Trường Cao đẳng Cộng đồng Cà Mau", "lead")]["deadline_detail"]["kind"] == "period"
    assert got[("III.4", "Sở Tư pháp", "coordinate")]["lead"] is None
    assert {"no_lead", "coordinate_without_lead", "layout_repaired"} <= set(_codes(data))
    closing = got[("III", "Các sở, ngành, địa phương", "report")]
    assert closing["deadline_detail"] == {
        "kind": "annual",
        "text": "trước ngày 10/12 hằng năm",
        "day": 10,
        "month": 12,
    }


# --------------------------------------------------------------------------------------------------
# The resolver hook
# --------------------------------------------------------------------------------------------------


def test_resolver_annotates_agencies_and_unresolved_names_are_warned() -> None:
    calls: list[tuple[str, dt.date | None]] = []

    def resolver(name: str, as_of: dt.date | None) -> dict[str, Any] | None:
        calls.append((name, as_of))
        return {"id": 1} if name.startswith("Sở") else None

    result = parse_text((DATA / "ke-hoach-day-du.txt").read_text(encoding="utf-8"), resolver=resolver)
    data = result.to_json()
    assert all(as_of == dt.date(2024, 2, 5) for _name, as_of in calls)
    details = {a["name"]: a for a in data["agency_details"]}
    assert details["Sở Tài chính"]["resolution"] == {"id": 1}
    assert "các sở, ngành có liên quan" not in [name for name, _ in calls]  # generic groups are not looked up
    unresolved = {w["agency"] for w in data["warnings"] if w["code"] == "unresolved_agency"}
    assert unresolved == {
        "Trung tâm Xúc tiến Thương mại",
        "Ủy ban nhân dân tỉnh",
        "Ủy ban nhân dân các huyện, thành phố",
    }


def test_a_failing_resolver_does_not_lose_the_parse() -> None:
    def resolver(name: str, as_of: dt.date | None) -> dict[str, Any] | None:
        raise RuntimeError("registry down")

    data = parse_text((DATA / "ke-hoach-day-du.txt").read_text(encoding="utf-8"), resolver=resolver).to_json()
    assert "unresolved_agency" in _codes(data)


def test_one_list_of_stop_words_for_every_reader():
    from khcn.core.text import STOP_WORDS
    from khcn.plans.parser import lexicon

    assert {"và", "của", "các", "theo"} <= STOP_WORDS
    assert STOP_WORDS <= lexicon.FUNCTION_WORDS <= lexicon.NAME_STOP_WORDS

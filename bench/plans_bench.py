#!/usr/bin/env python
"""Plans benchmark: parse times, dashboard and report pages, and the annual DOCX at scale.

    .venv/bin/python bench/plans_bench.py [--requests 20] [--parse-repeat 5]
    .venv/bin/python bench/plans_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Runs against a scratch database: an SQLite file in a temporary directory, or — with a
PostgreSQL URL — a database ``khcn_bench_plans`` created on that server and dropped afterwards.
Everything is generated with a fixed random seed.

1. Parses the seed plan (``khcn/plans/fixtures/ke-hoach-kl50-ca-mau.txt``) and a generated
   plan of about 200 pages (~9,000 lines: Roman / Arabic / letter labels, "Sở X chủ trì, phối
   hợp với Y", deadlines, agency duties in a "Tổ chức thực hiện" section, a task table, page
   numbers and wrapped lines as text copied from a PDF) with ``khcn.plans.parser.parse_text``.
2. Generates 300 agencies, one plan of 400 items with a lead and about two coordinators per
   item, 10 annual periods and, per period, a report per assigned agency with a line per
   assignment, in mixed states (draft, submitted, returned, accepted; late; progress).
3. Times pages in this process with ``django.test.Client`` (DEBUG off; median and p95 of N
   requests after a warm-up) as a DOST specialist and as an agency reporter, as a ratio to the
   login page served anonymously; counts each page's queries and flags repeated query shapes.
4. Times the annual consolidated report (``khcn.plans.consolidation.annual_report_generate``,
   which the annual report view calls) for one period, and gives the DOCX's size.

Prints the figures and writes ``bench/results/plans-<vendor>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "khcn_bench_plans"
SEED_PLAN = ROOT / "khcn" / "plans" / "fixtures" / "ke-hoach-kl50-ca-mau.txt"

# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------

DOST = "Sở Khoa học và Công nghệ"
DEPARTMENTS = [
    DOST, "Sở Tài chính", "Sở Nội vụ", "Sở Tư pháp", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh",
    "Ban Quản lý Khu kinh tế tỉnh", "Văn phòng Ủy ban nhân dân tỉnh", "Thanh tra tỉnh",
    "Đài Phát thanh - Truyền hình Cà Mau", "Báo Cà Mau", "Liên minh Hợp tác xã tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn Cà Mau", "Trường Đại học Bạc Liêu",
    "Trường Cao đẳng Y tế Cà Mau", "Trung tâm Xúc tiến Thương mại, Đầu tư và Du lịch",
    "Quỹ Phát triển Khoa học và Công nghệ tỉnh", "Bảo hiểm xã hội tỉnh", "Cục Thuế tỉnh",
]  # fmt: skip
GROUPS = [
    "các sở, ban, ngành tỉnh", "Ủy ban nhân dân các xã, phường", "các cơ quan, đơn vị có liên quan",
    "các doanh nghiệp trên địa bàn tỉnh", "các tổ chức khoa học và công nghệ",
]  # fmt: skip
PLACES = [
    "Đầm Dơi", "Năm Căn", "Ngọc Hiển", "Thới Bình", "Trần Văn Thời", "U Minh", "Cái Nước", "Phú Tân",
    "Khánh Bình", "Khánh Hưng", "Tân Hưng", "Tân Thành", "Tân Lộc", "Hồ Thị Kỷ", "Đất Mũi", "Viên An",
    "Tam Giang", "Hàm Rồng", "Lương Thế Trân", "Phong Thạnh", "Biển Bạch", "Trí Phải", "Đá Bạc",
    "Sông Đốc", "Nguyễn Phích", "Vĩnh Lợi", "Giá Rai", "Hộ Phòng", "Phước Long", "Hồng Dân",
    "Ninh Quới", "Vĩnh Hậu", "Long Điền", "Gành Hào", "Phong Hiệp", "Định Thành", "Hòa Bình",
    "Vĩnh Mỹ", "Đông Hải", "Tạ An Khương", "Quách Phẩm", "Tân Tiến", "Trần Phán", "Lý Văn Lâm",
]  # fmt: skip
HEADINGS = [
    "Nâng cao nhận thức, đổi mới tư duy về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
    "Hoàn thiện thể chế, cơ chế, chính sách về khoa học, công nghệ và đổi mới sáng tạo",
    "Tăng cường đầu tư, hoàn thiện hạ tầng cho khoa học, công nghệ và chuyển đổi số",
    "Phát triển nguồn nhân lực chất lượng cao, thu hút nhân tài",
    "Thúc đẩy đổi mới sáng tạo và đổi mới công nghệ trong doanh nghiệp",
    "Phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo của tỉnh",
    "Ứng dụng khoa học và công nghệ trong nông nghiệp, thủy sản và xây dựng nông thôn mới",
    "Đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan nhà nước",
    "Phát triển kinh tế số, xã hội số",
    "Bảo đảm an toàn, an ninh mạng và an ninh dữ liệu",
    "Nâng cao năng suất, chất lượng; tiêu chuẩn, đo lường, chất lượng",
    "Phát triển tài sản trí tuệ và thị trường khoa học và công nghệ",
    "Mở rộng hợp tác quốc tế về khoa học, công nghệ và đổi mới sáng tạo",
    "Ứng dụng khoa học và công nghệ trong y tế và chăm sóc sức khỏe nhân dân",
    "Ứng dụng khoa học và công nghệ trong giáo dục và đào tạo",
    "Bảo vệ môi trường, quản lý tài nguyên và ứng phó với biến đổi khí hậu",
    "Ứng dụng khoa học và công nghệ trong quốc phòng, an ninh",
    "Phát triển khoa học xã hội và nhân văn phục vụ phát triển kinh tế - xã hội",
]
ACTIONS = [
    "Xây dựng", "Triển khai", "Rà soát, đề xuất sửa đổi", "Tổ chức", "Hỗ trợ", "Ban hành",
    "Nghiên cứu, ứng dụng", "Đầu tư nâng cấp", "Tuyên truyền, phổ biến", "Đánh giá, tổng kết",
    "Hoàn thiện", "Thí điểm",
]  # fmt: skip
OBJECTS = [
    "cơ sở dữ liệu về khoa học và công nghệ của tỉnh", "chính sách hỗ trợ doanh nghiệp đổi mới công nghệ",
    "mô hình nuôi tôm siêu thâm canh ứng dụng công nghệ cao", "nền tảng dịch vụ công trực tuyến toàn trình",
    "Trung tâm dữ liệu tỉnh", "chương trình đào tạo kỹ năng số cho cán bộ, công chức, viên chức",
    "hệ thống truy xuất nguồn gốc sản phẩm chủ lực", "sàn giao dịch công nghệ của tỉnh",
    "nhiệm vụ khoa học và công nghệ cấp tỉnh về kinh tế biển", "hệ thống quan trắc môi trường tự động",
    "bệnh án điện tử tại các bệnh viện tuyến tỉnh", "mạng lưới chuyên gia tư vấn khởi nghiệp",
    "chỉ dẫn địa lý cho sản phẩm cua Cà Mau", "hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
    "bản đồ số về tài nguyên và môi trường", "Chương trình mỗi xã một sản phẩm (OCOP)",
    "phòng thí nghiệm đạt chuẩn ISO/IEC 17025", "hạ tầng mạng di động 5G tại các khu công nghiệp",
    "cơ sở dữ liệu dân cư phục vụ chuyển đổi số", "Ngày hội khởi nghiệp đổi mới sáng tạo",
    "Giải thưởng sáng tạo khoa học và công nghệ tỉnh", "quy trình sản xuất giống tôm sú sạch bệnh",
    "hệ thống cảnh báo sớm sạt lở bờ biển", "trợ lý ảo hỗ trợ người dân và doanh nghiệp",
    "kho dữ liệu mở của tỉnh", "mô hình điện mặt trời áp mái tại các cơ sở công lập",
]  # fmt: skip
PURPOSES = [
    "nhằm nâng cao năng suất, chất lượng và sức cạnh tranh của sản phẩm",
    "phục vụ phát triển kinh tế - xã hội của tỉnh", "đáp ứng yêu cầu hội nhập quốc tế",
    "bảo đảm đồng bộ với quy định của Trung ương",
    "gắn với thực hiện Chương trình chuyển đổi số của tỉnh", "",
]  # fmt: skip
FILLER = [
    "Các cơ quan, đơn vị chủ động bố trí nguồn lực, xác định rõ người đứng đầu chịu trách nhiệm.",
    "Kết quả thực hiện là một trong những tiêu chí đánh giá mức độ hoàn thành nhiệm vụ hằng năm.",
    "Ưu tiên các nhiệm vụ có tính liên ngành, có khả năng nhân rộng và mang lại hiệu quả thiết thực.",
    "Bảo đảm công khai, minh bạch trong tuyển chọn, giao trực tiếp tổ chức, cá nhân chủ trì nhiệm vụ.",
    "Tăng cường liên kết giữa viện, trường với doanh nghiệp, lấy doanh nghiệp làm trung tâm.",
    "Khuyến khích các thành phần kinh tế tham gia đầu tư cho hoạt động khoa học và công nghệ.",
    "Đẩy mạnh ứng dụng trí tuệ nhân tạo, dữ liệu lớn trong quản lý, điều hành của các cấp.",
    "Lồng ghép với các chương trình mục tiêu quốc gia đang triển khai trên địa bàn tỉnh.",
    "Tăng cường kiểm tra, giám sát, kịp thời tháo gỡ khó khăn, vướng mắc trong quá trình thực hiện.",
    "Huy động sự tham gia của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội các cấp.",
    "Thực hiện cơ chế khoán chi đến sản phẩm cuối cùng đối với nhiệm vụ khoa học và công nghệ.",
    "Chú trọng bảo vệ dữ liệu cá nhân và bảo đảm an toàn thông tin trong quá trình triển khai.",
]
RESULTS = [
    "Đã tổ chức quán triệt Kế hoạch đến toàn thể cán bộ, công chức, viên chức của đơn vị.",
    "Triển khai 03 nhiệm vụ khoa học và công nghệ cấp tỉnh; 01 nhiệm vụ đã nghiệm thu đạt yêu cầu.",
    "Phối hợp xây dựng 02 mô hình ứng dụng tiến bộ kỹ thuật trong nuôi trồng thủy sản.",
    "Ban hành kế hoạch ứng dụng công nghệ thông tin và chuyển đổi số của ngành.",
    "Hỗ trợ 05 doanh nghiệp đổi mới công nghệ, đăng ký bảo hộ nhãn hiệu.",
    "Cập nhật 1.250 hồ sơ vào cơ sở dữ liệu; 100% thủ tục hành chính được cung cấp trực tuyến.",
    "Tổ chức 04 lớp tập huấn cho 320 lượt cán bộ cấp xã về kỹ năng số.",
    "",
]
DIFFICULTIES = [
    "Kinh phí sự nghiệp khoa học bố trí cho ngành còn hạn chế.",
    "Nguồn nhân lực có trình độ chuyên sâu còn thiếu.",
    "Hạ tầng số tại một số xã vùng sâu chưa đáp ứng yêu cầu.",
    "",
    "",
]
PROPOSALS = [
    "Đề nghị Sở Khoa học và Công nghệ hướng dẫn quy trình đặt hàng nhiệm vụ năm sau.",
    "Đề nghị bố trí bổ sung kinh phí thực hiện trong năm tới.",
    "",
    "",
]
SUMMARIES = [
    "Đơn vị đã triển khai các nội dung được giao theo Kế hoạch.",
    "Đơn vị đã ban hành kế hoạch thực hiện, phân công cụ thể cho từng phòng, bộ phận.",
    "Cơ bản hoàn thành các nhiệm vụ được giao; một số nội dung đang tiếp tục thực hiện.",
]


def _deadline(rng: random.Random, first: int, last: int) -> tuple[str, dict[str, Any]]:
    """A deadline as printed and as the parser's JSON."""
    year = rng.randint(first, last)
    roll = rng.random()
    if roll < 0.35:
        month = rng.choice([3, 6, 9, 10, 11, 12])
        day = 30 if month in (6, 9, 11) else (15 if month == 10 else 31)
        if rng.random() < 0.5:
            text = f"trước ngày {day:02d}/{month:02d}/{year}"
        else:
            text = f"trước ngày {day} tháng {month} năm {year}"
        return text, {"kind": "date", "text": text, "date": dt.date(year, month, day).isoformat()}
    if roll < 0.50:
        quarter = rng.randint(1, 4)
        text = f"Quý {ROMAN[quarter - 1]}/{year}"
        return text, {"kind": "quarter", "text": text, "year": year, "quarter": quarter}
    if roll < 0.62:
        return f"năm {year}", {"kind": "year", "text": f"năm {year}", "year": year}
    if roll < 0.80:
        return "hằng năm", {"kind": "annual", "text": "hằng năm"}
    if roll < 0.92:
        return "thường xuyên", {"kind": "continuous", "text": "thường xuyên"}
    text = f"giai đoạn {year} - {year + 5}"
    return text, {"kind": "period", "text": text, "start": year, "end": year + 5}


# --------------------------------------------------------------------------------------------------
# A ~200-page plan for the parser
# --------------------------------------------------------------------------------------------------

_LABEL_LIKE = re.compile(r"^(?:[IVXLC]+\.|\d|[a-zđ][.)]\s|[-+*•]|\|)")
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q"]


def _names(rng: random.Random, k: int, exclude: str = "") -> str:
    chosen = rng.sample([d for d in DEPARTMENTS if d != exclude], k)
    if rng.random() < 0.3:
        chosen.append(rng.choice(GROUPS))
    if len(chosen) == 1:
        return chosen[0]
    return ", ".join(chosen[:-1]) + " và " + chosen[-1]


def _task(rng: random.Random, first: int, last: int) -> str:
    what = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)}"
    purpose = rng.choice(PURPOSES)
    lead = rng.choice(DEPARTMENTS)
    coords = _names(rng, rng.randint(1, 3), exclude=lead)
    when, _json = _deadline(rng, first, last)
    form = rng.randrange(5)
    if form == 0:
        return f"{what} {purpose}. Giao {lead} chủ trì, phối hợp với {coords} thực hiện; hoàn thành {when}."
    if form == 1:
        return f"{what}; {lead} chủ trì, phối hợp với {coords} tổ chức thực hiện, {when}."
    if form == 2:
        return f"{what} {purpose}; cơ quan chủ trì: {lead}; cơ quan phối hợp: {coords}; thời gian: {when}."
    if form == 3:
        return f"{lead} phối hợp với {coords} {what[0].lower()}{what[1:]}, thực hiện {when}."
    return f"{what} {purpose}."


def _paragraph(rng: random.Random, n: int) -> str:
    return " ".join(rng.sample(FILLER, n))


def generate_plan_text(target_lines: int, seed: int) -> str:
    """A long plan as pasted from a PDF (most paragraphs wrapped at 80–95 characters, a page
    number every 45 lines): about ``target_lines`` lines, reproducible."""
    rng = random.Random(seed)
    first, last = 2025, 2030

    def emit(out: list[str], line: str) -> None:
        if len(line) > 100 and not line.startswith("|") and rng.random() < 0.75:
            wrapped = textwrap.wrap(line, width=rng.randint(80, 95))
            if not any(_LABEL_LIKE.match(part) for part in wrapped[1:]):
                out.extend(wrapped)
                return
        out.append(line)

    head: list[str] = [
        "ỦY BAN NHÂN DÂN",
        "TỈNH CÀ MAU",
        "-------",
        "Số: 215/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "---------------",
        "Cà Mau, ngày 12 tháng 3 năm 2025",
        "",
        "KẾ HOẠCH",
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển",
        "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số trên địa bàn tỉnh giai đoạn 2025 - 2030",
        "",
        "Căn cứ Luật Khoa học, công nghệ và đổi mới sáng tạo ngày 27 tháng 6 năm 2025;",
        "Căn cứ Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ ban hành Chương trình hành động;",
        "Thực hiện Chương trình hành động số 45-CTr/TU ngày 20/02/2025 của Ban Chấp hành Đảng bộ tỉnh;",
        "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 12/TTr-SKHCN ngày 01/3/2025.",
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
    ]
    emit(head, _paragraph(rng, 3))
    head.append("2. Yêu cầu")
    emit(head, _paragraph(rng, 3))
    emit(head, _paragraph(rng, 2))
    head += ["II. MỤC TIÊU", "1. Mục tiêu chung"]
    emit(head, _paragraph(rng, 4))
    head.append("2. Mục tiêu cụ thể")
    for i in range(8):
        emit(
            head,
            f"{LETTERS[i]}) Đến năm {rng.choice([2027, 2030])}, {rng.choice(OBJECTS)} "
            f"{rng.choice(PURPOSES)}.",
        )
    head.append("III. NHIỆM VỤ VÀ GIẢI PHÁP")

    # The end of the plan first, to know how much room the content sections have.
    tail: list[str] = [
        "IV. KINH PHÍ THỰC HIỆN",
        "1. Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách nhà nước theo phân cấp hiện hành, lồng "
        "ghép trong các chương trình, đề án và nguồn vốn hợp pháp khác.",
        "2. Các cơ quan, đơn vị xây dựng dự toán kinh phí thực hiện cùng thời điểm xây dựng dự toán "
        "ngân sách hằng năm, gửi Sở Tài chính thẩm định, trình cấp có thẩm quyền.",
        "V. TỔ CHỨC THỰC HIỆN",
    ]
    for n, agency in enumerate(DEPARTMENTS + [f"Ủy ban nhân dân xã {p}" for p in PLACES[:32]], start=1):
        tail.append(f"{n}. {agency}")
        k, item = rng.randint(1, len(HEADINGS)), rng.randint(1, 4)
        emit(
            tail,
            f"Chủ trì, phối hợp với {_names(rng, rng.randint(1, 3), exclude=agency)} triển khai các nhiệm vụ "
            f"tại điểm {LETTERS[item - 1]} khoản {k} Mục III Kế hoạch này; {_deadline(rng, first, last)[0]}.",
        )
        for _ in range(rng.randint(1, 4)):
            emit(tail, _paragraph(rng, rng.randint(1, 3)))
        emit(
            tail,
            "Định kỳ trước ngày 10/12 hằng năm báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ để "
            "tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
        )
    tail += [
        "VI. DANH MỤC NHIỆM VỤ TRỌNG TÂM",
        "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm |",
    ]
    for row in range(1, max(20, target_lines // 40) + 1):
        lead = rng.choice(DEPARTMENTS)
        coords = "; ".join(rng.sample([d for d in DEPARTMENTS if d != lead], rng.randint(0, 3)))
        product = rng.choice(["Báo cáo kết quả", "Quyết định ban hành", "Cơ sở dữ liệu", "Mô hình", "Đề án"])
        tail.append(
            f"| {row} | {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} | {lead} | {coords} | "
            f"{_deadline(rng, first, last)[0]} | {product} |"
        )
    emit(
        tail,
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo cáo về "
        "Sở Khoa học và Công nghệ để tổng hợp, tham mưu Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.",
    )
    tail += [
        "",
        "Nơi nhận:",
        "- Bộ Khoa học và Công nghệ;",
        "- TT. Tỉnh ủy, TT. HĐND tỉnh;",
        "- Các sở, ban, ngành tỉnh;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "(Đã ký)",
        "Lê Văn Sử",
    ]

    # III: content sections (numbered, lettered tasks, bullets) until the plan is long enough.
    number = 0
    while (len(head) + len(tail)) * 46 // 45 < target_lines:
        number += 1
        head.append(f"{number}. {HEADINGS[(number - 1) % len(HEADINGS)]}")
        emit(head, _paragraph(rng, rng.randint(1, 3)))
        sep = ")" if number % 3 else "."
        for letter in LETTERS[: rng.randint(4, 12)]:
            emit(head, f"{letter}{sep} {_task(rng, first, last)}")
            for _ in range(rng.randint(0, 2)):
                emit(head, _paragraph(rng, rng.randint(1, 3)))
            for _ in range(rng.randint(0, 4)):
                emit(
                    head,
                    f"- {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}".rstrip() + ";",
                )
                if rng.random() < 0.25:
                    emit(head, f"+ {_task(rng, first, last)}")
    out: list[str] = []
    page = 1
    for i, line in enumerate(head + tail, start=1):
        out.append(line)
        if i % 45 == 0 and not line.startswith("|"):
            page += 1
            out.append(f"- {page} -")
    return "\n".join(out) + "\n"


def _bench_parse(text: str, repeat: int, slow_ms: float = 5000) -> dict[str, Any]:
    """Parse ``text`` ``repeat`` times (three times at most if a parse takes over ``slow_ms``)."""
    from khcn.plans.parser import parse_text

    times: list[float] = []
    result = None
    while len(times) < repeat:
        start = time.perf_counter()
        result = parse_text(text)
        times.append((time.perf_counter() - start) * 1000)
        if times[0] > slow_ms:
            repeat = min(repeat, 3)
    assert result is not None
    return {
        "lines": text.count("\n") + (0 if text.endswith("\n") else 1),
        "chars": len(text),
        "items": len(result.all_sections()),
        "assignments": len(result.assignments),
        "agencies": len(result.agencies),
        "warnings": len(result.warnings),
        "runs": len(times),
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
    }


# --------------------------------------------------------------------------------------------------
# The dataset
# --------------------------------------------------------------------------------------------------


def _agency_names(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """(name, kind, short name), departments first, all distinct."""
    out: list[tuple[str, str, str]] = [(d, "department", "") for d in DEPARTMENTS]
    out[0] = (DOST, "department", "Sở KH&CN")
    seen = {name for name, _k, _s in out}
    while len(out) < n:
        place = rng.choice(PLACES)
        roll = rng.random()
        if roll < 0.35:
            level = rng.choice(["xã", "xã", "phường"])
            entry = (f"Ủy ban nhân dân {level} {place}", "commune_committee", f"UBND {level} {place}")
        elif roll < 0.55:
            school = rng.choice(["Trường Tiểu học", "Trường Trung học cơ sở", "Trường Trung học phổ thông"])
            entry = (f"{school} {place}", "public_service_unit", "")
        elif roll < 0.65:
            unit = rng.choice(["Trạm Y tế xã", "Bệnh viện Đa khoa", "Trung tâm Y tế khu vực"])
            entry = (f"{unit} {place}", "public_service_unit", "")
        elif roll < 0.80:
            form = rng.choice(["Công ty Cổ phần", "Hợp tác xã", "Công ty TNHH"])
            word = rng.choice(["Thủy sản", "Nông sản Sạch", "Công nghệ Số", "Điện Gió", "Muối Biển"])
            entry = (f"{form} {word} {place}", "enterprise", "")
        elif roll < 0.90:
            unit = rng.choice(["Trung tâm Đổi mới sáng tạo", "Viện Nghiên cứu Thủy sản", "Trạm Khuyến nông"])
            entry = (f"{unit} {place}", "science_organization", "")
        else:
            unit = rng.choice(["Phòng Kinh tế", "Phòng Văn hóa – Xã hội", "Ban Quản lý dự án"])
            entry = (f"{unit} {place}", "department", "")
        name = entry[0]
        while name in seen:
            name = f"{entry[0]} {rng.randint(2, 9)}"
        seen.add(name)
        out.append((name, entry[1], entry[2]))
    return out


def _generate(args: argparse.Namespace) -> dict[str, Any]:
    from khcn.accounts.models import Membership, User
    from khcn.accounts.roles import Role
    from khcn.core.text import collation_key, fold
    from khcn.organizations.models import Organization, OrganizationAlias
    from khcn.plans.choices import AssignmentRole, ItemProgress, PeriodKind, ReportStatus
    from khcn.plans.models import AgencyReport, Assignment, Plan, PlanItem, ReportingPeriod, ReportLine

    rng = random.Random(args.seed)
    this_year = dt.date.today().year
    years = list(range(this_year - args.periods + 1, this_year + 1))

    # Agencies, with their official and short names as the organisation service keeps them.
    orgs = [
        Organization(name=name, name_sort=collation_key(name), kind=kind, short_name=short)
        for name, kind, short in _agency_names(rng, args.agencies)
    ]
    Organization.objects.bulk_create(orgs, batch_size=500)
    aliases = [
        OrganizationAlias(organization=o, name=o.name, name_folded=fold(o.name), kind="official")
        for o in orgs
    ]
    aliases += [
        OrganizationAlias(organization=o, name=o.short_name, name_folded=fold(o.short_name), kind="short")
        for o in orgs
        if o.short_name
    ]
    OrganizationAlias.objects.bulk_create(aliases, batch_size=500)
    dost_org = orgs[0]

    def user(username: str, full_name: str, role: str, org: Any) -> Any:
        u = User.objects.create(
            username=username, full_name=full_name, full_name_sort=collation_key(full_name), password="!"
        )
        Membership.objects.create(user=u, role=role, organization=org)
        return u

    dost = user("bench-dost", "Nguyễn Văn Chuyên Viên", Role.DOST_SPECIALIST, dost_org)
    user("bench-dost-leader", "Trần Thị Lãnh Đạo", Role.DOST_LEADER, dost_org)

    # The plan: I (2), II (30 × 10 letters), III (2), IV (62 duties) = 400 items.
    plan = Plan.objects.create(
        title="Kế hoạch thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới "
        "sáng tạo và chuyển đổi số trên địa bàn tỉnh",
        number="215/KH-UBND",
        issued_on=dt.date(years[0], 3, 12),
        issuer_name="Ủy ban nhân dân tỉnh Cà Mau",
        source_name="bench.txt",
        imported_by=dost,
    )
    n_content = 30
    per_content = 10
    n_duties = args.items - 4 - 2 - n_content * (1 + per_content) - 2
    specs: list[dict[str, Any]] = []  # position order: label, path, depth, parent path, heading, text

    def add(label: str, path: str, depth: int, parent: str | None, heading: str = "", text: str = "") -> None:
        specs.append(
            {"label": label, "path": path, "depth": depth, "parent": parent, "heading": heading, "text": text}
        )

    add("I", "I", 0, None, "MỤC ĐÍCH, YÊU CẦU")
    add("1", "I.1", 1, "I", "Mục đích", _paragraph(rng, 3))
    add("2", "I.2", 1, "I", "Yêu cầu", _paragraph(rng, 3))
    add("II", "II", 0, None, "NHIỆM VỤ VÀ GIẢI PHÁP")
    for k in range(1, n_content + 1):
        add(str(k), f"II.{k}", 1, "II", HEADINGS[(k - 1) % len(HEADINGS)], _paragraph(rng, 2))
        for letter in LETTERS[:per_content]:
            add(letter, f"II.{k}.{letter}", 2, f"II.{k}", "", _task(rng, years[0], this_year + 1))
    add("III", "III", 0, None, "KINH PHÍ THỰC HIỆN")
    add("1", "III.1", 1, "III", "", "Kinh phí được bố trí từ ngân sách nhà nước theo phân cấp hiện hành.")
    add("2", "III.2", 1, "III", "", "Các cơ quan, đơn vị lập dự toán cùng dự toán ngân sách hằng năm.")
    add("IV", "IV", 0, None, "TỔ CHỨC THỰC HIỆN")
    # Leads: departments mostly; coordinators: every agency in turn, so all of them report.
    departments = orgs[: len(DEPARTMENTS)]
    others = orgs[1:]
    deck: list[Any] = []

    def coordinator(exclude: set[int]) -> Any:
        nonlocal deck
        for _ in range(3):
            if not deck:
                deck = others[:]
                rng.shuffle(deck)
            candidate = deck.pop()
            if candidate.pk not in exclude:
                return candidate
        return candidate

    duty_orgs = [*departments[:n_duties]]
    while len(duty_orgs) < n_duties:
        duty_orgs.append(rng.choice(others))
    for n, org in enumerate(duty_orgs, start=1):
        add(str(n), f"IV.{n}", 1, "IV", org.name, _paragraph(rng, rng.randint(1, 3)))

    items: dict[str, Any] = {}
    for position, spec in enumerate(specs, start=1):
        deadline = None
        if spec["depth"] == 2:
            _when, deadline = _deadline(rng, years[0], this_year + 1)
        item = PlanItem(
            plan=plan,
            parent=items.get(spec["parent"]) if spec["parent"] else None,
            position=position,
            label=spec["label"],
            path=spec["path"],
            heading=spec["heading"],
            text=spec["text"],
            depth=spec["depth"],
            deadline=deadline,
        )
        item.save()  # one by one for the parent links (400 rows)
        items[spec["path"]] = item

    assignments: list[Any] = []
    related = []
    through = PlanItem.related.through
    for k in range(1, n_content + 1):
        for letter in LETTERS[:per_content]:
            item = items[f"II.{k}.{letter}"]
            lead = rng.choice(departments) if rng.random() < 0.8 else rng.choice(others)
            taken = {lead.pk}
            assignments.append(
                Assignment(
                    item=item,
                    organization=lead,
                    agency_name=lead.name,
                    role=AssignmentRole.LEAD,
                    deadline=item.deadline,
                    deadline_text=item.deadline["text"],
                )
            )
            for _ in range(rng.choice([1, 2, 2, 2, 3])):
                org = coordinator(taken)
                taken.add(org.pk)
                assignments.append(
                    Assignment(
                        item=item,
                        organization=org,
                        agency_name=org.name,
                        role=AssignmentRole.COORDINATE,
                        lead_name=lead.name,
                        deadline=item.deadline,
                        deadline_text=item.deadline["text"],
                    )
                )
            if rng.random() < 0.1:  # a group of agencies that maps to no one agency
                assignments.append(
                    Assignment(
                        item=item,
                        organization=None,
                        agency_name=rng.choice(GROUPS),
                        role=AssignmentRole.COORDINATE,
                        lead_name=lead.name,
                    )
                )
    for n, org in enumerate(duty_orgs, start=1):
        item = items[f"IV.{n}"]
        annual = {"kind": "annual", "text": "hằng năm"}
        assignments.append(
            Assignment(
                item=item,
                organization=org,
                agency_name=org.name,
                role=AssignmentRole.LEAD,
                deadline=annual,
                deadline_text="hằng năm",
                reporting="Báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày 10/12 hằng năm.",
            )
        )
        taken = {org.pk}
        for _ in range(rng.randint(0, 2)):
            other = coordinator(taken)
            taken.add(other.pk)
            assignments.append(
                Assignment(
                    item=item,
                    organization=other,
                    agency_name=other.name,
                    role=AssignmentRole.COORDINATE,
                    lead_name=org.name,
                    deadline=annual,
                    deadline_text="hằng năm",
                )
            )
        for k in rng.sample(range(1, n_content + 1), rng.randint(1, 4)):
            related.append(through(from_planitem=item, to_planitem=items[f"II.{k}"]))
    Assignment.objects.bulk_create(assignments, batch_size=500)
    through.objects.bulk_create(related, batch_size=500)

    # Periods: annual, 15/12 of the year before to 14/12, due five days later (period_bounds).
    periods = [
        ReportingPeriod(
            plan=plan,
            kind=PeriodKind.ANNUAL,
            name=f"Năm {year}",
            start=dt.date(year - 1, 12, 15),
            end=dt.date(year, 12, 14),
            due_on=dt.date(year, 12, 19),
        )
        for year in years
    ]
    ReportingPeriod.objects.bulk_create(periods)

    by_org: dict[int, list[Any]] = {}
    for a in assignments:
        if a.organization is not None:
            by_org.setdefault(a.organization.pk, []).append(a)
    org_by_pk = {o.pk: o for o in orgs}
    # Fates by period age: (accepted, submitted, returned, draft, none).
    mixes = {0: (0.15, 0.30, 0.10, 0.25, 0.20), 1: (0.62, 0.18, 0.08, 0.07, 0.05)}
    older = (0.88, 0.04, 0.03, 0.02, 0.03)
    fates = ("accepted", "submitted", "returned", "draft", "none")
    reports: list[Any] = []
    report_assignments: list[list[Any]] = []
    report_age: list[int] = []
    tz = dt.UTC
    for index, period in enumerate(periods):
        age = len(years) - 1 - index
        mix = mixes.get(age, older)
        for org_pk in sorted(by_org):
            fate = rng.choices(fates, weights=mix)[0]
            if fate == "none":
                continue
            due = dt.datetime.combine(period.due_on, dt.time(9), tzinfo=tz)
            late = fate != "draft" and rng.random() < 0.2
            sent = due + dt.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 12))
            report = AgencyReport(
                period=period,
                organization=org_by_pk[org_pk],
                status={
                    "accepted": ReportStatus.ACCEPTED,
                    "submitted": ReportStatus.SUBMITTED,
                    "returned": ReportStatus.RETURNED,
                    "draft": ReportStatus.DRAFT,
                }[fate],
                summary=rng.choice(SUMMARIES),
                version=rng.randint(1, 3) if fate != "returned" else rng.randint(2, 4),
                submitted_at=None if fate == "draft" else sent,
                returned_at=sent + dt.timedelta(days=3) if fate == "returned" else None,
                accepted_at=sent + dt.timedelta(days=rng.randint(2, 9)) if fate == "accepted" else None,
                is_late=late,
            )
            reports.append(report)
            report_assignments.append(by_org[org_pk])
            report_age.append(age)
    AgencyReport.objects.bulk_create(reports, batch_size=500)

    progress_older = (
        [ItemProgress.COMPLETED] * 5
        + [ItemProgress.COMPLETED_LATE] * 2
        + [ItemProgress.IN_PROGRESS] * 3
        + [ItemProgress.NOT_STARTED, ItemProgress.ADJUSTMENT_PROPOSED]
    )
    progress_recent = (
        [ItemProgress.COMPLETED] * 2
        + [ItemProgress.COMPLETED_LATE]
        + [ItemProgress.IN_PROGRESS] * 5
        + [ItemProgress.NOT_STARTED] * 2
        + [ItemProgress.ADJUSTMENT_PROPOSED]
    )
    lines = []
    for report, owned, age in zip(reports, report_assignments, report_age, strict=True):
        choices = progress_recent if age <= 1 else progress_older
        for a in owned:
            lines.append(
                ReportLine(
                    report=report,
                    assignment=a,
                    progress=rng.choice(choices),
                    results=rng.choice(RESULTS),
                    figures=f"{rng.randint(1, 12)} nhiệm vụ; {rng.randint(50, 900)} triệu đồng"
                    if rng.random() < 0.6
                    else "",
                    difficulties=rng.choice(DIFFICULTIES),
                    proposals=rng.choice(PROPOSALS),
                )
            )
    ReportLine.objects.bulk_create(lines, batch_size=1000)

    # The agency reporter: the agency with the most assignments after the DOST.
    busiest = max((pk for pk in by_org if pk != dost_org.pk), key=lambda pk: (len(by_org[pk]), -pk))
    reporter = user("bench-reporter", "Lê Thị Báo Cáo", Role.AGENCY_REPORTER, org_by_pk[busiest])
    status_counts = Counter(str(r.status) for r in reports)
    return {
        "dost": dost,
        "reporter": reporter,
        "reporter_agency": org_by_pk[busiest].name,
        "reporter_assignments": len(by_org[busiest]),
        "plan": plan,
        "periods": periods,
        "counts": {
            "agencies": len(orgs),
            "agencies_assigned": len(by_org),
            "items": len(specs),
            "assignments": len(assignments),
            "unmapped_assignments": sum(1 for a in assignments if a.organization is None),
            "related_links": len(related),
            "periods": len(periods),
            "reports": len(reports),
            "reports_by_status": dict(sorted(status_counts.items())),
            "reports_late": sum(1 for r in reports if r.is_late),
            "report_lines": len(lines),
        },
    }


# --------------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


_SQL_LITERALS = [
    (re.compile(r"'(?:[^']|'')*'"), "?"),
    (re.compile(r"\b\d+(?:\.\d+)?\b"), "?"),
    (re.compile(r"\((?:\s*(?:\?|%s)\s*,)+\s*(?:\?|%s)\s*\)"), "(…)"),
]


def _shape(sql: str) -> str:
    for pattern, repl in _SQL_LITERALS:
        sql = pattern.sub(repl, sql)
    return sql


def _repeated(captured: list[dict[str, Any]], at_least: int = 3) -> list[dict[str, Any]]:
    """Query shapes run ``at_least`` times or more in one request: the mark of an N+1."""
    shapes = Counter(_shape(q["sql"]) for q in captured)
    return [{"times": n, "sql": sql[:300]} for sql, n in shapes.most_common() if n >= at_least]


def _setup_database(database_url: str | None, tmp: Path) -> tuple[str, Any]:
    """Point Django at a scratch database; return (url, cleanup)."""
    if not database_url:
        return f"sqlite:///{tmp / 'khcn_bench_plans.sqlite3'}", lambda: None
    import dj_database_url
    import psycopg
    from psycopg.conninfo import make_conninfo

    cfg = dj_database_url.parse(database_url)
    params = {key: str(cfg.get(name) or "") for key, name in (("host", "HOST"), ("port", "PORT"))}
    params.update(
        {key: str(cfg.get(name) or "") for key, name in (("user", "USER"), ("password", "PASSWORD"))}
    )
    conninfo = make_conninfo("dbname=postgres", **{k: v for k, v in params.items() if v})

    def execute(sql: str) -> None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(sql)

    execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    execute(f"CREATE DATABASE {BENCH_DB}")
    user = cfg.get("USER") or ""
    password = f":{cfg['PASSWORD']}" if cfg.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = cfg.get("HOST") or "localhost"
    port = f":{cfg['PORT']}" if cfg.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{BENCH_DB}", lambda: execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def _time_page(client: Any, url: str, requests: int, warmup: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} gave {response.status_code}")
        return response

    for _ in range(warmup):
        get()
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        get()
        samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        response = get()
    return {
        "url": url,
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "max_ms": round(max(samples), 2),
        "queries": len(ctx.captured_queries),
        "query_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 1),
        "bytes": len(response.content),
        "repeated_queries": _repeated(ctx.captured_queries),
        "slowest_queries": [
            {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:400]}
            for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=300)
    parser.add_argument("--items", type=int, default=400, help="plan items (at least 340; default 400)")
    parser.add_argument("--periods", type=int, default=10, help="annual periods (default 10)")
    parser.add_argument(
        "--big-lines", type=int, default=9000, help="lines of the generated plan (default 9000)"
    )
    parser.add_argument(
        "--parse-repeat", type=int, default=5, help="parses of each text (default 5; 3 if one takes over 5 s)"
    )
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per page first (default 2)")
    parser.add_argument("--docx-repeat", type=int, default=3, help="annual DOCX generations (default 3)")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument(
        "--database-url", help="a PostgreSQL server URL; a scratch database khcn_bench_plans is used"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and the plan text")
    parser.add_argument("--output", help="JSON file (default bench/results/plans-<vendor>.json)")
    args = parser.parse_args()
    if args.agencies < len(DEPARTMENTS) or args.periods < 2 or args.items < 340:
        parser.error(f"needs --agencies ≥ {len(DEPARTMENTS)}, --periods ≥ 2 and --items ≥ 340")

    tmp = Path(tempfile.mkdtemp(prefix="khcn-bench-plans-"))
    url, cleanup = _setup_database(args.database_url, tmp)
    os.environ["DATABASE_URL"] = url
    os.environ["KHCN_VAR_DIR"] = str(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DJANGO_DEBUG"] = "0"  # timings as in production; CaptureQueriesContext still counts
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.urls import reverse

    from khcn.plans import consolidation as cons
    from khcn.plans import exports

    assert not settings.DEBUG, "DEBUG must be off for timings"
    try:
        call_command("migrate", verbosity=0)
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
            db_version = str(cursor.fetchone()[0])
        print(f"database: {vendor} {db_version}; DEBUG={settings.DEBUG}")

        # 1. Parsing.
        seed_text = SEED_PLAN.read_text(encoding="utf-8")
        big_text = generate_plan_text(args.big_lines, args.seed)
        if args.keep:
            (tmp / "big-plan.txt").write_text(big_text, encoding="utf-8")
        parse = {
            "seed": {"name": f"seed {SEED_PLAN.name}", **_bench_parse(seed_text, args.parse_repeat)},
            "generated": {"name": "generated ~200-page plan", **_bench_parse(big_text, args.parse_repeat)},
        }
        print()
        print(
            f"{'parse':<30} {'lines':>6} {'chars':>9} {'items':>6} {'assign.':>8} {'warn.':>6} "
            f"{'median ms':>10}"
        )
        for row in parse.values():
            label = row["name"][:30]
            print(
                f"{label:<30} {row['lines']:>6} {row['chars']:>9} {row['items']:>6} {row['assignments']:>8} "
                f"{row['warnings']:>6} {row['median_ms']:>10}  (min {row['min_ms']}, {row['runs']} runs)"
            )
        for row in parse.values():
            row["ms_per_1000_lines"] = round(row["median_ms"] / row["lines"] * 1000, 1)
            row["us_per_char"] = round(row["median_ms"] / row["chars"] * 1000, 2)

        # 2. The dataset.
        t0 = time.perf_counter()
        data = _generate(args)
        generate_s = time.perf_counter() - t0
        counts = data["counts"]
        print()
        print(
            f"generated in {generate_s:.1f} s: {counts['agencies']} agencies ({counts['agencies_assigned']} "
            f"assigned), {counts['items']} items, {counts['assignments']} assignments "
            f"({counts['unmapped_assignments']} unmapped), {counts['periods']} periods, {counts['reports']} "
            f"reports {counts['reports_by_status']}, {counts['reports_late']} late, "
            f"{counts['report_lines']} report lines"
        )
        print(f"agency reporter: {data['reporter_agency']} ({data['reporter_assignments']} assignments)")
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        # 3. Pages.
        plan, periods = data["plan"], data["periods"]
        closed = periods[-2]  # last year's period: mostly accepted
        anonymous = Client()
        dost_client = Client()
        dost_client.force_login(data["dost"])
        reporter_client = Client()
        reporter_client.force_login(data["reporter"])
        dashboard = reverse("plans:plan_dashboard", args=[plan.pk])
        reports = reverse("plans:report_list")
        pages: list[tuple[str, Any, str]] = [
            ("login page (anonymous) = 1×", anonymous, reverse("accounts:login")),
            ("plan detail (DOST)", dost_client, reverse("plans:plan_detail", args=[plan.pk])),
            ("dashboard (DOST)", dost_client, dashboard),
            ("dashboard, period filter", dost_client, f"{dashboard}?period={closed.pk}"),
            ("dashboard, list of all", dost_client, f"{dashboard}?show=all"),
            ("dashboard, missing reports", dost_client, f"{dashboard}?missing={periods[-1].pk}"),
            ("report list (DOST)", dost_client, reports),
            ("report list, period (DOST)", dost_client, f"{reports}?plan={plan.pk}&period={closed.pk}"),
            ("report list, page 20 (DOST)", dost_client, f"{reports}?page=20"),
            ("report list (reporter)", reporter_client, reports),
            (
                "report list, period (reporter)",
                reporter_client,
                f"{reports}?plan={plan.pk}&period={closed.pk}",
            ),
            ("annual report page (DOST)", dost_client, reverse("plans:annual_report", args=[closed.pk])),
        ]
        timed: dict[str, dict[str, Any]] = {}
        for label, client, page_url in pages:
            timed[label] = _time_page(client, page_url, args.requests, args.warmup)
        baseline = timed[pages[0][0]]["median_ms"]
        print()
        print(
            f"{'page':<32} {'median ms':>10} {'p95 ms':>8} {'× login':>8} {'queries':>8} "
            f"{'SQL ms':>7} {'KiB':>6}"
        )
        for label, row in timed.items():
            row["ratio"] = round(row["median_ms"] / baseline, 1)
            row["p95_ratio"] = round(row["p95_ms"] / baseline, 1)
            print(
                f"{label:<32} {row['median_ms']:>10} {row['p95_ms']:>8} {row['ratio']:>8} "
                f"{row['queries']:>8} {row['query_ms']:>7} {row['bytes'] // 1024:>6}"
            )
        for label, row in timed.items():
            for rep in row["repeated_queries"]:
                print(f"  repeated in {label}: {rep['times']}× {rep['sql'][:160]}")
            slowest = row["slowest_queries"][0] if row["slowest_queries"] else None
            if slowest and slowest["ms"] >= 20:
                print(f"  slowest query in {label}: {slowest['ms']} ms  {slowest['sql'][:120]}…")

        # 4. The annual consolidated report.
        dost = data["dost"]
        draft_ms, docx_ms, generate_ms = [], [], []
        size = 0
        draft = None
        for _ in range(args.docx_repeat):
            start = time.perf_counter()
            draft = cons.annual_report_draft(user=dost, period=closed)
            draft_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            docx = exports.annual_report_docx(
                summary=draft.summary,
                number="   /BC-SKHCN",
                date=None,
                narrative=draft.narrative,
                annex=draft.annex_cells(),
                signer_authority=exports.DEFAULT_AUTHORITY,
                signer_position=exports.DEFAULT_POSITION,
                signer_name="Trần Thị Lãnh Đạo",
                recipients=exports.DEFAULT_RECIPIENTS,
                archive=exports.DEFAULT_ARCHIVE,
            )
            docx_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            generated = cons.annual_report_generate(
                actor=dost,
                period=closed,
                narrative=draft.narrative,
                summary=draft.summary,
                number="   /BC-SKHCN",
                document_date=dt.date.today(),
                signer_authority=exports.DEFAULT_AUTHORITY,
                signer_position=exports.DEFAULT_POSITION,
                signer_name="Trần Thị Lãnh Đạo",
                recipients=list(exports.DEFAULT_RECIPIENTS),
                archive=exports.DEFAULT_ARCHIVE,
                expected_fingerprint=draft.fingerprint,
            )
            generate_ms.append((time.perf_counter() - start) * 1000)
            size = len(bytes(generated.docx))
            assert len(docx) > 0
        assert draft is not None
        annual = {
            "period": closed.name,
            "accepted_reports": len(draft.reports),
            "missing_agencies": len(draft.missing),
            "annex_rows": len(draft.annex),
            "result_groups": len(draft.narrative["results"]),
            "narrative_chars": sum(len(v) for k, v in draft.narrative.items() if k != "results")
            + sum(len(g["text"]) for g in draft.narrative["results"]),
            "runs": args.docx_repeat,
            "draft_median_ms": round(statistics.median(draft_ms), 1),
            "docx_build_median_ms": round(statistics.median(docx_ms), 1),
            "generate_median_ms": round(statistics.median(generate_ms), 1),
            "docx_bytes": size,
        }
        print()
        print(
            f"annual report {annual['period']}: {annual['accepted_reports']} accepted reports, "
            f"{annual['annex_rows']} annex rows, {annual['result_groups']} result groups, "
            f"{annual['narrative_chars']} narrative chars"
        )
        print(
            f"  annual_report_generate median {annual['generate_median_ms']} ms "
            f"(draft {annual['draft_median_ms']} ms + DOCX build {annual['docx_build_median_ms']} ms); "
            f"DOCX {size / 1024:.0f} KiB"
        )

        result = {
            "vendor": vendor,
            "database_version": db_version,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "seed": args.seed,
            "debug": settings.DEBUG,
            "requests": args.requests,
            "warmup": args.warmup,
            "baseline": "login page (accounts:login), anonymous GET",
            "parse": parse,
            "dataset": counts,
            "dataset_generate_s": round(generate_s, 1),
            "reporter_agency": data["reporter_agency"],
            "reporter_assignments": data["reporter_assignments"],
            "pages": timed,
            "annual_report": annual,
        }
        out = Path(args.output) if args.output else ROOT / "bench" / "results" / f"plans-{vendor}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"written {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    finally:
        connections.close_all()
        if not args.keep:
            cleanup()
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}" + (f" and database {BENCH_DB}" if args.database_url else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Data generator for the benchmarks and the load test: a province, or a country, of KHCN data.

    .venv/bin/python bench/datagen.py --var-dir /tmp/khcn-load                      # SQLite file
    .venv/bin/python bench/datagen.py --var-dir /tmp/khcn-load-pg \\
        --database-url postgres://postgres@127.0.0.1:5432/khcn_load                 # PostgreSQL
    .venv/bin/python bench/datagen.py --size country --scale 3 ...                   # 3 × province

Sizes (``--scale`` multiplies every count except the items per plan and the periods):

    province   300 agencies, 3 plans × 400 items, 10 annual periods of reports per plan,
               2,000 users, 20,000 registry records (18,000 organisations + the 2,000 users:
               what ``khcn/search`` indexes — ``Organization`` and ``User``)
    country    the same × 30 (9,000 agencies, 90 plans, 60,000 users, 600,000 registry
               records); ``--scale`` overrides the factor, e.g. ``--size country --scale 3``

Everything is generated from ``--seed`` (Vietnamese names and texts with diacritics). The
database is migrated, filled, indexed for search (``khcn.search.services.rebuild``),
analysed (PostgreSQL), and the static files are collected into ``<var-dir>/staticfiles`` so
that the site can be served with DEBUG off. A PostgreSQL database named in the URL is
dropped and created again; only names starting with ``khcn_`` are accepted.

Load-test accounts, all with the password given by ``--password`` (not demo accounts, so
they log in without KHCN_DEMO): ``load-dost-NN`` (DOST specialists), ``load-leader-NN``
and ``load-reporter-NN`` (an agency leader and an agency reporter for each of the busiest
agencies; each leader's agency has drafts to submit). ``<var-dir>/manifest.json`` lists
them with the ids the load test opens (plans, periods, reports, drafts per leader).

The vocabulary and ``create_agencies`` / ``create_plan`` are shared with
``bench/plans_bench.py``; ``REGISTRY_*``, ``registry_agency_name`` and ``person_name`` with
``bench/search_bench.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

SIZES = {
    # agencies, plans, users, registry records (organisations + users); items and periods fixed
    "province": {"agencies": 300, "plans": 3, "users": 2000, "registry": 20000},
    "country": {"agencies": 9000, "plans": 90, "users": 60000, "registry": 600000},
}
COUNTRY_FACTOR = 30
ITEMS_PER_PLAN = 400
PERIODS = 10
DEFAULT_PASSWORD = "Tai-khoan-tai-2026"
DEFAULT_SEED = 20260101

# --------------------------------------------------------------------------------------------------
# Vocabulary: plans, agencies, reports
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


# --------------------------------------------------------------------------------------------------
# Vocabulary: the registry (organisations and people for the search index)
# --------------------------------------------------------------------------------------------------

SURNAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Hoàng", 4), ("Phan", 4),
    ("Võ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1),
    ("Trương", 1), ("Đinh", 1), ("Lâm", 1), ("Tạ", 1), ("Quách", 1),
]  # fmt: skip
MIDDLE_MALE = ["Văn", "Hữu", "Minh", "Đức", "Quốc", "Thanh", "Công", "Hoàng", "Tấn", "Chí", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Bích", "Diễm", "Phương"]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Đông", "Đức", "Hải", "Hùng", "Huy", "Khang", "Khoa", "Long",
    "Lâm", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Sơn", "Tài", "Tâm", "Thắng", "Thành",
    "Tín", "Toàn", "Trung", "Tuấn", "Việt", "Vũ",
]  # fmt: skip
GIVEN_FEMALE = [
    "Anh", "Châu", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hồng", "Hương", "Lan",
    "Liên", "Linh", "Loan", "Mai", "Ngân", "Nga", "Ngọc", "Nhung", "Oanh", "Phượng", "Quyên",
    "Thảo", "Thủy", "Trang", "Trinh", "Tuyết", "Vân", "Yến",
]  # fmt: skip
REGISTRY_PLACES = [
    "Đầm Dơi", "Năm Căn", "Ngọc Hiển", "Thới Bình", "Trần Văn Thời", "U Minh", "Cái Nước", "Phú Tân",
    "Khánh Bình", "Khánh Bình Đông", "Khánh Hưng", "Tân Hưng", "Tân Thành", "Tân Lộc", "Hồ Thị Kỷ",
    "Đất Mũi", "Viên An", "Tam Giang", "Hàm Rồng", "Lương Thế Trân", "Phong Thạnh", "Biển Bạch",
    "Trí Phải", "Đá Bạc", "Sông Đốc", "Nguyễn Phích", "Vĩnh Lợi", "Giá Rai", "Hộ Phòng", "Phước Long",
    "Hồng Dân", "Ninh Quới", "Vĩnh Hậu", "Long Điền", "Gành Hào", "Phong Hiệp", "Định Thành",
    "Hòa Bình", "Vĩnh Mỹ", "Đông Hải", "Tạ An Khương", "Quách Phẩm", "Nguyễn Huân", "Tân Tiến",
    "Tân Duyệt", "Trần Phán", "Thanh Tùng", "Ngọc Chánh", "Quách Văn Phẩm", "Lý Văn Lâm",
]  # fmt: skip
REGISTRY_FIELDS = [
    "Khoa học và Công nghệ", "Tài chính", "Nội vụ", "Tư pháp", "Y tế", "Giáo dục và Đào tạo",
    "Nông nghiệp và Môi trường", "Xây dựng", "Công Thương", "Văn hóa, Thể thao và Du lịch",
    "Dân tộc và Tôn giáo", "Ngoại vụ",
]  # fmt: skip
REGISTRY_BUSINESS_WORDS = [
    "Thủy sản", "Minh Phú", "Đổi Mới", "Đồi Mồi", "Phát Đạt", "Hưng Thịnh", "Sao Mai", "Tôm Sú",
    "Cà Mau Xanh", "Điện Gió", "Nông sản Sạch", "Xây dựng Miền Tây", "Công nghệ Số", "An Phát",
    "Muối Biển", "Mật Ong U Minh", "Khô Cá", "Du lịch Mũi", "Cua Năm Căn", "Thủy điện",
]  # fmt: skip
REGISTRY_JOBS = [
    "Chuyên viên", "Chuyên viên chính", "Trưởng phòng", "Phó Trưởng phòng", "Giám đốc", "Phó Giám đốc",
    "Kế toán", "Văn thư", "Giáo viên", "Hiệu trưởng", "Bác sĩ", "Điều dưỡng", "Kỹ sư", "Cán bộ địa chính",
    "Chủ tịch", "Phó Chủ tịch", "Nghiên cứu viên",
]  # fmt: skip


def registry_agency_name(rng: random.Random, i: int) -> tuple[str, str, str]:
    """(name, kind, short name)."""
    place = rng.choice(REGISTRY_PLACES)
    roll = rng.random()
    if i < len(REGISTRY_FIELDS):
        return f"Sở {REGISTRY_FIELDS[i]}", "department", ""
    if roll < 0.25:
        level = rng.choice(["xã", "xã", "phường", "thị trấn"])
        return f"Ủy ban nhân dân {level} {place}", "commune_committee", f"UBND {level} {place}"
    if roll < 0.45:
        school = rng.choice(
            ["Trường Tiểu học", "Trường Trung học cơ sở", "Trường Trung học phổ thông", "Trường Mầm non"]
        )
        return f"{school} {place} {rng.randint(1, 4)}", "public_service_unit", ""
    if roll < 0.55:
        unit = rng.choice(["Trạm Y tế xã", "Bệnh viện Đa khoa", "Trung tâm Y tế khu vực"])
        return f"{unit} {place}", "public_service_unit", ""
    if roll < 0.75:
        form = rng.choice(["Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã"])
        return f"{form} {rng.choice(REGISTRY_BUSINESS_WORDS)} {place}", "enterprise", ""
    if roll < 0.85:
        unit = rng.choice(
            ["Trung tâm Đổi mới sáng tạo", "Viện Nghiên cứu", "Trung tâm Ứng dụng tiến bộ khoa học"]
        )
        return f"{unit} {place}", "science_organization", ""
    dept = rng.choice(
        ["Phòng Kinh tế", "Phòng Văn hóa – Xã hội", "Phòng Tài chính – Kế hoạch", "Ban Quản lý dự án"]
    )
    return f"{dept} {place}", "department", ""


def person_name(rng: random.Random) -> str:
    """A Vietnamese full name: surname (by frequency), middle name, given name."""
    surname = rng.choices([s for s, _ in SURNAMES], weights=[w for _, w in SURNAMES])[0]
    if rng.random() < 0.5:
        middle, given = rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
    else:
        middle, given = rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
    return f"{surname} {middle} {given}"


# --------------------------------------------------------------------------------------------------
# Agencies and plans
# --------------------------------------------------------------------------------------------------


# Beyond one province's worth of agencies (a country), each further block of 300 belongs to
# another province (the 34 provinces and cities after the 2025 merger), named after it.
OTHER_PROVINCES = [
    "thành phố Hà Nội", "thành phố Huế", "tỉnh Lai Châu", "tỉnh Điện Biên", "tỉnh Sơn La", "tỉnh Lạng Sơn",
    "tỉnh Quảng Ninh", "tỉnh Thanh Hóa", "tỉnh Nghệ An", "tỉnh Hà Tĩnh", "tỉnh Cao Bằng", "tỉnh Tuyên Quang",
    "tỉnh Lào Cai", "tỉnh Thái Nguyên", "tỉnh Phú Thọ", "tỉnh Bắc Ninh", "tỉnh Hưng Yên",
    "thành phố Hải Phòng", "tỉnh Ninh Bình", "tỉnh Quảng Trị", "thành phố Đà Nẵng", "tỉnh Quảng Ngãi",
    "tỉnh Gia Lai", "tỉnh Khánh Hòa", "tỉnh Lâm Đồng", "tỉnh Đắk Lắk", "Thành phố Hồ Chí Minh",
    "tỉnh Đồng Nai", "tỉnh Tây Ninh", "thành phố Cần Thơ", "tỉnh Vĩnh Long", "tỉnh Đồng Tháp",
    "tỉnh An Giang",
]  # fmt: skip


def _agency_names(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """(name, kind, short name), departments first, all distinct: one province's worth (300),
    then, for a country, as many more provinces as needed, each named after its province."""
    block = SIZES["province"]["agencies"]
    out = _province_agency_names(rng, min(n, block))
    number = 0
    while len(out) < n:
        province = OTHER_PROVINCES[number % len(OTHER_PROVINCES)]
        if number >= len(OTHER_PROVINCES):
            province += f" ({number // len(OTHER_PROVINCES) + 1})"
        number += 1
        for name, kind, short in _province_agency_names(rng, min(n - len(out), block)):
            out.append((_in_province(name, province), kind, f"{short} {province}" if short else ""))
    return out


def _in_province(name: str, province: str) -> str:
    """ "Sở Y tế tỉnh Gia Lai", "Công an thành phố Huế", "Trạm Y tế xã Tân Thành, tỉnh Gia Lai"."""
    if name.endswith(" tỉnh"):
        return f"{name[: -len(' tỉnh')]} {province}"
    if name.startswith(("Sở ", "Ban ", "Văn phòng ")):
        return f"{name} {province}"
    return f"{name}, {province}"


def _province_agency_names(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
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


def create_agencies(rng: random.Random, n: int) -> list[Any]:
    """``n`` agencies (departments first, the DOST first of all) with their official and short
    names as aliases, as the organisation service keeps them."""
    from khcn.core.text import collation_key, fold
    from khcn.organizations.models import Organization, OrganizationAlias

    orgs = [
        Organization(name=name, name_sort=collation_key(name), kind=kind, short_name=short)
        for name, kind, short in _agency_names(rng, n)
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
    return orgs


def create_user(username: str, full_name: str, role: str, org: Any, password: str = "!") -> Any:
    """A user with one membership; ``password`` is a stored hash ("!" = unusable)."""
    from khcn.accounts.models import Membership, User
    from khcn.core.text import collation_key

    u = User.objects.create(
        username=username, full_name=full_name, full_name_sort=collation_key(full_name), password=password
    )
    Membership.objects.create(user=u, role=role, organization=org)
    return u


PLAN_TITLES = [
    "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới "
    "sáng tạo và chuyển đổi số trên địa bàn tỉnh",
    "Kế hoạch phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo tỉnh",
    "Kế hoạch chuyển đổi số tỉnh Cà Mau",
    "Kế hoạch ứng dụng khoa học và công nghệ trong nông nghiệp, thủy sản",
    "Kế hoạch nâng cao năng suất và chất lượng sản phẩm, hàng hóa",
]


def create_plan(
    rng: random.Random,
    *,
    orgs: list[Any],
    creator: Any,
    n_items: int,
    years: list[int],
    title: str = PLAN_TITLES[0],
    number: str = "215/KH-UBND",
) -> dict[str, Any]:
    """One plan of ``n_items`` items (I: 2, II: 30 × 10 lettered tasks, III: 2, IV: agency
    duties) assigned to ``orgs`` (``orgs[0]`` is the DOST, departments first), an annual
    period per year of ``years`` and, per period, a report per assigned agency with a line per
    assignment, in mixed states (draft, submitted, returned, accepted; late; progress)."""
    from khcn.plans.choices import AssignmentRole, ItemProgress, PeriodKind, ReportStatus
    from khcn.plans.models import AgencyReport, Assignment, Plan, PlanItem, ReportingPeriod, ReportLine

    this_year = years[-1]
    # The plan: I (2), II (30 × 10 letters), III (2), IV (62 duties) = 400 items.
    plan = Plan.objects.create(
        title=title,
        number=number,
        issued_on=dt.date(years[0], 3, 12),
        issuer_name="Ủy ban nhân dân tỉnh Cà Mau",
        source_name="bench.txt",
        imported_by=creator,
    )
    n_content = 30
    per_content = 10
    n_duties = n_items - 4 - 2 - n_content * (1 + per_content) - 2
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

    status_counts = Counter(str(r.status) for r in reports)
    return {
        "plan": plan,
        "periods": periods,
        "reports": reports,
        "by_org": by_org,
        "counts": {
            "items": len(specs),
            "assignments": len(assignments),
            "unmapped_assignments": sum(1 for a in assignments if a.organization is None),
            "agencies_assigned": len(by_org),
            "related_links": len(related),
            "periods": len(periods),
            "reports": len(reports),
            "reports_by_status": dict(sorted(status_counts.items())),
            "reports_late": sum(1 for r in reports if r.is_late),
            "report_lines": len(lines),
        },
    }


# --------------------------------------------------------------------------------------------------
# The registry: organisations and people for the search index
# --------------------------------------------------------------------------------------------------


def create_registry(
    rng: random.Random,
    *,
    n_orgs: int,
    n_people: int,
    agencies: list[Any],
    start: int = 0,
    first_name: int = len(REGISTRY_FIELDS),
) -> tuple[list[Any], list[Any]]:
    """``n_orgs`` more organisations and ``n_people`` users (unusable passwords), each person a
    member of an agency or organisation (which the index puts in the person's entry). The
    organisations' names start at ``registry_agency_name``'s ``first_name``-th (0: the "Sở …"
    departments first, as ``bench/search_bench.py`` wants; by default after them)."""
    from khcn.accounts.choices import Role
    from khcn.accounts.models import Membership, User
    from khcn.core.text import collation_key, fold
    from khcn.organizations.models import Organization, OrganizationAlias

    names = {o.name for o in agencies}
    orgs: list[Any] = []
    for i in range(n_orgs):
        name, kind, short = registry_agency_name(rng, i + first_name)
        while name in names:
            name = f"{name} {rng.randint(2, 99)}"
        names.add(name)
        orgs.append(Organization(name=name, name_sort=collation_key(name), kind=kind, short_name=short[:100]))
    Organization.objects.bulk_create(orgs, batch_size=1000)
    OrganizationAlias.objects.bulk_create(
        [
            OrganizationAlias(organization=o, name=o.short_name, name_folded=fold(o.short_name), kind="short")
            for o in orgs
            if o.short_name
        ],
        batch_size=1000,
    )
    users: list[Any] = []
    for i in range(start, start + n_people):
        full_name = person_name(rng)
        local = ".".join(fold(full_name).split()[::-1][:2]) + str(i)
        users.append(
            User(
                username=f"u{i:06d}",
                full_name=full_name,
                full_name_sort=collation_key(full_name),
                email=f"{local}@camau.gov.vn",
                job_title=rng.choice(REGISTRY_JOBS),
                password="!",
            )
        )
    User.objects.bulk_create(users, batch_size=1000)
    users = list(User.objects.filter(username__startswith="u").order_by("pk"))
    everyone = agencies + orgs
    Membership.objects.bulk_create(
        [Membership(user=u, role=Role.AGENCY_REPORTER, organization=rng.choice(everyone)) for u in users],
        batch_size=1000,
    )
    return orgs, users


# --------------------------------------------------------------------------------------------------
# The whole dataset
# --------------------------------------------------------------------------------------------------


def counts_for(size: str, scale: float | None) -> dict[str, Any]:
    """The counts of a size, scaled (``scale`` defaults to 1 for province, 30 for country)."""
    factor = scale if scale is not None else (COUNTRY_FACTOR if size == "country" else 1)
    base = SIZES["province"]
    out: dict[str, Any] = {key: max(1, round(value * factor)) for key, value in base.items()}
    out["agencies"] = max(out["agencies"], len(DEPARTMENTS) + 10)
    out["registry"] = max(out["registry"], out["agencies"] + out["users"])
    out.update({"scale": factor, "items_per_plan": ITEMS_PER_PLAN, "periods": PERIODS})
    return out


def generate(
    *, size: str = "province", scale: float | None = None, seed: int = DEFAULT_SEED, password: str
) -> dict[str, Any]:
    """Fill the current database; return the manifest (accounts, ids to open, counts)."""
    from django.contrib.auth.hashers import make_password

    from khcn.accounts.choices import Role
    from khcn.plans.choices import ReportStatus
    from khcn.plans.models import AgencyReport

    want = counts_for(size, scale)
    rng = random.Random(seed)
    years = list(range(dt.date.today().year - PERIODS + 1, dt.date.today().year + 1))
    hashed = make_password(password)  # one hash for every load account: PBKDF2 is slow on purpose
    timings: dict[str, float] = {}

    t0 = time.perf_counter()
    agencies = create_agencies(rng, want["agencies"])
    dost_org = agencies[0]
    n_dost = max(4, round(4 * want["scale"]))
    dost = [
        create_user(f"load-dost-{n:02d}", person_name(rng), Role.DOST_SPECIALIST, dost_org, hashed)
        for n in range(1, n_dost + 1)
    ]
    create_user("load-dost-leader", person_name(rng), Role.DOST_LEADER, dost_org, hashed)
    timings["agencies_s"] = time.perf_counter() - t0

    # Plans: a province's plans (3) are over its 300 agencies, each plan over a slice of them
    # (the province's departments and DOST in all of them); a country is 30 provinces' worth of
    # plans and agencies on one instance, so each agency is in as many plans as in a province.
    t0 = time.perf_counter()
    block = SIZES["province"]["agencies"]
    per_province = SIZES["province"]["plans"]
    plans: list[dict[str, Any]] = []
    plan_counts: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    for p in range(want["plans"]):
        province = agencies[(p // per_province) * block :][:block] or agencies[:block]
        per_plan = len(province)
        departments, rest = province[: len(DEPARTMENTS)], province[len(DEPARTMENTS) :]
        share = per_plan - len(departments)
        offset = (p * share) % max(1, len(rest))
        chunk = (rest[offset:] + rest[:offset])[:share]
        made = create_plan(
            rng,
            orgs=departments + chunk,
            creator=dost[0],
            n_items=ITEMS_PER_PLAN,
            years=years,
            title=PLAN_TITLES[p % len(PLAN_TITLES)]
            + (f" (đợt {p // len(PLAN_TITLES) + 1})" if p >= 5 else ""),
            number=f"{215 + p}/KH-UBND",
        )
        plans.append(made)
        for key, value in made["counts"].items():
            if isinstance(value, int) and key not in ("periods", "agencies_assigned"):
                plan_counts[key] += value
        plan_counts["periods_total"] += len(made["periods"])
        by_status.update(made["counts"]["reports_by_status"])
    timings["plans_s"] = time.perf_counter() - t0

    # Load accounts: a leader and a reporter for each of the busiest agencies (DOST aside).
    t0 = time.perf_counter()
    assigned: Counter[int] = Counter()
    for made in plans:
        for org_pk, owned in made["by_org"].items():
            assigned[org_pk] += len(owned)
    n_agency_accounts = max(10, round(40 * want["scale"]))
    busiest = [pk for pk, _n in sorted(assigned.items(), key=lambda kv: (-kv[1], kv[0])) if pk != dost_org.pk]
    busiest = busiest[:n_agency_accounts]
    org_by_pk = {o.pk: o for o in agencies}
    # Their reports of the last three periods of every plan become drafts, for leaders to submit.
    recent = [p.pk for made in plans for p in made["periods"][-3:]]
    AgencyReport.objects.filter(organization_id__in=busiest, period_id__in=recent).update(
        status=ReportStatus.DRAFT, submitted_at=None, returned_at=None, accepted_at=None, is_late=False
    )
    leaders, reporters = [], []
    for n, org_pk in enumerate(busiest, start=1):
        org = org_by_pk[org_pk]
        create_user(f"load-leader-{n:02d}", person_name(rng), Role.AGENCY_LEADER, org, hashed)
        create_user(f"load-reporter-{n:02d}", person_name(rng), Role.AGENCY_REPORTER, org, hashed)
        mine = AgencyReport.objects.filter(organization_id=org_pk).order_by("pk")
        leaders.append(
            {
                "username": f"load-leader-{n:02d}",
                "agency": org.name,
                "drafts": list(mine.filter(status=ReportStatus.DRAFT).values_list("pk", flat=True)),
            }
        )
        reporters.append(
            {
                "username": f"load-reporter-{n:02d}",
                "agency": org.name,
                "reports": list(mine.values_list("pk", flat=True)),
            }
        )
    timings["accounts_s"] = time.perf_counter() - t0

    # Rows were written in bulk, past the services: derive what they keep (each assignment's
    # due date and its progress as of every period), as a migration would.
    t0 = time.perf_counter()
    from khcn.plans.services import progress_rebuild

    for made in plans:
        progress_rebuild(made["plan"])
    timings["progress_s"] = time.perf_counter() - t0

    # The registry: enough organisations and people for the search index.
    t0 = time.perf_counter()
    from khcn.accounts.models import User
    from khcn.organizations.models import Organization

    have_users = User.objects.count()
    n_people = max(0, want["users"] - have_users)
    n_orgs = max(0, want["registry"] - want["users"] - Organization.objects.count())
    create_registry(rng, n_orgs=n_orgs, n_people=n_people, agencies=agencies)
    timings["registry_s"] = time.perf_counter() - t0

    # Reports the DOST opens: submitted, returned or accepted ones, a fixed sample.
    visible = list(
        AgencyReport.objects.exclude(status=ReportStatus.DRAFT).order_by("pk").values_list("pk", flat=True)
    )
    dost_reports = sorted(rng.sample(visible, min(2000, len(visible))))
    total_drafts = sum(len(x["drafts"]) for x in leaders)
    return {
        "size": size,
        "seed": seed,
        "password": password,
        "counts": {
            **want,
            "organizations": Organization.objects.count(),
            "users_total": User.objects.count(),
            **dict(plan_counts),
            "agencies_assigned": len({pk for made in plans for pk in made["by_org"]}),
            "reports_by_status_after_drafts": dict(
                sorted(Counter(AgencyReport.objects.values_list("status", flat=True)).items())
            ),
            "load_drafts": total_drafts,
        },
        "timings": {k: round(v, 1) for k, v in timings.items()},
        "accounts": {
            "dost": [u.username for u in dost],
            "dost_leader": "load-dost-leader",
            "leaders": leaders,
            "reporters": reporters,
        },
        "plans": [
            {
                "id": made["plan"].pk,
                "periods": [p.pk for p in made["periods"]],
                "agencies": sorted(made["by_org"]),
            }
            for made in plans
        ],
        "dost_reports": dost_reports,
    }


# --------------------------------------------------------------------------------------------------
# Database and command line
# --------------------------------------------------------------------------------------------------


def _admin_conninfo(database_url: str) -> tuple[str, str]:
    """(conninfo of the server's ``postgres`` database, the database named in the URL)."""
    import dj_database_url
    from psycopg.conninfo import make_conninfo

    cfg = dj_database_url.parse(database_url)
    name = str(cfg.get("NAME") or "")
    params = {
        key: str(cfg.get(field) or "")
        for key, field in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
    }
    return make_conninfo("dbname=postgres", **{k: v for k, v in params.items() if v}), name


def recreate_postgres(database_url: str) -> None:
    """Drop and create the scratch database named in ``database_url`` (``khcn_*`` only)."""
    import psycopg

    conninfo, name = _admin_conninfo(database_url)
    if not name.startswith("khcn_") or not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing to recreate database {name!r}: use a scratch name starting with khcn_")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def drop_postgres(database_url: str) -> None:
    """Drop the scratch database named in ``database_url`` (``khcn_*`` only)."""
    import psycopg

    conninfo, name = _admin_conninfo(database_url)
    if name.startswith("khcn_") and name.replace("_", "").isalnum():
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def scratch_database(database_url: str | None, tmp: Path, name: str) -> tuple[str, Any]:
    """A scratch database for a benchmark: an SQLite file in ``tmp``, or — given a PostgreSQL
    server URL — the database ``name`` (``khcn_*``) created afresh on it. Returns (url, drop)."""
    if not database_url:
        return f"sqlite:///{tmp / f'{name}.sqlite3'}", lambda: None
    server = database_url.rstrip("/")
    if server.count("/") > 2:  # a database was named: keep the server part
        server = server.rsplit("/", 1)[0]
    url = f"{server}/{name}"
    recreate_postgres(url)
    return url, lambda: drop_postgres(url)


def server_env(var_dir: Path, database_url: str | None) -> dict[str, str]:
    """The environment that points Django (this script, ``manage.py``, gunicorn) at the data."""
    return {
        "DATABASE_URL": database_url or f"sqlite:///{var_dir / 'khcn.sqlite3'}",
        "KHCN_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "0",
        "KHCN_DEMO": "0",
        "DJANGO_SECRET_KEY": "bench-load-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "KHCN_SEARCH_BACKEND": "auto",
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--size", choices=sorted(SIZES), default="province")
    parser.add_argument(
        "--scale", type=float, help="multiply the province counts (default 1; 30 for --size country)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--var-dir", required=True, help="KHCN_VAR_DIR: the SQLite file, static files, manifest"
    )
    parser.add_argument(
        "--database-url", help="postgres://…/khcn_load…: a scratch PostgreSQL database (dropped and created)"
    )
    parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of the load accounts")
    parser.add_argument("--no-index", action="store_true", help="skip the search index build")
    args = parser.parse_args()

    var_dir = Path(args.var_dir).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    if args.database_url:
        recreate_postgres(args.database_url)
    else:
        (var_dir / "khcn.sqlite3").unlink(missing_ok=True)
    os.environ.update(server_env(var_dir, args.database_url))
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    assert not settings.DEBUG
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    vendor = connection.vendor
    want = counts_for(args.size, args.scale)
    print(f"database: {vendor}; generating {args.size} × {want['scale']}: {want}", flush=True)
    manifest = generate(size=args.size, scale=args.scale, seed=args.seed, password=args.password)
    index_s = 0.0
    if not args.no_index:
        from khcn.search.services import rebuild

        t0 = time.perf_counter()
        indexed = rebuild(progress=sys.stderr.isatty())
        index_s = time.perf_counter() - t0
        manifest["counts"]["index_entries"] = sum(indexed.values())
    manifest["timings"]["index_s"] = round(index_s, 1)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elif vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    manifest["timings"]["total_s"] = round(time.perf_counter() - started, 1)
    manifest["vendor"] = vendor
    manifest["python"] = platform.python_version()
    (var_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    c = manifest["counts"]
    print(
        f"generated in {manifest['timings']['total_s']} s {manifest['timings']}:\n"
        f"  {c['agencies']} agencies, {c['plans']} plans × {ITEMS_PER_PLAN} items, {c['assignments']} "
        f"assignments, {c['reports']} reports {c['reports_by_status_after_drafts']}, {c['report_lines']} "
        f"lines;\n  {c['users_total']} users, {c['organizations']} organisations, "
        f"{c.get('index_entries', 0)} index entries; {c['load_drafts']} drafts for "
        f"{len(manifest['accounts']['leaders'])} load leaders",
        flush=True,
    )
    print(f"manifest: {var_dir / 'manifest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

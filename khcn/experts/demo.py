"""Demo experts: about 200 generated profiles (not real people: ``is_generated``, and each
profile says so) with Vietnamese names, fields of the national list and affiliations in Cà Mau,
Bạc Liêu and national institutes; the council member ``hoidong`` has their own profile. Loaded
through the services, so every row has its history. Demo mode only."""

from __future__ import annotations

import datetime as dt
import random

from khcn.accounts.models import User
from khcn.classifications.models import Term
from khcn.classifications.selectors import field_terms
from khcn.core.plugins import DemoContext
from khcn.experts import services
from khcn.experts.choices import AcademicTitle, Availability, Degree, Gender, Relation
from khcn.experts.models import Expert
from khcn.organizations.models import Organization

COUNT = 200
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lâm",
    "Trương",
    "Quách",
    "Tạ",
]
MIDDLE_M = ["Văn", "Minh", "Hoàng", "Quốc", "Thanh", "Hữu", "Công", "Đức"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Bích"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khoa",
    "Long",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thắng",
    "Toàn",
    "Trung",
    "Vinh",
    "Đạt",
]
GIVEN_F = [
    "Anh",
    "Châu",
    "Diễm",
    "Giang",
    "Hạnh",
    "Hương",
    "Lan",
    "Liên",
    "Mai",
    "Nga",
    "Nhung",
    "Phượng",
    "Thảo",
    "Trang",
    "Tuyết",
    "Yến",
]
# Universities, institutes and enterprises not in the agency registry (names as text).
INSTITUTIONS = [
    ("Trường Đại học Bạc Liêu", ["106", "401", "405", "502", "503"]),
    ("Trường Đại học Cần Thơ", ["105", "106", "401", "405", "406", "502"]),
    ("Viện Nghiên cứu Nuôi trồng Thủy sản II", ["405", "106", "406"]),
    ("Viện Lúa Đồng bằng sông Cửu Long", ["401", "406"]),
    ("Viện Khoa học Thủy lợi miền Nam", ["105", "201", "207"]),
    ("Viện Hàn lâm Khoa học và Công nghệ Việt Nam", ["101", "102", "103", "104", "105", "106"]),
    ("Bệnh viện Đa khoa Cà Mau", ["302", "303", "304"]),
    ("Trường Cao đẳng Y tế Cà Mau", ["301", "303", "304"]),
    ("Trường Đại học Y Dược Cần Thơ", ["301", "302", "304", "305"]),
    ("Phân viện Khoa học Xã hội vùng Nam Bộ", ["502", "504", "601", "602"]),
    ("Công ty cổ phần chế biến thủy sản (giả lập) Năm Căn", ["211", "405", "209"]),
    ("Công ty TNHH công nghệ (giả lập) Bạc Liêu", ["102", "202", "203"]),
]
# Agencies of the registry (current names) and the fields their experts work in.
AGENCIES = [
    ("Sở Khoa học và Công nghệ", ["102", "502", "207"]),
    ("Sở Y tế", ["302", "303"]),
    ("Sở Nông nghiệp và Môi trường", ["401", "402", "405", "105", "207"]),
    ("Sở Công Thương", ["502", "203", "211"]),
    ("Sở Giáo dục và Đào tạo", ["503", "602"]),
]
POSITIONS = [
    "Giảng viên",
    "Nghiên cứu viên",
    "Trưởng phòng",
    "Phó Viện trưởng",
    "Bác sĩ",
    "Phó Giám đốc",
    "Chuyên viên chính",
    "Kỹ sư trưởng",
]
LANGUAGES = [
    "Tiếng Anh",
    "Tiếng Anh, tiếng Pháp",
    "Tiếng Anh, tiếng Nhật",
    "Tiếng Nga",
    "Tiếng Anh, tiếng Hàn",
]


def load(context: DemoContext) -> None:
    rng = random.Random(2026)  # the same demo on every machine
    terms = {t.code: t for t in field_terms()}
    if not terms:
        return
    priority = list(Term.objects.filter(scheme__plan__isnull=False).order_by("scheme_id", "ordering"))
    agencies = {
        o.name: o
        for o in Organization.objects.filter(valid_to__isnull=True, name__in=[a for a, _f in AGENCIES])
    }
    made: list[Expert] = []
    for n in range(COUNT):
        female = rng.random() < 0.42
        name = " ".join(
            (
                rng.choice(SURNAMES),
                rng.choice(MIDDLE_F if female else MIDDLE_M),
                rng.choice(GIVEN_F if female else GIVEN_M),
            )
        )
        if rng.random() < 0.4 and agencies:
            agency_name, codes = rng.choice(AGENCIES)
            organization, organization_name = agencies.get(agency_name), ""
            if organization is None:
                organization_name = agency_name
        else:
            organization_name, codes = rng.choice(INSTITUTIONS)
            organization = None
        degree = rng.choices(
            [Degree.TS, Degree.THS, Degree.TSKH, Degree.CKII, Degree.BSCKII, Degree.KS, Degree.CN],
            weights=[40, 30, 3, 6, 6, 8, 7],
        )[0]
        title = ""
        if degree in (Degree.TS, Degree.TSKH):
            title = rng.choices(["", AcademicTitle.PGS, AcademicTitle.GS], weights=[70, 25, 5])[0]
        fields = [terms[c] for c in rng.sample(codes, k=min(len(codes), rng.randint(1, 2))) if c in terms]
        if priority and rng.random() < 0.4:
            fields.append(rng.choice(priority))
        slug = f"chuyengia{n + 1:03d}"
        made.append(
            services.expert_create(
                actor=context.actor,
                full_name=name,
                birth_year=rng.randint(1955, 1992),
                gender=Gender.FEMALE if female else Gender.MALE,
                academic_title=title,
                degree=degree,
                fields=fields,
                position=rng.choice(POSITIONS),
                email=f"{slug}@example.invalid",
                phone=f"0290 3{rng.randint(100000, 999999)}",
                languages=rng.choice(LANGUAGES),
                availability=rng.choices(list(Availability.values), weights=[75, 20, 5])[0],
                public_profile_consent=rng.random() < 0.7,
                organization=organization,
                organization_name=organization_name,
                publications="Dữ liệu giả lập cho bản trình diễn.",
                is_generated=True,
            )
        )
    # Declared relatives (for the conflict checks) and one sanction.
    for a, b, relation in ((0, 1, Relation.SPOUSE), (2, 3, Relation.SIBLING), (4, 5, Relation.PARENT)):
        services.relative_add(actor=context.actor, expert=made[a], relative=made[b], relation=relation)
    services.sanction_add(
        actor=context.actor,
        expert=made[6],
        reason="Vi phạm quy định về liêm chính khoa học (dữ liệu giả lập).",
        start=dt.date(2025, 9, 1),
        end=dt.date(2027, 8, 31),
        decision="15/QĐ-SKHCN (giả lập)",
    )
    member = User.objects.filter(username="hoidong").first()
    if member is not None:
        expert = services.expert_create(
            actor=context.actor,
            full_name=member.full_name or "Võ Minh Quang",
            birth_year=1972,
            gender=Gender.MALE,
            academic_title=AcademicTitle.PGS,
            degree=Degree.TS,
            fields=[t for c, t in terms.items() if c in ("405", "406")],
            position="Phó Viện trưởng",
            email="hoidong@example.invalid",
            languages="Tiếng Anh",
            public_profile_consent=True,
            organization_name="Viện Nghiên cứu Nuôi trồng Thủy sản II",
            user=member,
            is_generated=True,
        )
        services.relative_add(actor=context.actor, expert=expert, relative=made[7], relation=Relation.SIBLING)

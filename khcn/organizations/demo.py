"""Demo agencies: Cà Mau as the seed plan names them (2019), the 2025 reorganisation (the 1 March
mergers of departments, the 1 July merger of Cà Mau and Bạc Liêu and the end of the districts),
and the DOST's and the Department of Health's people. Loaded through the services, so every row
has its audit history. Demo mode only.

The commune list is a sample (a few per former district), not the official list of the 64
commune-level units of the merged province; load that with the agency services.
"""

from __future__ import annotations

import datetime as dt

from khcn.accounts.choices import Role
from khcn.accounts.demo import demo_person
from khcn.core.plugins import DemoContext
from khcn.organizations import services as org
from khcn.organizations.choices import OrganizationKind as K
from khcn.organizations.models import Organization

MINISTRY_MERGERS = dt.date(2025, 3, 1)  # Sở mergers under Resolution 18-NQ/TW
PROVINCE_MERGER = dt.date(2025, 7, 1)  # Cà Mau + Bạc Liêu; districts abolished

# (name, short name, kind, aliases)
CA_MAU_2019: list[tuple[str, str, str, list[str]]] = [
    ("Sở Khoa học và Công nghệ", "Sở KH&CN", K.DEPARTMENT, ["SKHCN", "Sở Khoa học và Công nghệ tỉnh Cà Mau"]),
    ("Sở Thông tin và Truyền thông", "Sở TT&TT", K.DEPARTMENT, ["STTTT"]),
    ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", K.DEPARTMENT, ["SKHĐT"]),
    ("Sở Tài chính", "Sở Tài chính", K.DEPARTMENT, ["STC", "Sở Tài chính tỉnh Cà Mau"]),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", K.DEPARTMENT, ["SNNPTNT"]),
    ("Sở Tài nguyên và Môi trường", "Sở TN&MT", K.DEPARTMENT, ["STNMT"]),
    ("Sở Công Thương", "Sở Công Thương", K.DEPARTMENT, ["SCT"]),
    ("Sở Y tế", "Sở Y tế", K.DEPARTMENT, ["SYT", "Sở Y tế tỉnh Cà Mau"]),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", K.DEPARTMENT, ["SGDĐT"]),
    ("Sở Nội vụ", "Sở Nội vụ", K.DEPARTMENT, ["SNV"]),
    ("Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH", K.DEPARTMENT, ["SLĐTBXH"]),
    ("Sở Giao thông vận tải", "Sở GTVT", K.DEPARTMENT, ["SGTVT"]),
    ("Sở Xây dựng", "Sở Xây dựng", K.DEPARTMENT, ["SXD"]),
    ("Công an tỉnh", "Công an tỉnh", K.SECURITY, ["CAT", "Công an tỉnh Cà Mau"]),
    (
        "Bộ Chỉ huy Quân sự tỉnh",
        "Bộ CHQS tỉnh",
        K.SECURITY,
        ["BCHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh Cà Mau"],
    ),
]
CA_MAU_DISTRICTS = [
    (
        "Ủy ban nhân dân thành phố Cà Mau",
        "UBND thành phố Cà Mau",
        ["Phường An Xuyên", "Phường Lý Văn Lâm", "Phường Tân Thành", "Phường Hòa Thành"],
    ),
    ("Ủy ban nhân dân huyện Thới Bình", "UBND huyện Thới Bình", ["Xã Thới Bình", "Xã Biển Bạch"]),
    ("Ủy ban nhân dân huyện U Minh", "UBND huyện U Minh", ["Xã U Minh", "Xã Nguyễn Phích"]),
    ("Ủy ban nhân dân huyện Trần Văn Thời", "UBND huyện Trần Văn Thời", ["Xã Trần Văn Thời", "Xã Sông Đốc"]),
    ("Ủy ban nhân dân huyện Cái Nước", "UBND huyện Cái Nước", ["Xã Cái Nước", "Xã Hưng Mỹ"]),
    ("Ủy ban nhân dân huyện Đầm Dơi", "UBND huyện Đầm Dơi", ["Xã Đầm Dơi", "Xã Tạ An Khương"]),
    ("Ủy ban nhân dân huyện Năm Căn", "UBND huyện Năm Căn", ["Xã Năm Căn", "Xã Tam Giang"]),
    ("Ủy ban nhân dân huyện Phú Tân", "UBND huyện Phú Tân", ["Xã Phú Tân", "Xã Cái Đôi Vàm"]),
    ("Ủy ban nhân dân huyện Ngọc Hiển", "UBND huyện Ngọc Hiển", ["Xã Đất Mũi", "Xã Tân Ân"]),
]
BAC_LIEU_DEPARTMENTS = [
    ("Sở Khoa học và Công nghệ tỉnh Bạc Liêu", "Sở KH&CN tỉnh Bạc Liêu", "Sở Khoa học và Công nghệ"),
    ("Sở Tài chính tỉnh Bạc Liêu", "Sở Tài chính tỉnh Bạc Liêu", "Sở Tài chính"),
    ("Sở Nông nghiệp và Môi trường tỉnh Bạc Liêu", "Sở NN&MT tỉnh Bạc Liêu", "Sở Nông nghiệp và Môi trường"),
    ("Sở Y tế tỉnh Bạc Liêu", "Sở Y tế tỉnh Bạc Liêu", "Sở Y tế"),
    ("Sở Giáo dục và Đào tạo tỉnh Bạc Liêu", "Sở GD&ĐT tỉnh Bạc Liêu", "Sở Giáo dục và Đào tạo"),
    ("Sở Công Thương tỉnh Bạc Liêu", "Sở Công Thương tỉnh Bạc Liêu", "Sở Công Thương"),
    ("Sở Nội vụ tỉnh Bạc Liêu", "Sở Nội vụ tỉnh Bạc Liêu", "Sở Nội vụ"),
    ("Sở Xây dựng tỉnh Bạc Liêu", "Sở Xây dựng tỉnh Bạc Liêu", "Sở Xây dựng"),
    ("Công an tỉnh Bạc Liêu", "Công an tỉnh Bạc Liêu", "Công an tỉnh"),
    ("Bộ Chỉ huy Quân sự tỉnh Bạc Liêu", "Bộ CHQS tỉnh Bạc Liêu", "Bộ Chỉ huy Quân sự tỉnh"),
]
BAC_LIEU_DISTRICTS = [
    (
        "Ủy ban nhân dân thành phố Bạc Liêu",
        "UBND thành phố Bạc Liêu",
        ["Phường Bạc Liêu", "Phường Vĩnh Trạch", "Phường Hiệp Thành"],
    ),
    ("Ủy ban nhân dân thị xã Giá Rai", "UBND thị xã Giá Rai", ["Phường Giá Rai", "Phường Láng Tròn"]),
    ("Ủy ban nhân dân huyện Hòa Bình", "UBND huyện Hòa Bình", ["Xã Hòa Bình"]),
    ("Ủy ban nhân dân huyện Đông Hải", "UBND huyện Đông Hải", ["Xã Gành Hào"]),
]
# The 1 March 2025 mergers of Cà Mau's departments: sources → an existing target, or a new name.
MARCH_MERGERS: list[tuple[list[str], str | None, tuple[str, str] | None]] = [
    (["Sở Thông tin và Truyền thông"], "Sở Khoa học và Công nghệ", None),
    (["Sở Kế hoạch và Đầu tư"], "Sở Tài chính", None),
    (
        ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường"],
        None,
        ("Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
    ),
    (["Sở Giao thông vận tải"], "Sở Xây dựng", None),
    (["Sở Lao động - Thương binh và Xã hội"], "Sở Nội vụ", None),
]

# username, full name, job title, role, agency (current official name)
PEOPLE: list[tuple[str, str, str, Role, str]] = [
    (
        "chuyenvien",
        "Trần Thị Mai",
        "Chuyên viên Phòng Quản lý khoa học",
        Role.DOST_SPECIALIST,
        "Sở Khoa học và Công nghệ",
    ),
    ("lanhdao", "Nguyễn Văn Hùng", "Phó Giám đốc Sở", Role.DOST_LEADER, "Sở Khoa học và Công nghệ"),
    ("baocao.syt", "Lê Văn Tâm", "Chuyên viên Văn phòng Sở Y tế", Role.AGENCY_REPORTER, "Sở Y tế"),
    ("lanhdao.syt", "Phạm Thị Hoa", "Phó Giám đốc Sở Y tế", Role.AGENCY_LEADER, "Sở Y tế"),
]


def current(name: str) -> Organization:
    """The agency in operation today with this official name."""
    return Organization.objects.get(name=name, valid_to__isnull=True)


def load(context: DemoContext) -> None:
    a = context.actor
    # --- Cà Mau as the seed plan (2019) names it ---------------------------------------
    ubnd = org.organization_create(
        actor=a,
        name="Ủy ban nhân dân tỉnh Cà Mau",
        short_name="UBND tỉnh Cà Mau",
        kind=K.PROVINCIAL_COMMITTEE,
        aliases=["Ủy ban nhân dân tỉnh", "UBND tỉnh"],
    )
    for name, short, kind, aliases in CA_MAU_2019:
        org.organization_create(actor=a, name=name, short_name=short, kind=kind, parent=ubnd, aliases=aliases)
    dost = current("Sở Khoa học và Công nghệ")
    org.organization_create(
        actor=a,
        name="Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
        short_name="Trung tâm ƯDTBKH&CN",
        kind=K.PUBLIC_SERVICE_UNIT,
        parent=dost,
    )
    for name, short, _communes in CA_MAU_DISTRICTS:
        org.organization_create(actor=a, name=name, short_name=short, kind=K.DISTRICT_COMMITTEE, parent=ubnd)

    # --- Bạc Liêu before the merger ------------------------------------------------------
    ubnd_bl = org.organization_create(
        actor=a,
        name="Ủy ban nhân dân tỉnh Bạc Liêu",
        short_name="UBND tỉnh Bạc Liêu",
        kind=K.PROVINCIAL_COMMITTEE,
    )
    for name, short, _target in BAC_LIEU_DEPARTMENTS:
        kind = K.SECURITY if name.startswith(("Công an", "Bộ Chỉ huy")) else K.DEPARTMENT
        org.organization_create(actor=a, name=name, short_name=short, kind=kind, parent=ubnd_bl)
    for name, short, _communes in BAC_LIEU_DISTRICTS:
        org.organization_create(
            actor=a, name=name, short_name=short, kind=K.DISTRICT_COMMITTEE, parent=ubnd_bl
        )

    # --- 1 March 2025: departments merged -------------------------------------------------
    for sources, target, new in MARCH_MERGERS:
        org.organization_merge(
            actor=a,
            sources=[current(s) for s in sources],
            target=current(target) if target else None,
            new=org.NewOrganization(name=new[0], short_name=new[1], kind=K.DEPARTMENT, parent=ubnd)
            if new
            else None,
            date=MINISTRY_MERGERS,
            decision="Nghị quyết số 18-NQ/TW; sắp xếp cơ quan chuyên môn thuộc UBND tỉnh",
        )

    # --- 1 July 2025: Cà Mau and Bạc Liêu merged as Cà Mau; districts abolished ----------
    decision = "Nghị quyết số 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh"
    new_ubnd = org.organization_merge(
        actor=a,
        sources=[current("Ủy ban nhân dân tỉnh Cà Mau"), ubnd_bl],
        date=PROVINCE_MERGER,
        new=org.NewOrganization(
            name="Ủy ban nhân dân tỉnh Cà Mau", short_name="UBND tỉnh Cà Mau", kind=K.PROVINCIAL_COMMITTEE
        ),
        decision=decision,
    )
    for bl_name, _short, target in BAC_LIEU_DEPARTMENTS:
        old = current(target)
        kind = old.kind
        org.organization_merge(
            actor=a,
            sources=[old, current(bl_name)],
            date=PROVINCE_MERGER,
            new=org.NewOrganization(name=target, short_name=old.short_name, kind=kind, parent=new_ubnd),
            decision=decision,
        )
    for name, _short, communes in CA_MAU_DISTRICTS + BAC_LIEU_DISTRICTS:
        parts = [
            org.NewOrganization(
                name=f"Ủy ban nhân dân {c[0].lower()}{c[1:]}",
                short_name=f"UBND {c[0].lower()}{c[1:]}",
                kind=K.COMMUNE_COMMITTEE,
                parent=new_ubnd,
            )
            for c in communes
        ]
        org.organization_split(
            actor=a,
            organization=current(name),
            parts=parts,
            date=PROVINCE_MERGER,
            decision="Kết thúc hoạt động của chính quyền địa phương cấp huyện từ 01/7/2025",
        )

    for username, full_name, title, role, agency in PEOPLE:
        demo_person(
            context,
            username=username,
            full_name=full_name,
            role=role,
            job_title=title,
            organization=current(agency),
        )

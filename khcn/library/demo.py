"""Demo records of the library (demo mode only): collections with a curator (``chuyenvien``),
three hundred records of every type — written for the demo and saying so, a third with a Word
full text, authors partly from the experts registry — some restricted and embargoed, one
submitted and waiting for the curator, one returned to ``ungvien`` with a note; and the results
of the demo's registered S&T tasks, deposited as the research app registers them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khcn.accounts.models import User
from khcn.core.plugins import DemoContext
from khcn.library import services
from khcn.library.choices import Access, Language, RecordType
from khcn.library.models import Collection

DEMO_NOTE = "Bản ghi minh họa cho chế độ trình diễn (không phải tài liệu thật)."
TOPICS = (
    "nuôi tôm càng xanh", "rừng ngập mặn", "sạt lở bờ biển", "lúa chịu mặn", "mật ong rừng U Minh",
    "xâm nhập mặn", "cua biển", "năng lượng gió", "nước ngầm", "du lịch cộng đồng", "cá kèo",
    "tôm sú quảng canh", "than bùn U Minh Hạ", "đa dạng sinh học Đất Mũi", "chế biến khô cá",
    "đờn ca tài tử", "văn hóa Khmer", "chuyển đổi số cấp xã", "điện mặt trời", "bồi tụ bãi bồi",
    "nuôi hàu", "rau màu trên đất giồng", "dịch bệnh trên tôm", "phòng cháy rừng tràm",
    "kinh tế biển", "sản phẩm OCOP", "nước sạch nông thôn", "cá chình hoa", "chim trời", "cây dừa nước",
)  # fmt: skip
PLACES = ("Năm Căn", "Ngọc Hiển", "Đầm Dơi", "U Minh", "Trần Văn Thời", "Cái Nước", "Thới Bình", "Phú Tân")
PEOPLE = (
    "Nguyễn Thị Thu Hà", "Trần Văn Phúc", "Lê Hoàng Yến", "Phạm Minh Tuấn", "Huỳnh Thanh Tùng",
    "Võ Thị Mỹ Linh", "Đặng Quốc Khánh", "Châu Ngọc Diệp", "Lâm Văn Bé", "Tạ Thị Kim Ngân",
)  # fmt: skip
TYPE_WORDS: dict[str, str] = {
    RecordType.ARTICLE: "Nghiên cứu",
    RecordType.THESIS: "Luận văn: nghiên cứu",
    RecordType.BOOK: "Sách chuyên khảo về",
    RecordType.STANDARD: "Tiêu chuẩn cơ sở về",
    RecordType.PATENT: "Giải pháp hữu ích về",
    RecordType.PROCESS: "Quy trình kỹ thuật",
    RecordType.MAP: "Bản đồ",
    RecordType.DATASET: "Bộ dữ liệu",
    RecordType.CONFERENCE_PAPER: "Báo cáo hội thảo về",
    RecordType.POLICY: "Đề án chính sách về",
}


def _docx(title: str, topic: str, place: str) -> bytes:
    """A real-looking full text (Word), written for the demo and saying so."""
    import io

    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    document.add_paragraph(DEMO_NOTE)
    for heading, text in (
        ("1. Đặt vấn đề", f"{topic.capitalize()} là vấn đề được quan tâm tại {place}."),
        ("2. Phương pháp", "Khảo sát thực địa, phỏng vấn nông hộ và phân tích số liệu thống kê."),
        ("3. Kết quả", f"Đề xuất mô hình {topic} phù hợp điều kiện tự nhiên của tỉnh Cà Mau."),
        ("4. Kết luận", "Kiến nghị nhân rộng mô hình và tiếp tục theo dõi, đánh giá."),
    ):
        document.add_heading(heading, level=2)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def load(context: DemoContext) -> None:
    from khcn.classifications.models import Term
    from khcn.library.services.deposit import deposit_task_results
    from khcn.research.models import Task

    curator = User.objects.get(username="chuyenvien")
    applicant = User.objects.get(username="ungvien")
    collections = {
        code: services.collection_create(
            actor=None, code=code, name=name, description=description, curators=[curator]
        )
        for code, name, description in (
            (
                "bai-bao-khoa-hoc",
                "Bài báo, báo cáo hội nghị khoa học",
                "Các công bố khoa học của tổ chức, cá nhân trên địa bàn tỉnh.",
            ),
            (
                "tieu-chuan-quy-trinh",
                "Tiêu chuẩn, quy trình kỹ thuật",
                "Tiêu chuẩn cơ sở, quy trình công nghệ đã được công nhận.",
            ),
            (
                "du-lieu-khi-hau",
                "Dữ liệu biến đổi khí hậu, nước biển dâng",
                "Kịch bản và số liệu quan trắc phục vụ thích ứng biến đổi khí hậu.",
            ),
        )
    }
    # The results of the registered demo tasks (deposited when registered; again here for the
    # tasks registered before this module was installed).
    if not Collection.objects.filter(code="ket-qua-nhiem-vu").exists():
        for task in Task.objects.filter(state__in=("registered", "closed")).prefetch_related(
            "files", "fields"
        ):
            deposit_task_results(task)
    terms = list(Term.objects.filter(scheme__code="linh-vuc-khcn-2008", code__regex=r"^\d{3}$")[:20])
    today = timezone.localdate()
    kinds = [k for k in RecordType.values if not k.startswith("task_")]
    from khcn.experts.models import Expert
    from khcn.organizations.models import Organization

    # Authors: some of the experts registry (linked on their pages), the others written out.
    experts = list(Expert.objects.order_by("pk").values_list("full_name", flat=True)[:12])
    people = [*experts, *PEOPLE]
    hosts = list(
        Organization.objects.filter(
            valid_to__isnull=True, kind__in=("science_organization", "public_service_unit", "department")
        ).order_by("pk")[:12]
    )
    n = 0
    for i, topic in enumerate(TOPICS):
        for j, kind in enumerate(kinds):
            n += 1
            code = (
                "du-lieu-khi-hau"
                if kind in (RecordType.DATASET, RecordType.MAP)
                else "tieu-chuan-quy-trinh"
                if kind in (RecordType.STANDARD, RecordType.PROCESS, RecordType.PATENT)
                else "bai-bao-khoa-hoc"
            )
            access = Access.PUBLIC
            extra: dict[str, Any] = {}
            if n % 11 == 0:
                access, extra = Access.SIGNED_IN, {}
            elif n % 13 == 0:
                access, extra = Access.EMBARGO, {"embargo_until": today + dt.timedelta(days=90 + n)}
            elif n % 17 == 0:
                access, extra = Access.ROLES, {"access_roles": "dost_specialist,dost_leader"}
            place = PLACES[(i + j) % len(PLACES)]
            title = f"{TYPE_WORDS[kind]} {topic} tại {place}, tỉnh Cà Mau (minh họa {n})"
            record = services.record_create(
                actor=None,
                collection=collections[code],
                kind=kind,
                title=title,
                abstract=(
                    f"{DEMO_NOTE} Tài liệu trình bày hiện trạng {topic} tại {place}, các giải pháp khoa học "
                    f"và công nghệ đã áp dụng và đề xuất nhân rộng trên địa bàn tỉnh Cà Mau."
                ),
                language=Language.VI if n % 7 else Language.EN,
                issued_year=2012 + (n * 7) % 15,
                keywords=f"{topic}; {place}; Cà Mau",
                publisher="Sở Khoa học và Công nghệ tỉnh Cà Mau",
                access=access,
                authors=[people[(n * 3) % len(people)], people[(n * 5 + 1) % len(people)]],
                fields=[terms[(i + j) % len(terms)]] if terms else [],
                organizations=[hosts[(i + j) % len(hosts)]] if hosts else [],
                status="published",
                published_at=timezone.now(),
                **extra,
            )
            if n % 3 == 0 and kind not in (RecordType.DATASET, RecordType.MAP):
                services.file_add(
                    actor=None,
                    record_=record,
                    file=SimpleUploadedFile(f"toan-van-{n}.docx", _docx(title, topic, place)),
                    description="Toàn văn (minh họa)",
                )
    _climate_series(collections["du-lieu-khi-hau"], curator)
    # One waiting for the curator, one returned to ungvien with a note.
    waiting = services.record_create(
        actor=applicant,
        collection=collections["bai-bao-khoa-hoc"],
        kind=RecordType.ARTICLE,
        title="Ứng dụng chế phẩm vi sinh trong ao nuôi tôm siêu thâm canh (minh họa)",
        abstract=DEMO_NOTE,
        issued_year=today.year,
        authors=["Huỳnh Quốc Bảo"],
    )
    services.record_step(actor=applicant, record_=waiting, name="submit")
    returned = services.record_create(
        actor=applicant,
        collection=collections["bai-bao-khoa-hoc"],
        kind=RecordType.CONFERENCE_PAPER,
        title="Mô hình lúa – tôm thích ứng xâm nhập mặn (minh họa)",
        abstract=DEMO_NOTE,
        issued_year=today.year,
        authors=["Huỳnh Quốc Bảo"],
    )
    services.record_step(actor=applicant, record_=returned, name="submit")
    services.record_step(
        actor=curator,
        record_=returned,
        name="return",
        note="Bổ sung tên hội nghị và số trang trong phần nhà xuất bản.",
    )


def _climate_series(collection: Collection, curator: User) -> None:
    """Generated yearly climate series (CSV) on a few public datasets, so that their pages show
    the preview; their rights say the data are generated."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from khcn.library.models import Record

    datasets = Record.objects.filter(collection=collection, kind=RecordType.DATASET, access=Access.PUBLIC)
    for n, record in enumerate(datasets.order_by("pk")[:4]):
        lines = ["Năm,Nhiệt độ trung bình (°C),Lượng mưa (mm),Mực nước biển dâng (cm)"]
        for i in range(31):  # 2020–2050, a scenario: generated, not observed
            year = 2020 + i
            temperature = 27.0 + 0.03 * n + 0.025 * i + 0.15 * ((i * 7 + n) % 5 - 2) / 2
            rain = 2300 + 9 * i + 40 * ((i * 3 + n) % 7 - 3)
            lines.append(f"{year},{temperature:.2f},{rain},{round(0.45 * i + 0.2 * n, 1)}")
        data = ("\n".join(lines) + "\n").encode("utf-8")
        services.file_add(
            actor=None,
            record_=record,
            file=SimpleUploadedFile(f"kich-ban-khi-hau-{n + 1}.csv", data),
            description="Số liệu sinh tự động cho trình diễn",
        )
        services.record_edit(
            actor=curator,
            record_=record,
            rights="CC BY 4.0 — số liệu sinh tự động cho chế độ trình diễn, "
            "không phải số liệu quan trắc thật.",
        )

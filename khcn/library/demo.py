"""Demo records of the library (demo mode only): collections with a curator (``chuyenvien``),
records of every type — written for the demo and saying so — some restricted and embargoed, one
submitted and waiting for the curator, one returned to ``ungvien`` with a note; and the results
of the demo's registered S&T tasks, deposited as the research app registers them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from khcn.accounts.models import User
from khcn.core.plugins import DemoContext
from khcn.library import services
from khcn.library.choices import Access, Language, RecordType
from khcn.library.models import Collection

DEMO_NOTE = "Bản ghi minh họa cho chế độ trình diễn (không phải tài liệu thật)."


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
    topics = (
        "nuôi tôm càng xanh",
        "rừng ngập mặn",
        "sạt lở bờ biển",
        "lúa chịu mặn",
        "mật ong rừng U Minh",
        "xâm nhập mặn",
        "cua biển",
        "năng lượng gió",
        "nước ngầm",
        "du lịch cộng đồng",
    )
    n = 0
    for i, topic in enumerate(topics):
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
            record = services.record_create(
                actor=None,
                collection=collections[code],
                kind=kind,
                title=f"{RecordType(kind).label} về {topic} tại Cà Mau (minh họa {n})",
                abstract=f"{DEMO_NOTE} Nội dung tóm tắt về {topic} trên địa bàn tỉnh Cà Mau.",
                language=Language.VI if n % 7 else Language.EN,
                issued_year=2015 + (n % 11),
                keywords=f"{topic}; Cà Mau; minh họa",
                publisher="Sở Khoa học và Công nghệ tỉnh Cà Mau",
                access=access,
                authors=[f"Tác giả minh họa {n % 23 + 1}", f"Đồng tác giả {n % 7 + 1}"],
                fields=[terms[(i + j) % len(terms)]] if terms else [],
                status="published",
                published_at=timezone.now(),
                **extra,
            )
            del record
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

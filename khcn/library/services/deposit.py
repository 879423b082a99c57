"""The results of an S&T task, deposited when its results are registered (the research app
sends ``khcn.research.signals.results_registered``; it never imports the library): the final
report and the summary (the acceptance dossier's files) as two published records of the
collection ``ket-qua-nhiem-vu``, with the registration data (Form 5: authors, summary,
keywords), the task's code and fields, and the task's access rules (a task on the public list:
public files; otherwise the DOST only)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.library.choices import Access, RecordStatus, RecordType
from khcn.library.models import Collection, Record, RecordFile

TASK_RESULTS = "ket-qua-nhiem-vu"
# The records' rights statement (data, in the language of the records).
RIGHTS = "Kết quả nhiệm vụ khoa học và công nghệ sử dụng ngân sách nhà nước"
PARTS = {"final_report": RecordType.TASK_FINAL_REPORT, "summary_report": RecordType.TASK_SUMMARY}


def _collection() -> Collection:
    collection, _created = Collection.objects.get_or_create(
        code=TASK_RESULTS,
        defaults={
            "name": "Kết quả thực hiện nhiệm vụ khoa học và công nghệ",
            "description": (
                "Báo cáo tổng hợp và báo cáo tóm tắt kết quả các nhiệm vụ KH&CN đã đăng ký kết quả."
            ),
        },
    )
    return collection


@transaction.atomic
def deposit_task_results(task: Any) -> list[Record]:
    """Deposit (or update, on a second registration) the task's final report and summary."""
    from khcn.library.services.records import _authors, _read_later, reindex

    registration = task.registration or {}
    authors = [a.strip() for a in str(registration.get("authors", "")).split(";") if a.strip()]
    if not authors and task.investigator:
        authors = [task.investigator]
    public = bool(task.published)
    deposited = []
    for part, kind in PARTS.items():
        files = [f for f in task.files.all() if f.part == part]
        if not files:
            continue
        values = {
            "title": task.title,
            "abstract": str(registration.get("summary", "")),
            "keywords": str(registration.get("keywords", "")),
            "issued_year": (task.registered_on or timezone.localdate()).year,
            "issued_on": task.registered_on,
            "publisher": task.host_label,
            "task_code": task.code,
            "rights": RIGHTS,
            "access": Access.PUBLIC if public else Access.ROLES,
            "access_roles": "" if public else f",{Role.DOST_SPECIALIST},{Role.DOST_LEADER},",
            "status": RecordStatus.PUBLISHED,
        }
        target = Record.objects.filter(task=task, kind=kind).first()
        now = timezone.now()
        if target is None:
            target = Record.objects.create(
                collection=_collection(), kind=kind, task=task, published_at=now, datestamp=now, **values
            )
        else:
            for key, value in values.items():
                setattr(target, key, value)
            target.datestamp = now
            target.save()
            target.files.all().delete()
        _authors(target, authors)
        target.fields.set(list(task.fields.all()))
        if task.host_id:
            target.organizations.set([task.host_id])
        for stored in files:
            copy = RecordFile.objects.create(
                record=target,
                file=stored.file.name,
                name=stored.name,
                kind=stored.name.rsplit(".", 1)[-1].lower() if "." in stored.name else "pdf",
                size=stored.size,
            )
            _read_later(copy)  # the text of the reports, read after commit
        deposited.append(target)
    reindex(*(r.pk for r in deposited))
    return deposited


def _on_registered(sender: Any, task: Any, **kwargs: Any) -> None:
    deposit_task_results(task)


def connect() -> None:
    from khcn.research.signals import results_registered

    results_registered.connect(_on_registered, dispatch_uid="library.deposit_task_results")

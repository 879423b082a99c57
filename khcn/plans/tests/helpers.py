"""Shared test data for the plans app: a small parse (the shape ``plan_parse`` prints) and helpers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from khcn.plans import services
from khcn.plans.choices import PeriodKind
from khcn.plans.models import ReportingPeriod

PARSE: dict[str, Any] = {
    "doc_type": "Kế hoạch",
    "title": "KẾ HOẠCH THỬ NGHIỆM",
    "issuer": "Ủy ban nhân dân tỉnh Cà Mau",
    "number": "12/KH-UBND",
    "date": "2024-02-05",
    "implements": ["50-KL/TW"],
    "sections": [
        {
            "label": "II",
            "heading": "NỘI DUNG",
            "children": [
                {"label": "1", "heading": "Tuyên truyền", "children": []},
                {
                    "label": "3",
                    "heading": "Cơ cấu lại nhiệm vụ",
                    "children": [{"label": "c", "heading": "Y tế", "children": []}],
                },
            ],
        },
        {
            "label": "IV",
            "heading": "TỔ CHỨC THỰC HIỆN",
            "children": [
                {"label": "1", "heading": "Sở Khoa học và Công nghệ", "children": []},
                {"label": "9", "heading": "Sở Nội vụ", "children": []},
                {"label": "9", "heading": "Sở Y tế", "children": []},
            ],
        },
    ],
    "assignments": [
        {"section": "IV.1", "agency": "Sở Khoa học và Công nghệ", "role": "lead", "deadline": "hằng năm"},
        {"section": "IV.9", "agency": "Sở Nội vụ", "role": "lead"},
        {"section": "II.1", "agency": "Sở Y tế", "role": "coordinate"},
        {"section": "IV.9 (second)", "agency": "Sở Y tế", "role": "lead", "deadline": "hằng năm"},
    ],
    "warnings": [],
}


def client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def period_open(actor: Any, plan: Any, *, days_to_due: int = 40, name: str = "") -> ReportingPeriod:
    today = timezone.localdate()
    return services.period_create(
        actor=actor,
        plan=plan,
        kind=PeriodKind.AD_HOC,
        year=today.year,
        start=today - dt.timedelta(days=60),
        end=today + dt.timedelta(days=days_to_due - 10),
        due_on=today + dt.timedelta(days=days_to_due),
        name=name,
    )

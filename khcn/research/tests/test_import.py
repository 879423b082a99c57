"""Import of past S&T tasks from Excel: the preview names each row's problems (row and column)
and writes nothing; the confirmation writes every row or none, audited; importing the same
file again updates the tasks by their code; formulas are text; the DOST only."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from khcn.audit.models import AuditEvent
from khcn.core.exceptions import DomainError, PermissionDenied
from khcn.research.choices import Method, Rating, Regime, TaskState, TaskType
from khcn.research.models import Task
from khcn.research.services import imports
from khcn.research.tests.test_proposals import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

HEADERS = [
    "STT",
    "Mã nhiệm vụ",
    "Tên nhiệm vụ",
    "Loại",
    "Lĩnh vực",
    "Tổ chức chủ trì",
    "Chủ nhiệm",
    "Kinh phí NSNN",
    "Kinh phí khác",
    "Ngày phê duyệt",
    "Thời gian bắt đầu",
    "Thời gian kết thúc",
    "Phương thức",
    "Trạng thái",
    "Xếp loại",
    "Số lưu",
]


def _row(code: str, title: str = "Nghiên cứu nuôi tôm", **cells: Any) -> list[Any]:
    values = {
        "Mã nhiệm vụ": code,
        "Tên nhiệm vụ": title,
        "Loại": "Đề tài",
        "Lĩnh vực": "405",
        "Tổ chức chủ trì": "Trường Đại học Cà Mau",
        "Chủ nhiệm": "TS. Nguyễn Văn A",
        "Kinh phí NSNN": "1.500.000.000",
        "Kinh phí khác": "",
        "Ngày phê duyệt": "15/03/2021",
        "Thời gian bắt đầu": "04/2021",
        "Thời gian kết thúc": "03/2023",
        "Phương thức": "",
        "Trạng thái": "Đã nghiệm thu",
        "Xếp loại": "Đạt",
        "Số lưu": "",
    }
    values.update(cells)
    return ["", *(values[h] for h in HEADERS[1:])]


def _book(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["DANH MỤC NHIỆM VỤ KH&CN CẤP TỈNH ĐÃ THỰC HIỆN"])  # a title above the table
    sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client: Client, data: bytes, name: str = "so-theo-doi.xlsx") -> Any:
    return client.post(reverse("research:task_import"), {"file": SimpleUploadedFile(name, data)})


def _review(client: Client, data: bytes) -> tuple[str, Any]:
    response = _upload(client, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    return url, client.get(url)


def _confirm(client: Client, data: bytes) -> Any:
    url, _page = _review(client, data)
    return client.post(url, {"action": "confirm"})


@pytest.fixture
def dost(world):  # noqa: F811
    client = Client()
    client.force_login(world["specialist"])
    return client


GOOD = [
    _row("2021-001", "Nghiên cứu nuôi tôm càng xanh toàn đực", **{"Lĩnh vực": "405; 106"}),
    _row(
        "2025-007",
        "Dự án ứng dụng công nghệ sinh học",
        **{
            "Loại": "Dự án SXTN",
            "Kinh phí NSNN": "1,5 tỷ",
            "Kinh phí khác": 250_000_000,
            "Ngày phê duyệt": dt.datetime(2025, 10, 20),
            "Thời gian bắt đầu": "01/11/2025",
            "Thời gian kết thúc": "31/10/2027",
            "Phương thức": "Tuyển chọn",
            "Trạng thái": "đang thực hiện",
            "Xếp loại": "",
            "Tổ chức chủ trì": "Sở Khoa học và Công nghệ",
        },
    ),
    _row(
        "DA-03",
        "Đề án phát triển thị trường KH&CN",
        **{"Loại": "Đề án", "Trạng thái": "đã thanh lý", "Xếp loại": "xuất sắc", "Lĩnh vực": "5"},
    ),
    _row(
        "2019-004",
        "Dự án KH&CN về điện gió",
        **{"Loại": "Dự án KH&CN", "Trạng thái": "Đã đăng ký kết quả", "Số lưu": "12/2020/ĐKKQ"},
    ),
    _row("2018-002", "Đề tài bị dừng", **{"Trạng thái": "chấm dứt", "Xếp loại": ""}),
]


def test_the_preview_names_each_problem_by_row_and_column_and_writes_nothing(dost):
    rows = [
        _row("2021-001"),  # Excel row 4: fine
        _row("2021-002", ""),  # 5: no title
        _row("2021-003", **{"Trạng thái": "đang ngủ"}),  # 6: unknown state
        _row("2021-004", **{"Kinh phí NSNN": "một tỷ"}),  # 7: not a number
        _row("2021-005", **{"Lĩnh vực": "405; 999"}),  # 8: unknown field code
        _row("2021-006", **{"Thời gian bắt đầu": "01/05/2022", "Thời gian kết thúc": "01/04/2022"}),  # 9
        _row("2021-001", "Trùng mã"),  # 10: duplicate code inside the file
    ]
    _url, page = _review(dost, _book(rows))
    html = page.content.decode()
    assert page.status_code == 200
    for expected in (
        "Dòng 5, cột “Tên nhiệm vụ”",
        "Dòng 6, cột “Trạng thái”: “đang ngủ”",
        "Dòng 7, cột “Kinh phí NSNN”: “một tỷ”",
        "Dòng 8, cột “Lĩnh vực”: “999”",
        "Dòng 9, cột “Thời gian kết thúc”",
        "Dòng 10, cột “Mã nhiệm vụ”",
    ):
        assert expected in html, expected
    assert "dòng 4 " in html  # the duplicate names the first row with that code
    counts = {k: page.context["counts"][k] for k in ("create", "update", "refused")}
    assert counts == {"create": 1, "update": 0, "refused": 6}
    assert 'name="action" value="confirm" disabled' in html
    assert not Task.objects.exists()
    # Confirming anyway (a forged POST) is refused and writes nothing either.
    response = dost.post(_url, {"action": "confirm"})
    assert response.status_code == 200 and "Các dòng 5, 6, 7, 8, 9, 10 có lỗi" in response.content.decode()
    assert (
        not Task.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="research.task").exists()
    )


def test_confirm_creates_the_tasks_with_states_regimes_fields_and_budgets(dost, world):  # noqa: F811
    Task.objects.create(
        code="2021-001", title="Nhiệm vụ đã có", method=Method.DIRECT, regime=Regime.PRE_2025,
        ordered_on=dt.date(2021, 1, 1),
    )  # fmt: skip
    response = _confirm(dost, _book(GOOD))
    assert response.status_code == 302 and response["Location"] == reverse("research:task_list")
    tasks = {t.import_key: t for t in Task.objects.exclude(import_key="").prefetch_related("fields")}
    assert set(tasks) == {"2021-001", "2025-007", "DA-03", "2019-004", "2018-002"}

    first = tasks["2021-001"]
    assert first.code != "2021-001" and first.code.startswith("2021-001-")  # the code was taken
    assert first.type == TaskType.TOPIC and first.method == Method.DIRECT
    assert first.state == TaskState.ACCEPTED and first.rating == Rating.PASS
    assert first.regime == Regime.PRE_2025 and first.ordered_on == dt.date(2021, 3, 15)
    assert (first.starts_on, first.ends_on) == (dt.date(2021, 4, 1), dt.date(2023, 3, 31))
    assert first.budget_state == 1_500_000_000 and first.budget_other is None
    assert sorted(f.code for f in first.fields.all()) == ["106", "405"]
    assert {f.scheme.code for f in first.fields.all()} == {"linh-vuc-khcn-2008"}
    assert first.published and first.host is None and first.host_name == "Trường Đại học Cà Mau"

    second = tasks["2025-007"]
    assert second.code == "2025-007"
    assert second.regime == Regime.LAW_2025 and second.state == TaskState.IN_PROGRESS
    assert second.type == TaskType.PILOT and second.method == Method.SELECTION
    assert (second.budget_state, second.budget_other) == (1_500_000_000, 250_000_000)
    assert second.host == world["dost"]  # the registry's agency, by its name

    assert tasks["DA-03"].type == TaskType.SCHEME and tasks["DA-03"].state == TaskState.LIQUIDATED
    assert tasks["DA-03"].rating == Rating.EXCELLENT and [f.code for f in tasks["DA-03"].fields.all()] == [
        "5"
    ]
    assert tasks["2019-004"].type == TaskType.PROJECT and tasks["2019-004"].state == TaskState.REGISTERED
    assert tasks["2019-004"].archive_number == "12/2020/ĐKKQ"
    assert tasks["2018-002"].state == TaskState.TERMINATED

    events = AuditEvent.objects.filter(action=imports.TASK_IMPORTED)
    assert events.count() == 5
    assert events.get(object_id=str(second.pk)).changes["budget_state"] == [None, 1_500_000_000]
    assert AuditEvent.objects.filter(action=imports.TASKS_IMPORTED).count() == 1
    from django.core.management import call_command

    out = io.StringIO()
    call_command("audit_verify", stdout=out)  # the events written in bulk are chained
    assert out.getvalue().startswith("OK: "), out.getvalue()


def test_importing_the_same_file_again_updates_without_duplicates(dost):
    assert _confirm(dost, _book(GOOD)).status_code == 302
    before = {t.import_key: (t.pk, t.code, t.version) for t in Task.objects.all()}
    changed = [list(r) for r in GOOD]
    changed[0][HEADERS.index("Kinh phí NSNN")] = "1.800.000.000"
    changed[0][HEADERS.index("Lĩnh vực")] = "405"

    url, page = _review(dost, _book(changed))
    assert {k: page.context["counts"][k] for k in ("create", "update", "refused")} == {
        "create": 0,
        "update": 5,
        "refused": 0,
    }
    assert dost.post(url, {"action": "confirm"}).status_code == 302
    after = {t.import_key: (t.pk, t.code, t.version) for t in Task.objects.all()}
    assert Task.objects.count() == 5 and {k: v[:2] for k, v in after.items()} == {
        k: v[:2] for k, v in before.items()
    }
    task = Task.objects.get(import_key="2021-001")
    assert task.budget_state == 1_800_000_000 and [f.code for f in task.fields.all()] == ["405"]
    assert after["2021-001"][2] == before["2021-001"][2] + 1 and after["DA-03"] == before["DA-03"]
    update = AuditEvent.objects.get(action=imports.TASK_REIMPORTED)  # the unchanged rows: no event
    assert update.changes["budget_state"] == [1_500_000_000, 1_800_000_000]
    assert update.changes["fields"] == [["106", "405"], ["405"]]


def test_a_file_with_one_bad_row_writes_nothing(dost, world, monkeypatch):  # noqa: F811
    bad = [*GOOD, _row("2020-009", **{"Kinh phí khác": "nhiều"})]
    response = _confirm(dost, _book(bad))
    assert response.status_code == 200 and "Dòng 9" in response.content.decode()
    assert not Task.objects.exists()
    # A failure while writing (here the import's own audit event, after the tasks and theirs)
    # undoes everything written before it.
    sheet = imports.read_workbook(_book(GOOD))
    preview = imports.preview(sheet, imports.guess_mapping(sheet.headers))

    def failing(**kwargs: Any) -> Any:
        assert Task.objects.count() == 5  # the tasks were written
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "record", failing)
    with pytest.raises(RuntimeError):
        imports.task_import(actor=world["specialist"], rows=preview.rows)
    assert not Task.objects.exists() and not AuditEvent.objects.filter(action=imports.TASK_IMPORTED).exists()


def test_only_an_excel_workbook_is_accepted(dost):
    for name, data in (
        ("so-theo-doi.xlsx", b"STT;Ma;Ten\n1;2021-001;Nghien cuu\n"),
        ("quyet-dinh.xlsx", b"%PDF-1.4\n%%EOF\n"),
    ):
        response = _upload(dost, data, name)
        assert response.status_code == 200
        assert "Chỉ nhận" in response.content.decode() or "không được chấp nhận" in response.content.decode()
    assert not Task.objects.exists()


def test_an_applicant_cannot_reach_the_import(world, dost):  # noqa: F811
    url, _page = _review(dost, _book(GOOD))
    applicant = Client()
    applicant.force_login(world["applicant"])
    for target in (
        reverse("research:task_import"),
        url,
        reverse("research:task_import_template"),
    ):
        assert applicant.get(target).status_code in (403, 404)
        assert applicant.post(target, {"action": "confirm"}).status_code in (403, 404)
    response = applicant.post(
        reverse("research:task_import"), {"file": SimpleUploadedFile("a.xlsx", _book(GOOD))}
    )
    assert response.status_code in (403, 404)
    assert not Task.objects.exists()
    assert (
        'data-testid="task-import-link"' not in applicant.get(reverse("research:task_list")).content.decode()
    )
    assert 'data-testid="task-import-link"' in dost.get(reverse("research:task_list")).content.decode()


def test_formulas_are_stored_as_text_never_evaluated(dost):
    formula = '=HYPERLINK("http://vi-du.invalid/x","Bấm vào đây")'
    rows = [_row("2021-010", formula, **{"Chủ nhiệm": "=1+1"})]
    assert _confirm(dost, _book(rows)).status_code == 302
    task = Task.objects.get(import_key="2021-010")
    assert task.title == formula and task.investigator == "=1+1"
    # A formula where a number is expected is not computed: the row is refused.
    _url, page = _review(dost, _book([_row("2021-011", **{"Kinh phí NSNN": "=1000*1000"})]))
    assert "=1000*1000" in page.content.decode() and page.context["counts"]["refused"] == 1


def test_the_template_and_the_column_mapping(dost):
    response = dost.get(reverse("research:task_import_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert any(cell.value == "Mã nhiệm vụ" for row in sheet.iter_rows() for cell in row)
    url, page = _review(dost, response.content)  # the template as it is imports its example
    assert page.context["counts"]["create"] == 1 and page.context["counts"]["refused"] == 0

    # English headers, an amount column in millions; the user corrects a column's meaning.
    headers = ["Code", "Title", "Budget (triệu đồng)", "Year approved", "Status"]
    data = _book([["X-1", "Task one", "1.250", 2015, "in_progress"]], headers=headers)
    url, page = _review(dost, data)
    mapping = page.context["form"].initial or {}
    fields = {name: page.context["form"][name].initial for name in page.context["form"].fields}
    assert fields == {"col-0": "code", "col-1": "title", "col-2": "", "col-3": "year", "col-4": "state"}
    assert mapping == {}
    chosen = {**fields, "col-2": "budget_state", "action": "map"}
    assert dost.post(url, {**chosen, "col-3": "state"}).status_code == 200  # two columns, one meaning
    assert dost.post(url, chosen).status_code == 302
    assert dost.post(url, {"action": "confirm"}).status_code == 302
    task = Task.objects.get(import_key="X-1")
    assert task.budget_state == 1_250_000_000 and task.state == TaskState.IN_PROGRESS
    assert task.ordered_on == dt.date(2015, 1, 1) and task.regime == Regime.PRE_2025


@pytest.mark.parametrize(
    ("text", "unit", "amount"),
    [
        ("1.500.000.000", 1, 1_500_000_000),
        ("1,500,000,000", 1, 1_500_000_000),
        ("1 500 000 000 đồng", 1, 1_500_000_000),
        ("1,5 tỷ", 1, 1_500_000_000),
        ("1 tỷ 200 triệu", 1, 1_200_000_000),
        ("500 triệu đồng", 1, 500_000_000),
        ("1.250", 10**6, 1_250_000_000),
        ("1,25", 10**6, 1_250_000),
        (750_000_000, 1, 750_000_000),
        (1.5, 10**9, 1_500_000_000),
    ],
)
def test_amounts(text, unit, amount):
    assert imports.parse_amount(text, unit) == amount


@pytest.mark.parametrize("text", ["một tỷ", "1.5", "-100", "1.2.3", "12 con gà", "=1000*1000"])
def test_not_amounts(text):
    with pytest.raises(imports.BadValue):
        imports.parse_amount(text)


def test_a_row_with_a_problem_is_refused_by_the_service(world):  # noqa: F811
    sheet = imports.read_workbook(_book([_row("2021-001", "")]))
    preview = imports.preview(sheet, imports.guess_mapping(sheet.headers))
    with pytest.raises(DomainError):
        imports.task_import(actor=world["specialist"], rows=preview.rows)
    with pytest.raises(PermissionDenied):
        imports.task_import(actor=world["applicant"], rows=preview.rows)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_pages_read_in_one_language(dost, settings, language):
    """The preview (with row problems) and the upload page show no string of the other
    language (``khcn.core.language_check``, as ``khcn/site/tests/test_bilingual.py``)."""
    from pathlib import Path

    import django

    from khcn.core.language_check import Catalogues, foreign_strings

    catalogues = Catalogues.load(
        Path(settings.LOCALE_PATHS[0]) / "vi/LC_MESSAGES/django.po",
        [Path(django.__file__).parent / "conf/locale/vi/LC_MESSAGES/django.po"],
    )
    dost.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    upload = dost.get(reverse("research:task_import"))
    assert upload.status_code == 200
    assert not foreign_strings(upload.content.decode(), catalogues, language=language)
    # The preview shows the file's own words (its headers, its cells, quoted in the problems):
    # its interface strings are in the reader's language.
    _url, page = _review(dost, _book([_row("2021-001"), _row("2021-002", "", **{"Trạng thái": "xyz"})]))
    html = page.content.decode()
    english = ("Tasks to create:", "Row 5, column “Tên nhiệm vụ”: the title is missing.", "Apply the columns")
    vietnamese = (
        "Nhiệm vụ sẽ thêm mới:",
        "Dòng 5, cột “Tên nhiệm vụ”: thiếu tên nhiệm vụ.",
        "Áp dụng các cột",
    )
    shown, other = (english, vietnamese) if language == "en" else (vietnamese, english)
    assert all(s in html for s in shown) and not any(s in html for s in other)

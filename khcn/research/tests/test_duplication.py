"""The duplication check over past and ongoing tasks: a proposal's page shows the DOST the tasks
like it ("already done in 2019"), from an index of the tasks kept by a background job and
rebuilt when tasks are written; a dropped task is not offered; the page's queries do not grow
with the number of tasks."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khcn.research import duplication, services
from khcn.research.choices import Method, Regime, TaskState
from khcn.research.models import Proposal, Task
from khcn.research.tests.test_proposals import _draft, world  # noqa: F401  (fixture)
from khcn.research.tests.test_tasks import _ordered
from khcn.research.workflow import PROPOSAL_WORKFLOW

pytestmark = pytest.mark.django_db

SHRIMP = "Nghiên cứu quy trình nuôi tôm càng xanh toàn đực trong ao đất"


def _task(code: str, title: str, *, year: int, state: str = TaskState.REGISTERED, **values) -> Task:
    return Task.objects.create(
        code=code,
        title=title,
        method=Method.SELECTION,
        regime=Regime.PRE_2025,
        state=state,
        ordered_on=dt.date(year, 5, 1),
        host_name="Trung tâm Khuyến nông Cà Mau",
        **values,
    )


def _submitted(world, title: str) -> Proposal:  # noqa: F811
    proposal = _draft(world, title=title)
    PROPOSAL_WORKFLOW.apply("submit", actor=world["applicant"], obj=proposal)
    return proposal


def _page(world, proposal: Proposal) -> str:  # noqa: F811
    dost = Client()
    dost.force_login(world["specialist"])
    response = dost.get(reverse("research:proposal_detail", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_proposal_shows_a_matching_task_of_2019_as_already_done(world):  # noqa: F811
    done = _task("2019-004", SHRIMP, year=2019)
    ongoing = _task(
        "2024-002", "Nuôi tôm càng xanh toàn đực kết hợp trồng lúa", year=2024, state=TaskState.IN_PROGRESS
    )
    unrelated = _task("2020-001", "Đánh giá thực trạng sốt xuất huyết tại Cà Mau", year=2020)
    proposal = _submitted(world, "Nuoi tom cang xanh toan duc trong ao dat")  # typed without diacritics

    found = duplication.similar(proposal)
    assert [s.obj.pk for s in found if s.is_task][:2] == [done.pk, ongoing.pk]
    assert found[0].done and found[0].year == 2019 and found[0].score > 0.5
    assert unrelated.pk not in [s.obj.pk for s in found if s.is_task]
    page = _page(world, proposal)
    block = page[page.index('data-testid="proposal-similar"') :]
    assert "Đã thực hiện năm 2019" in block and "2019-004" in block
    assert reverse("research:task_detail", args=[done.pk]) in block
    assert "Đặt hàng năm 2024" in block and "Trung tâm Khuyến nông Cà Mau" in block
    assert unrelated.title not in block
    # The proposer sees no duplication check.
    mine = Client()
    mine.force_login(world["applicant"])
    own = mine.get(reverse("research:proposal_detail", args=[proposal.pk])).content.decode()
    assert 'data-testid="proposal-similar"' not in own and "2019-004" not in own


def test_the_text_of_a_task_is_its_proposal_objectives(world):  # noqa: F811
    earlier = _submitted(world, "Đề tài cấp tỉnh số 7")  # a title that says nothing
    Proposal.objects.filter(pk=earlier.pk).update(
        objectives="Hoàn thiện quy trình sản xuất giống cua biển sạch bệnh quy mô nông hộ"
    )
    task = _task("2018-007", "Đề tài cấp tỉnh số 7", year=2018, proposal=earlier)
    new = _submitted(world, "Sản xuất giống cua biển sạch bệnh")
    Proposal.objects.filter(pk=new.pk).update(objectives="Quy trình sản xuất giống cua biển sạch bệnh")
    new.refresh_from_db()
    found = duplication.similar(new)
    assert [s.obj.pk for s in found if s.is_task] == [task.pk]
    # The proposal that became the task is shown as the task, not twice.
    assert earlier.pk not in [s.obj.pk for s in found if not s.is_task]


def test_the_index_is_rebuilt_in_the_background_after_a_new_task_is_ordered(
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    proposal = _submitted(world, "Nghiên cứu nhiệm vụ số 1 về nuôi tôm")
    assert not [s for s in duplication.similar(proposal) if s.is_task]  # built: no task yet
    first, second = _ordered(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.order_list_approve(
            actor=world["specialist"],
            call=world["call"],
            number="12/QĐ-UBND",
            decided_on=dt.date(2026, 3, 1),
            methods={first.pk: Method.SELECTION, second.pk: Method.DIRECT},
        )
    assert duplication.similarity_refresh in callbacks
    # Rebuilt by the job for the tasks as they are now: the page only reads it.
    stamp = duplication.tasks_stamp()
    assert isinstance(cache.get(duplication._key(stamp)), duplication.TaskIndex)

    def no_build() -> None:
        raise AssertionError("the page must not build the index of the tasks")

    monkeypatch.setattr(duplication, "index_build", no_build)
    found = duplication.similar(proposal)
    codes = [s.obj.code for s in found if s.is_task]
    assert codes[0] == Task.objects.get(proposal=first).code
    page = _page(world, proposal)
    assert Task.objects.get(proposal=first).code in page


def test_a_task_the_dost_dropped_is_not_offered(world):  # noqa: F811
    dropped = _task("2021-003", SHRIMP, year=2021, state=TaskState.CALL_OPEN)
    proposal = _submitted(world, SHRIMP)
    assert [s.obj.pk for s in duplication.similar(proposal) if s.is_task] == [dropped.pk]
    Task.objects.filter(pk=dropped.pk).update(state=TaskState.DROPPED)
    assert not [s for s in duplication.similar(proposal) if s.is_task]
    assert "2021-003" not in _page(world, proposal)
    # Not even from an index built while it was still open (its rebuild not yet done).
    stale = duplication.SimilarityIndex.build([(dropped.pk, SHRIMP, "")])
    duplication._keep(duplication.TaskIndex(duplication.tasks_stamp(), stale, 0.0, 0.0))
    cache.set(duplication.LATEST_KEY, (duplication.tasks_stamp(), 0.0))
    assert not [s for s in duplication.similar(proposal) if s.is_task]


def test_the_page_runs_as_many_queries_whatever_the_number_of_tasks(world):  # noqa: F811
    _task("2019-001", SHRIMP, year=2019)
    proposal = _submitted(world, SHRIMP)

    def count() -> int:
        _page(world, proposal)  # the first view after a change builds the index (immediate backend)
        with CaptureQueriesContext(connection) as queries:
            _page(world, proposal)
        return len(queries)

    few = count()
    Task.objects.bulk_create(
        Task(
            code=f"2015-{n:03d}",
            title=f"{SHRIMP} giai đoạn {n}",
            method=Method.SELECTION,
            regime=Regime.PRE_2025,
            state=TaskState.CLOSED,
            ordered_on=dt.date(2015, 1, 1),
        )
        for n in range(1, 41)
    )
    assert count() == few


def test_the_rebuild_command(world):  # noqa: F811
    _task("2019-001", SHRIMP, year=2019)
    _task("2019-002", "Bỏ dở", year=2019, state=TaskState.DROPPED)
    out = io.StringIO()
    call_command("research_similarity_rebuild", stdout=out)
    assert "1 tasks indexed" in out.getvalue()
    assert len(cache.get(duplication._key(duplication.tasks_stamp())).index) == 1

"""The duplication check over past and ongoing tasks, with its index kept out of the request.

A proposal's page (the DOST's only) lists the past and ongoing tasks and the other proposals
most like it (``similar``). The index of the tasks (``khcn.research.similarity``: every task
but those dropped for want of a host; each by its title and the selected application's
objectives, else its proposal's) takes seconds to build at 20,000 tasks, so it is built by a
background job (``khcn.research.tasks.similarity_rebuild``) and kept:

- in Django's cache under a key holding the tasks' *stamp* — the newest task's id (one query,
  read with the page from the primary key's index) and a generation that
  ``similarity_refresh`` raises — so that an index is not used once tasks were added, whatever
  the cache backend and however many processes share it (ADR 0006);
- and in the process's memory once read (``_LOCAL``), so a page unpickles it once per change
  of the tasks, not once per request (the local-memory cache pickles on every read).

The page only queries: the stamp, the index from memory or the cache, the hits' tasks (one
query for at most ``limit`` rows: their state, host and code are read fresh, and a task since
dropped is left out). When the index for the current stamp is missing, the page uses the last
index this process or the cache has (``stale``) while it is rebuilt: by a ``db_worker`` into
the cache when the cache is shared between processes (Redis, database or file cache), else by
a thread of this process (the default ``LocMemCache`` is per process: what a worker builds
would stay in the worker). Only when there is none at all — the first page after a process
starts, with a per-process cache — or with the immediate task backend (tests, pilots) is it
built on demand, in the request.

``similarity_refresh()`` asks for a rebuild after a write: ``order_list_approve`` calls it on
commit, and so should any code that writes tasks (the Excel import): it raises the generation
(so a change that adds no task, an edited title, is seen — in every process with a shared
cache, in the writing one otherwise) and enqueues the job.

The few proposals are indexed per request (a few hundred a year).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Max

from khcn.research.choices import ACCEPTED_STATES, ApplicationStatus, ProposalStatus, TaskState
from khcn.research.models import Application, Proposal, Task
from khcn.research.similarity import SimilarityIndex

__all__ = [
    "CACHE_KEY",
    "Similar",
    "TaskIndex",
    "index_build",
    "similar",
    "similarity_refresh",
    "task_index",
    "tasks_stamp",
]

logger = logging.getLogger(__name__)

CACHE_KEY = "khcn:research:similarity:tasks"
LATEST_KEY = CACHE_KEY + ":latest"
GENERATION_KEY = CACHE_KEY + ":generation"
# What a cached index lives (a change of the tasks makes a new key; old ones age out).
CACHE_SECONDS = 7 * 24 * 3600
# How long a page waits before asking again for a rebuild that was asked for and not done.
BUILDING_SECONDS = 600

# A task past selection is described by the selected application.
_SELECTED = ApplicationStatus.SELECTED


@dataclass(frozen=True, slots=True)
class TaskIndex:
    """The index of the tasks for one stamp."""

    stamp: tuple[int, ...]
    index: SimilarityIndex
    built_at: float
    seconds: float


@dataclass(frozen=True, slots=True)
class Similar:
    """One similar task or proposal: ``kind`` is ``"task"`` or ``"proposal"``; ``obj`` the
    row (a task with its host, a proposal with its call); its score 0..1 and the shared terms."""

    kind: str
    obj: Any
    score: float
    terms: tuple[str, ...]

    @property
    def is_task(self) -> bool:
        return self.kind == "task"

    @property
    def year(self) -> int:
        return int(self.obj.ordered_on.year if self.is_task else self.obj.call.year)

    @property
    def done(self) -> bool:
        """A task whose results exist (accepted and after): "already done in <year>"."""
        return self.is_task and self.obj.state in ACCEPTED_STATES


# --- The stamp and the build -------------------------------------------------------------------


def tasks_stamp() -> tuple[int, ...]:
    """What the index is built for: the newest task's id (one query, read from the primary
    key's index: a task added moves it) and the generation ``similarity_refresh`` raises (a
    task edited, imported). A task deleted or dropped needs neither: the hits are read from
    the database, without it."""
    last = Task.objects.aggregate(last=Max("pk"))["last"]
    return int(last or 0), int(cache.get(GENERATION_KEY) or 0)


def _documents() -> list[tuple[int, str, str]]:
    """``(id, title, text)`` of every task but the dropped ones (two queries)."""
    selected = dict(
        Application.objects.filter(status=_SELECTED)
        .exclude(objectives="")
        .order_by("task_id", "pk")
        .values_list("task_id", "objectives")
    )
    rows = (
        Task.objects.exclude(state=TaskState.DROPPED)
        .order_by("pk")
        .values_list("pk", "title", "proposal__objectives")
    )
    return [
        (pk, title, selected.get(pk) or objectives or "") for pk, title, objectives in rows.iterator(2000)
    ]


def index_build() -> TaskIndex:
    """Build the index of the tasks as they are now and keep it (the cache and this process)."""
    stamp = tasks_stamp()
    start = time.perf_counter()
    index = SimilarityIndex.build(_documents())
    built = TaskIndex(stamp, index, time.time(), round(time.perf_counter() - start, 3))
    _keep(built)
    cache.set(_key(stamp), built, CACHE_SECONDS)
    cache.set(LATEST_KEY, (stamp, built.built_at), CACHE_SECONDS)
    cache.delete(_key(stamp) + ":building")
    logger.info("similarity index of %s tasks built in %.1f s", len(index), built.seconds)
    return built


def similarity_refresh() -> None:
    """Ask for the index of the tasks to be rebuilt (a background job; at once with the
    immediate backend). Call it after writing tasks, on commit:
    ``transaction.on_commit(similarity_refresh)``."""
    from khcn.research.tasks import similarity_rebuild

    if not cache.add(GENERATION_KEY, 1, None):
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # evicted meanwhile
            cache.set(GENERATION_KEY, 1, None)
    if _immediate() or _shared_cache():
        similarity_rebuild.enqueue()
    # Else the next page of each process rebuilds it there (``task_index``).


# --- Reading it --------------------------------------------------------------------------------

_LOCAL: dict[str, TaskIndex] = {}
_LOCK = threading.Lock()


def _key(stamp: tuple[int, ...]) -> str:
    return CACHE_KEY + ":" + "-".join(map(str, stamp))


def _keep(built: TaskIndex) -> None:
    with _LOCK:
        _LOCAL["index"] = built


def _immediate() -> bool:
    from django_tasks.backends.immediate import ImmediateBackend

    from khcn.research.tasks import similarity_rebuild

    return isinstance(similarity_rebuild.get_backend(), ImmediateBackend)


def task_index(stamp: tuple[int, ...] | None = None) -> tuple[TaskIndex, bool]:
    """The index of the tasks and whether it is stale (built for other tasks than the current
    ones: a rebuild has been asked for). No query but the stamp, unless it must be built."""
    stamp = tasks_stamp() if stamp is None else stamp
    latest = cache.get(LATEST_KEY)
    local = _LOCAL.get("index")
    # The copy in memory serves while the cache says it is the latest (a cleared cache, a
    # rebuild asked for by ``similarity_refresh``, drop it).
    if local is not None and local.stamp == stamp and latest == (stamp, local.built_at):
        return local, False
    found = cache.get(_key(stamp))
    if isinstance(found, TaskIndex):
        _keep(found)
        if latest != (stamp, found.built_at):
            cache.set(LATEST_KEY, (stamp, found.built_at), CACHE_SECONDS)
        return found, False
    # Missing. With the immediate backend the job would run here anyway: build it.
    if _immediate():
        return index_build(), False
    stale = local or _latest(latest)
    if stale is None:  # nothing to show meanwhile (a process just started, its cache empty)
        return index_build(), False
    if cache.add(_key(stamp) + ":building", 1, BUILDING_SECONDS):
        if _shared_cache():
            _enqueue()  # a worker builds it into the shared cache
        else:  # what a worker builds would stay in its own memory: build it in this process
            threading.Thread(target=_build_here, daemon=True).start()
    return stale, True


def _enqueue() -> None:
    from khcn.research.tasks import similarity_rebuild

    try:
        similarity_rebuild.enqueue()
    except Exception:  # the queue is down: the page still answers
        logger.exception("could not enqueue the rebuild of the similarity index")


def _build_here() -> None:
    from django.db import connection

    try:
        index_build()
    except Exception:
        logger.exception("could not rebuild the similarity index")
    finally:
        connection.close()


def _shared_cache() -> bool:
    from django.core.cache import DEFAULT_CACHE_ALIAS, caches
    from django.core.cache.backends.dummy import DummyCache
    from django.core.cache.backends.locmem import LocMemCache

    return not isinstance(caches[DEFAULT_CACHE_ALIAS], (LocMemCache, DummyCache))


def _latest(latest: Any) -> TaskIndex | None:
    found = cache.get(_key(latest[0])) if latest else None
    if isinstance(found, TaskIndex):
        _keep(found)
        return found
    return None


PROPOSALS_KEY = "khcn:research:similarity:proposals"


# Below this many proposals the index is built in the request without the proposal asked about:
# in a small collection its own words would count as common (TF-IDF) and hide its duplicates.
SMALL_COLLECTION = 100


def _proposal_index(proposal: Proposal) -> SimilarityIndex:
    """The index of the proposals but drafts (a few hundred a year). A small collection is
    indexed in the request without ``proposal`` (a fraction of a second); a larger one is built
    when it changes and kept in the cache under a digest of its texts, ``proposal`` among them
    (one query reads them)."""
    rows = list(
        Proposal.objects.exclude(status=ProposalStatus.DRAFT)
        .order_by("pk")
        .values_list("pk", "title", "objectives")
    )
    if len(rows) <= SMALL_COLLECTION:
        return SimilarityIndex.build([row for row in rows if row[0] != proposal.pk])
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:32]
    key = f"{PROPOSALS_KEY}:{digest}"
    index = cache.get(key)
    if not isinstance(index, SimilarityIndex):
        index = SimilarityIndex.build(rows)
        cache.set(key, index, CACHE_SECONDS)
    return index


def similar(proposal: Proposal, *, limit: int = 8) -> list[Similar]:
    """The past and ongoing tasks and the other proposals most like ``proposal``, best first
    (the duplication check; the DOST's only — the view asks the policy). A proposal that
    became a task is shown as the task; the proposal's own task is left out. A fixed number
    of queries whatever the number of tasks."""
    built, _stale = task_index()
    hits = built.index.query(proposal.title, proposal.objectives, k=limit + 1)
    scores = {hit.id: hit for hit in hits}
    tasks = (
        {
            t.pk: t
            for t in Task.objects.filter(pk__in=list(scores))
            .exclude(state=TaskState.DROPPED)
            .exclude(proposal_id=proposal.pk)
            .select_related("host")
            .only(
                "pk",
                "code",
                "title",
                "state",
                "ordered_on",
                "host_name",
                "proposal_id",
                "host__name",
                "host__id",
            )
        }
        if scores
        else {}
    )
    out = [Similar("task", tasks[hit.id], hit.score, hit.terms) for hit in hits if hit.id in tasks]
    index = _proposal_index(proposal)
    found = index.query(proposal.title, proposal.objectives, k=limit + 1) if len(index) else []
    if found:
        # Read fresh: a proposal since made a task is shown as the task, a withdrawn one as such.
        others = {
            p.pk: p
            for p in Proposal.objects.filter(pk__in=[hit.id for hit in found], task__isnull=True)
            .exclude(pk=proposal.pk)
            .exclude(status=ProposalStatus.DRAFT)
            .select_related("call")
            .only("pk", "title", "status", "call__year", "call__title")
        }
        out += [
            Similar("proposal", others[hit.id], hit.score, hit.terms) for hit in found if hit.id in others
        ]
    out.sort(key=lambda s: (-s.score, not s.is_task, s.obj.pk))
    return out[:limit]

"""Drafts of a task's decisions as Word documents (``khcn.research.exports``): the DOST
downloads one, edits it and sends it for signature."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.exports.responses import docx_response
from khcn.research import exports, selectors
from khcn.research.permissions import task_policy


@guarded_by(task_policy)
@login_required
def task_draft(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    """The draft of ``kind`` for the task, in the Decree 30 layout: the DOST only; 404 for a
    draft the task's state does not offer (no approval before a host is selected)."""
    task = selectors.task_get(user=request.user, pk=pk)
    task_policy.require(request.user, "manage", task)
    if kind not in dict(exports.drafts_available(task)):
        raise Http404
    return docx_response(exports.draft_docx(task, kind), exports.filename(task, kind))

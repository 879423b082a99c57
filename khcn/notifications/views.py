"""The inbox: one's notifications (newest first, unread in bold), opening one (marks it read
and goes to its link on this site), marking them all read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.views_helpers import paginate
from khcn.notifications import selectors, services
from khcn.notifications.permissions import notification_policy


@guarded_by(notification_policy)
@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    page = paginate(request, selectors.notification_list(user=request.user))
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "any_unread": any(n.read_at is None for n in page)},
    )


@guarded_by(notification_policy)
@login_required
def notification_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark the notification read and follow its link (a path on this site only; otherwise,
    or without one, back to the inbox)."""
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_read(actor=request.user, notification=notification)
    return redirect(services.safe_url(notification.url) or "notifications:notification_list")


@guarded_by(notification_policy)
@login_required
@require_POST
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    count = services.notifications_read_all(actor=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:notification_list")

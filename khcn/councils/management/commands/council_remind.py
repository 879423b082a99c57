"""Remind council members of the sheets they still owe (meant for cron, e.g. hourly).

For every council in session, each present member with an account who has items without a
submitted sheet (``selectors.missing_sheets``) is notified (inbox and e-mail); with ``--days N``
also every seated member with an account of the councils whose session is scheduled within N
days. Each member is reminded at most once a calendar day per council, however often cron runs:
the command looks for the reminder already sent today. ``--dry-run`` says who would be
reminded and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop, ngettext

from khcn.councils import selectors
from khcn.councils.choices import CouncilStatus
from khcn.councils.models import Council, CouncilMember
from khcn.notifications.models import Notification
from khcn.notifications.services import notify

MISSING = "councils.sheets_missing"
UPCOMING = "councils.session_upcoming"


def _start_of_today() -> dt.datetime:
    today = timezone.localdate()
    return timezone.make_aware(dt.datetime.combine(today, dt.time.min))


def _already_today(user_ids: list[int], code: str, url: str) -> set[int]:
    """Those of ``user_ids`` who got the ``code`` reminder about ``url`` since midnight."""
    return set(
        Notification.objects.filter(
            recipient_id__in=user_ids, code=code, url=url, created_at__gte=_start_of_today()
        ).values_list("recipient_id", flat=True)
    )


class Command(BaseCommand):
    help = (
        "Remind the present members of councils in session of the sheets they have not submitted "
        "(and, with --days, the members of councils meeting soon); at most once a day each."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=0,
            help="also remind the members of councils whose session is scheduled within this many days",
        )
        parser.add_argument("--dry-run", action="store_true", help="say who would be reminded; write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        days: int = max(0, options["days"])
        sent = 0
        for council in Council.objects.filter(status=CouncilStatus.IN_SESSION).order_by("pk"):
            sent += self._in_session(council, dry_run)
        if days:
            now = timezone.now()
            soon = Council.objects.filter(
                status=CouncilStatus.SCHEDULED,
                sessions__closed_at__isnull=True,
                sessions__scheduled_at__gte=now,
                sessions__scheduled_at__lte=now + dt.timedelta(days=days),
            ).distinct()
            for council in soon.order_by("pk"):
                sent += self._upcoming(council, dry_run)
        if dry_run:
            summary = ngettext(
                "%(count)d reminder would be sent (dry run: nothing written).",
                "%(count)d reminders would be sent (dry run: nothing written).",
                sent,
            )
        else:
            summary = ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", sent)
        self.stdout.write(summary % {"count": sent})

    def _send(
        self,
        council: Council,
        members: list[CouncilMember],
        *,
        code: str,
        dry_run: bool,
        subject: str,
        body: str,
        params_of: Callable[[CouncilMember], dict[str, Any]],
    ) -> int:
        """Notify each of ``members`` with an active account not reminded today; how many."""
        url = reverse("councils:council_detail", args=[council.pk])
        users = {m.user_id: m for m in members if m.user is not None and m.user.is_active}
        done = _already_today([pk for pk in users if pk is not None], code, url)
        due = [m for pk, m in users.items() if pk not in done]
        for member in due:
            self.stdout.write(f"{council.name}: {member.full_name}")
            if not dry_run:
                notify(
                    recipients=[member.user],
                    subject=subject,
                    body=body,
                    url=url,
                    code=code,
                    params={"council": council.name, **params_of(member)},
                )
        return len(due)

    def _in_session(self, council: Council, dry_run: bool) -> int:
        session = selectors.current_session(council)
        if session is None:
            return 0
        missing = selectors.missing_sheets(council, session)
        if not missing:
            return 0
        total = council.items.count()
        members = list(CouncilMember.objects.filter(pk__in=missing).select_related("user").order_by("pk"))
        return self._send(
            council,
            members,
            code=MISSING,
            dry_run=dry_run,
            subject=gettext_noop("Reminder: your sheets for the council %(council)s"),
            body=gettext_noop(
                "Items still without your submitted sheet: %(count)s of %(total)s. Submit them on the "
                "council's page before the session closes."
            ),
            params_of=lambda m: {"count": missing[m.pk], "total": total},
        )

    def _upcoming(self, council: Council, dry_run: bool) -> int:
        session = selectors.current_session(council)
        if session is None:
            return 0
        local = timezone.localtime(session.scheduled_at)
        items = council.items.count()
        members = list(
            council.members.filter(removed_on__isnull=True, user__isnull=False)
            .select_related("user")
            .order_by("pk")
        )
        return self._send(
            council,
            members,
            code=UPCOMING,
            dry_run=dry_run,
            subject=gettext_noop("Reminder: the council %(council)s meets on %(date)s"),
            body=gettext_noop(
                "The session is on %(date)s at %(time)s. Items to evaluate: %(count)s. Once it opens, "
                "sign your declarations and submit your sheets on the council's page."
            ),
            params_of=lambda m: {
                "date": local.strftime("%d/%m/%Y"),
                "time": local.strftime("%H:%M"),
                "count": items,
            },
        )

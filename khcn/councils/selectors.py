"""Reads of the councils app, each restricted by ``council_policy``: the councils a user may
see, one council with its members, items and sessions, a member's sheets, the home blocks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khcn.accounts.models import User
from khcn.core.exceptions import DomainError
from khcn.core.rules import rule_get
from khcn.councils import rules as council_rules
from khcn.councils import tally as tallying
from khcn.councils.choices import CouncilStatus, SheetStatus
from khcn.councils.models import Council, CouncilItem, CouncilMember, CouncilSession, Sheet
from khcn.councils.permissions import council_policy


def council_list(*, user: User, status: str = "") -> QuerySet[Council]:
    qs = council_policy.visible(user, Council.objects.select_related("organization"))
    if status in CouncilStatus.values:
        qs = qs.filter(status=status)
    return qs.annotate(seated=Count("members", filter=Q(members__removed_on__isnull=True))).order_by(
        "-established_on", "name"
    )


def council_get(*, user: User, pk: int) -> Council:
    council_policy.require(user, "view")
    return get_object_or_404(
        council_policy.visible(user, Council.objects.select_related("organization")).prefetch_related(
            Prefetch("members", queryset=CouncilMember.objects.select_related("user").order_by("pk")),
            Prefetch("items", queryset=CouncilItem.objects.order_by("pk")),
        ),
        pk=pk,
    )


def current_session(council: Council) -> CouncilSession | None:
    return council.sessions.prefetch_related("attendance").order_by("-number").first()


def seat_of(user: User, council: Council) -> CouncilMember | None:
    return next((m for m in council.members.all() if m.user_id == user.pk and m.removed_on is None), None)


def criteria(council: Council) -> list[dict[str, Any]]:
    """The rubric's criteria in force for the council (number, name, maximum), or []."""
    if not council.rubric:
        return []
    rubrics = rule_get(council_rules.RUBRICS, as_of=council.established_on or timezone.localdate())
    rubric = rubrics.get(council.rubric) or {}
    return [
        {"number": str(n), "name": c.get("name", ""), "max": c.get("max")}
        for n, c in sorted((rubric.get("criteria") or {}).items(), key=lambda kv: int(kv[0]))
    ]


def method_of(council: Council) -> str:
    return method_of_kind(council.kind, council.established_on)


def method_of_kind(kind: str, on: dt.date | None = None) -> str:
    """How a council of ``kind`` decides on ``on`` (today by default): scores, ratings or votes."""
    rules = rule_get(council_rules.code_of(kind), as_of=on or timezone.localdate())
    return str(rules.get("method") or "")


def rubric_choices(on: dt.date | None = None) -> list[tuple[str, str]]:
    """The score-sheet rubrics in force on ``on``, as (code, name) for a form."""
    rubrics = rule_get(council_rules.RUBRICS, as_of=on or timezone.localdate())
    return [(code, str(council_rules.rubric_label(code))) for code in rubrics]


def parties_of(item: CouncilItem) -> dict[str, list[Any]]:
    """An item's parties as ``expert_conflicts`` takes them."""
    parties = item.parties or {}
    return {
        "organizations": [int(o) for o in parties.get("organizations", []) if str(o).isdigit()],
        "organization_names": [str(n) for n in parties.get("organization_names", [])],
        "people": [str(p) for p in parties.get("people", [])],
    }


def seat_conflicts(
    council: Council, expert_ids: list[int], on: dt.date | None = None
) -> dict[int, list[str]]:
    """For each expert, why they should not sit on ``council``: a conflict with one of its items
    ("item: reason") or an active sanction, from the registries on ``on`` (today by default).
    The check before seating; each member declares again per item before their sheet opens."""
    from khcn.experts.selectors import expert_conflicts

    on = on or timezone.localdate()
    out: dict[int, list[str]] = {}
    items = list(council.items.all())
    for expert_id, reasons in expert_conflicts(expert_ids, as_of=on).items():  # sanctions
        out.setdefault(expert_id, []).extend(reasons)
    for item in items:
        for expert_id, reasons in expert_conflicts(expert_ids, as_of=on, **parties_of(item)).items():
            known = set(out.get(expert_id, []))
            out.setdefault(expert_id, []).extend(f"{item.title[:80]}: {r}" for r in reasons if r not in known)
    return out


@dataclass(frozen=True)
class SheetToFill:
    council: Council
    item: CouncilItem
    member: CouncilMember
    sheet: Sheet | None

    @property
    def submitted(self) -> bool:
        return self.sheet is not None and self.sheet.status == SheetStatus.SUBMITTED


def sheets_of(*, user: User) -> list[SheetToFill]:
    """For each council in session where the user sits, each item with the user's sheet (or
    none yet). Three queries whatever the number of councils."""
    seats = list(
        CouncilMember.objects.filter(
            user=user, removed_on__isnull=True, council__status=CouncilStatus.IN_SESSION
        )
        .select_related("council")
        .order_by("council__name")
    )
    if not seats:
        return []
    councils = {s.council_id for s in seats}
    items = list(CouncilItem.objects.filter(council_id__in=councils).order_by("pk"))
    sheets = {
        (s.item_id, s.member_id): s
        for s in Sheet.objects.filter(member__in=seats, session__closed_at__isnull=True).select_related(
            "session"
        )
    }
    out = []
    for seat in seats:
        for item in items:
            if item.council_id == seat.council_id:
                out.append(SheetToFill(seat.council, item, seat, sheets.get((item.pk, seat.pk))))
    return out


def missing_sheets(council: Council, session: CouncilSession) -> dict[int, int]:
    """For each present member (by seat id), the number of items without a submitted sheet."""
    present = [a.member_id for a in session.attendance.all() if a.present]
    items = council.items.count()
    done = Counter(
        session.sheets.filter(status=SheetStatus.SUBMITTED, member_id__in=present).values_list(
            "member_id", flat=True
        )
    )
    return {pk: items - done.get(pk, 0) for pk in present if items - done.get(pk, 0) > 0}


# --- Home blocks ----------------------------------------------------------------------------------


def home_member(*, user: User) -> dict[str, Any] | None:
    sheets = sheets_of(user=user)
    if not sheets:
        return None
    return {"sheets": sheets, "to_fill": sum(1 for s in sheets if not s.submitted)}


def home_runs(*, user: User) -> dict[str, Any] | None:
    """Councils the user runs as secretary (not the DOST's whole list): sessions to hold."""
    if council_policy.is_dost(user) or council_policy.is_sysadmin(user):
        return None
    councils = list(
        council_policy.visible(user, Council.objects.all(), "run")
        .filter(status__in=(CouncilStatus.SCHEDULED, CouncilStatus.IN_SESSION))
        .order_by("name")
    )
    return {"councils": councils} if councils else None


def home_dost(*, user: User) -> dict[str, Any] | None:
    counts = Counter(
        council_policy.visible(user, Council.objects.all(), "manage").values_list("status", flat=True)
    )
    if not counts:
        return None
    return {"counts": [(status, label, counts.get(status, 0)) for status, label in CouncilStatus.choices]}


# --- The tally ------------------------------------------------------------------------------------


def session_input(council: Council, session: CouncilSession) -> tallying.Session:
    """The tally's input from the database: members with attendance, submitted sheets."""
    present = {a.member_id: a.present for a in session.attendance.all()}
    members = [
        tallying.Member(str(m.pk), m.role, present=present.get(m.pk, False), name=m.full_name)
        for m in council.members.filter(removed_on__isnull=True)
    ]
    seated = {m.id for m in members}
    items = []
    for item in council.items.order_by("pk"):
        sheets = []
        for sheet in session.sheets.filter(item=item, status=SheetStatus.SUBMITTED).order_by("pk"):
            if str(sheet.member_id) not in seated:
                continue
            sheets.append(
                tallying.Sheet(
                    str(sheet.member_id),
                    scores={int(k): Decimal(v) for k, v in sheet.scores.items()} if sheet.scores else None,
                    rating=sheet.rating or None,
                    vote=sheet.vote or None,
                )
            )
        items.append(tallying.Item(str(item.pk), sheets))
    as_of = council.established_on or timezone.localdate()
    return tallying.Session(council.kind, as_of, members, items, council.rubric or None)


def tally_reasons(council: Council, session: CouncilSession) -> dict[str, list[str]]:
    """The tally's reasons per item (by id) in the reader's language: the stored tally keeps
    them in the language of whoever closed the session, so the session is tallied again from
    its sheets, and kept only where it agrees with the stored tally (else the stored reasons
    stand)."""
    stored = {str(e.get("id")): e for e in (session.tally or {}).get("items", [])}
    if not stored:
        return {}
    try:
        fresh = tallying.tally_session(session_input(council, session)).as_data()
    except DomainError:
        return {}
    out: dict[str, list[str]] = {}
    for entry in fresh.get("items", []):
        old = stored.get(str(entry["id"]))
        same = old is not None and all(
            entry.get(k) == old.get(k)
            for k in ("passed", "initial_mean", "final_mean", "rating", "valid_members")
        )
        if same:
            out[str(entry["id"])] = [str(r) for r in entry.get("reasons", [])]
    return out

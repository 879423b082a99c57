"""Writes of the councils app, each atomic, checked by ``council_policy`` and audited: create a
council, seat and remove members, hand it items, its lifecycle (``COUNCIL_WORKFLOW``), a
session's attendance, the members' sheets (saved, submitted and locked; a paper sheet
transcribed by the secretary) and the tally when the session closes, whose outcome goes back to
the module that handed the item (``khcn.councils.registry``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from khcn.accounts.models import User
from khcn.audit import registry as audit
from khcn.audit.services import record
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.rules import rule_get
from khcn.core.text import clean
from khcn.core.uploads import check_upload
from khcn.councils import registry, selectors
from khcn.councils import rules as council_rules
from khcn.councils import tally as tallying
from khcn.councils.choices import CouncilKind, CouncilStatus, MemberRole, SheetStatus
from khcn.councils.models import (
    Attendance,
    Council,
    CouncilItem,
    CouncilMember,
    CouncilSession,
    Declaration,
    Sheet,
    file_path,
)
from khcn.councils.permissions import council_policy
from khcn.councils.workflow import COUNCIL_WORKFLOW
from khcn.notifications.services import notify
from khcn.organizations.models import Organization

COUNCIL_CREATED = audit.register("councils.council.created", gettext_lazy("Council created"))
MEMBER_ADDED = audit.register("councils.council.member_added", gettext_lazy("Member added"))
MEMBER_REMOVED = audit.register("councils.council.member_removed", gettext_lazy("Member removed"))
ITEM_ADDED = audit.register("councils.council.item_added", gettext_lazy("Item handed to the council"))
ITEM_REMOVED = audit.register(
    "councils.council.item_removed", gettext_lazy("Item taken off the council's list")
)
COUNCIL_EDITED = audit.register("councils.council.edited", gettext_lazy("Council corrected"))
MINUTES_SAVED = audit.register("councils.session.minutes", gettext_lazy("Minutes written"))
DECISION_RECORDED = audit.register("councils.council.decision_recorded", gettext_lazy("Decision recorded"))
SESSION_SCHEDULED = audit.register("councils.session.scheduled", gettext_lazy("Session scheduled"))
ATTENDANCE_SET = audit.register("councils.session.attendance", gettext_lazy("Attendance recorded"))
SHEET_SAVED = audit.register("councils.sheet.saved", gettext_lazy("Sheet saved"))
SHEET_SUBMITTED = audit.register("councils.sheet.submitted", gettext_lazy("Sheet submitted"))
TALLIED = audit.register("councils.session.tallied", gettext_lazy("Session tallied"))
DECLARED = audit.register(
    "councils.declaration.signed", gettext_lazy("Declaration on conflicts of interest signed")
)
BLOCKED = audit.register("councils.declaration.blocked", gettext_lazy("Blocked by a conflict of interest"))
OVERRIDDEN = audit.register(
    "councils.declaration.overridden", gettext_lazy("Conflict-of-interest block lifted")
)

EDITABLE = (CouncilStatus.DRAFT, CouncilStatus.PROPOSED)
MAX_FILE_BYTES = 20 * 1024 * 1024

# How the council's history reads: keys that are not its fields, codes by their label.
audit.describe(
    Council,
    fields={
        "attendance": gettext_lazy("attendance"),
        "role": gettext_lazy("role in the council"),
        "sheets": gettext_lazy("sheets"),
        "tally": gettext_lazy("tally"),
        "sessions": gettext_lazy("session"),
        "minutes": gettext_lazy("minutes"),
        "declarations": gettext_lazy("declarations"),
    },
    values={
        "role": dict(MemberRole.choices),
        "kind": dict(CouncilKind.choices),
        "status": dict(CouncilStatus.choices),
    },
)


def _locked(council: Council) -> Council:
    return Council.objects.select_for_update().get(pk=council.pk)


def _tell(council: Council, users: list[Any], *, subject: str, body: str, code: str, **params: Any) -> None:
    """Notify ``users`` (khcn.notifications) about ``council``, linking to its page. ``subject``
    and ``body`` are msgids (``gettext_noop``): each reader gets them in their own language."""
    notify(
        recipients=users,
        subject=subject,
        body=body,
        url=reverse("councils:council_detail", args=[council.pk]),
        code=code,
        params={"council": council.name, **params},
    )


def _seated_users(council: Council) -> list[Any]:
    """The accounts of the council's seated members (members without an account are told on paper)."""
    seats = council.members.filter(removed_on__isnull=True, user__isnull=False).select_related("user")
    return [seat.user for seat in seats]


@transaction.atomic
def council_create(
    *, actor: User, name: str, kind: str, organization: Organization, rubric: str = ""
) -> Council:
    council_policy.require(actor, "manage")
    name = clean(name)
    if not name:
        raise DomainError(_("The council needs a name."), code="no_name")
    if kind not in CouncilKind.values:
        raise DomainError(_("Choose a kind of council."), code="bad_kind")
    council = Council.objects.create(name=name, kind=kind, organization=organization, rubric=clean(rubric))
    record(actor=actor, action=COUNCIL_CREATED, target=council, changes={"kind": [None, kind]})
    return council


@transaction.atomic
def member_add(
    *,
    actor: User,
    council: Council,
    full_name: str,
    role: str,
    user: User | None = None,
    affiliation: str = "",
    expert: Any = None,
) -> CouncilMember:
    """Seat a member (while the council's members are still being proposed); ``expert``, their
    profile in the experts registry, is what conflicts of interest are checked on."""
    council = _locked(council)
    council_policy.require(actor, "manage", council)
    if council.status not in EDITABLE:
        raise DomainError(_("The members are fixed once the council is established."), code="members_fixed")
    if role not in MemberRole.values:
        raise DomainError(_("Choose the member's role."), code="bad_role")
    full_name = (
        clean(full_name)
        or (expert.full_name if expert is not None else "")
        or (user.full_name if user is not None else "")
    )
    if not full_name:
        raise DomainError(_("Enter the member's full name."), code="no_name")
    if user is not None and council.members.filter(user=user, removed_on__isnull=True).exists():
        raise DomainError(_("This person already sits on the council."), code="duplicate_member")
    member = CouncilMember.objects.create(
        council=council,
        user=user,
        expert=expert,
        full_name=full_name,
        role=role,
        affiliation=clean(affiliation),
    )
    if user is not None:
        user.__dict__.pop("_council_seats", None)  # the policy's per-request cache
    record(
        actor=actor,
        action=MEMBER_ADDED,
        target=council,
        changes={"members": [None, str(member)], "role": [None, role]},
    )
    if user is not None:
        _tell(
            council,
            [user],
            subject=gettext_noop("You were named to the council %(council)s"),
            body=gettext_noop(
                "You were named to the council %(council)s. Its page shows the members and what the "
                "council will evaluate; you will be told when its session is scheduled."
            ),
            code="councils.member_seated",
        )
    return member


@transaction.atomic
def member_remove(*, actor: User, member: CouncilMember, reason: str) -> None:
    council = _locked(member.council)
    council_policy.require(actor, "manage", council)
    if council.status not in EDITABLE:
        raise DomainError(_("The members are fixed once the council is established."), code="members_fixed")
    if not clean(reason):
        raise DomainError(_("Say why the member is removed."), code="note_required")
    member.removed_on = timezone.localdate()
    member.save(update_fields=["removed_on"])
    if member.user is not None:
        member.user.__dict__.pop("_council_seats", None)
    record(
        actor=actor,
        action=MEMBER_REMOVED,
        target=council,
        changes={"members": [str(member), None]},
        note=clean(reason),
    )


@transaction.atomic
def item_add(
    *,
    actor: User,
    council: Council,
    title: str = "",
    subject: str = "",
    subject_id: str = "",
    parties: dict[str, Any] | None = None,
) -> CouncilItem:
    """Hand the council an item: one registered by another module (``subject``, ``subject_id``,
    its title and parties from there) or one typed by the DOST (a title; ``parties``: whose
    work it is, for the conflict-of-interest checks)."""
    council = _locked(council)
    council_policy.require(actor, "manage", council)
    if council.status in (CouncilStatus.IN_SESSION, CouncilStatus.CLOSED):
        raise DomainError(_("Items cannot be added once the session has opened."), code="items_fixed")
    if subject:
        kind = registry.subject(subject)
        if kind is None:
            raise DomainError(_("Unknown kind of item."), code="bad_subject")
        title = title or kind.title(subject_id)
        if parties is None and kind.parties is not None:
            parties = kind.parties(subject_id)
    title = clean(title)
    if not title:
        raise DomainError(_("Name what the council evaluates."), code="no_title")
    item = CouncilItem.objects.create(
        council=council, subject=subject, subject_id=str(subject_id), title=title, parties=dict(parties or {})
    )
    record(actor=actor, action=ITEM_ADDED, target=council, changes={"items": [None, title[:200]]})
    return item


@transaction.atomic
def item_remove(*, actor: User, item: CouncilItem, reason: str) -> None:
    """Take an item off the council's list before the session opens (with a reason)."""
    council = _locked(item.council)
    council_policy.require(actor, "manage", council)
    if council.status in (CouncilStatus.IN_SESSION, CouncilStatus.CLOSED):
        raise DomainError(_("Items cannot be removed once the session has opened."), code="items_fixed")
    if not clean(reason):
        raise DomainError(_("Say why the item is removed."), code="note_required")
    title = item.title
    item.delete()
    record(
        actor=actor,
        action=ITEM_REMOVED,
        target=council,
        changes={"items": [title[:200], None]},
        note=clean(reason),
    )


@transaction.atomic
def council_edit(
    *, actor: User, council: Council, name: str, rubric: str = "", version: int | None = None
) -> Council:
    """Correct the council's name and rubric while its members are still being proposed."""
    council = _locked(council)
    council_policy.require(actor, "manage", council)
    check_version(council, version, _("Someone changed the council meanwhile; check it and try again."))
    if council.status not in EDITABLE:
        raise DomainError(
            _("The council is established; its name and rubric are fixed."), code="council_fixed"
        )
    name = clean(name)
    if not name:
        raise DomainError(_("The council needs a name."), code="no_name")
    changes = {
        key: [getattr(council, key), value]
        for key, value in (("name", name), ("rubric", clean(rubric)))
        if getattr(council, key) != value
    }
    for key, (_old, value) in changes.items():
        setattr(council, key, value)
    council.save()
    if changes:
        record(actor=actor, action=COUNCIL_EDITED, target=council, changes=changes)
    return council


def _stored(council_id: int, file: Any, kinds: tuple[str, ...]) -> tuple[str, str]:
    """Check an uploaded file by its content and store it under a random name: (path, name)."""
    upload = check_upload(file, kinds=kinds, max_bytes=MAX_FILE_BYTES)
    path = default_storage.save(file_path(council_id, upload.kind.extension), ContentFile(upload.data))
    return path, upload.name


def _discard(path: str) -> None:
    if path:
        default_storage.delete(path)


def decision_record(
    *,
    actor: User,
    council: Council,
    number: str,
    date: dt.date,
    signer_name: str,
    signer_position: str,
    file: Any = None,
) -> Council:
    """The decision establishing the council (number, date, signer, the signed PDF), then the
    ``decide`` step. The file is checked and written before the transaction and deleted again
    when the transaction fails."""
    council_policy.require(actor, "manage", council)
    path, name = _stored(council.pk, file, ("pdf",)) if file is not None else ("", "")
    try:
        return _decision_record(
            actor=actor,
            council=council,
            number=number,
            date=date,
            signer_name=signer_name,
            signer_position=signer_position,
            path=path,
            name=name,
        )
    except BaseException:
        _discard(path)
        raise


@transaction.atomic
def _decision_record(
    *,
    actor: User,
    council: Council,
    number: str,
    date: dt.date,
    signer_name: str,
    signer_position: str,
    path: str,
    name: str,
) -> Council:
    council = _locked(council)
    council_policy.require(actor, "manage", council)
    number = clean(number)
    if not number or date is None:
        raise DomainError(_("Enter the decision's number and date."), code="no_decision")
    council.decision_number, council.established_on = number, date
    council.signer_name, council.signer_position = clean(signer_name), clean(signer_position)
    fields = ["decision_number", "established_on", "signer_name", "signer_position"]
    if path:
        council.decision_file, council.decision_file_name = path, name
        fields += ["decision_file", "decision_file_name"]
    council.save(update_fields=fields)
    record(
        actor=actor,
        action=DECISION_RECORDED,
        target=council,
        changes={
            "decision_number": [None, council.decision_number],
            "established_on": [None, date.isoformat()],
            **({"decision_file": [None, name]} if path else {}),
        },
    )
    return COUNCIL_WORKFLOW.apply("decide", actor=actor, obj=council)  # type: ignore[return-value]


@transaction.atomic
def minutes_save(*, actor: User, council: Council, text: str, version: int | None = None) -> CouncilSession:
    """The session's conclusions and required revisions, written by the secretary (while the
    session is open or after it closed); they go into the minutes."""
    council = _locked(council)
    council_policy.require(actor, "run", council)
    session = selectors.current_session(council)
    if session is None or council.status not in (CouncilStatus.IN_SESSION, CouncilStatus.CLOSED):
        raise DomainError(_("The minutes are written once the session has opened."), code="no_session")
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    check_version(session, version, _("Someone changed the minutes meanwhile; check them and save again."))
    text = (text or "").strip()
    before = session.minutes
    session.minutes = text
    session.save(update_fields=["minutes", "version"])
    if before != text:
        record(
            actor=actor,
            action=MINUTES_SAVED,
            target=council,
            changes={"minutes": [before[:200], text[:200]]},
        )
    return session


@transaction.atomic
def session_schedule(
    *, actor: User, council: Council, at: dt.datetime, place: str = "", note: str = ""
) -> CouncilSession:
    """Schedule the (next) session: the first after the decision, another when reconvening."""
    council = _locked(council)
    step = "reconvene" if council.status == CouncilStatus.CLOSED else "schedule"
    COUNCIL_WORKFLOW.apply(step, actor=actor, obj=council, note=note)
    number = (council.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    session = CouncilSession.objects.create(
        council=council, number=number, scheduled_at=at, place=clean(place)
    )
    Attendance.objects.bulk_create(
        [Attendance(session=session, member=m) for m in council.members.filter(removed_on__isnull=True)]
    )
    record(actor=actor, action=SESSION_SCHEDULED, target=council, changes={"sessions": [None, number]})
    local = timezone.localtime(at)
    _tell(
        council,
        _seated_users(council),
        subject=gettext_noop("Session of the council %(council)s on %(date)s"),
        body=gettext_noop("The council %(council)s meets on %(date)s at %(time)s, at %(place)s.")
        if session.place
        else gettext_noop(
            "The council %(council)s meets on %(date)s at %(time)s; the place will be announced."
        ),
        code="councils.session_scheduled",
        date=local.strftime("%d/%m/%Y"),
        time=local.strftime("%H:%M"),
        place=session.place,
    )
    return session


@transaction.atomic
def attendance_set(
    *,
    actor: User,
    member: CouncilMember,
    present: bool,
    written_opinion: str = "",
    version: int | None = None,
) -> Attendance:
    """Record whether a member is present. ``version``: the session's version the page showed;
    when two secretaries mark attendance at once, the second is refused (``stale_version``)
    rather than overwrite what the first saw differently."""
    council = _locked(member.council)
    council_policy.require(actor, "run", council)
    session = selectors.current_session(council)
    if session is None or council.status not in (CouncilStatus.SCHEDULED, CouncilStatus.IN_SESSION):
        raise DomainError(_("There is no session to record attendance for."), code="no_session")
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    check_version(
        session, version, _("Someone changed the attendance meanwhile; check the list and try again.")
    )
    session.save(update_fields=["version"])
    row, _created = Attendance.objects.get_or_create(session=session, member=member)
    row.present, row.written_opinion = present, "" if present else (written_opinion or "").strip()
    row.save(update_fields=["present", "written_opinion"])
    record(
        actor=actor,
        action=ATTENDANCE_SET,
        target=council,
        changes={"attendance": [None, f"{member.full_name}: {int(present)}"]},
    )
    return row


def _criteria(council: Council, as_of: dt.date) -> dict[str, Decimal]:
    rubrics = rule_get(council_rules.RUBRICS, as_of=as_of)
    rubric = rubrics.get(council.rubric) if council.rubric else None
    if not rubric:
        raise DomainError(_("The council has no rubric in force to score on."), code="no_rubric")
    return {str(n): Decimal(str(c["max"])) for n, c in rubric["criteria"].items()}


def _checked_scores(council: Council, scores: dict[str, Any], as_of: dt.date) -> dict[str, str]:
    """Every criterion of the rubric, a number from 0 to its maximum (refused otherwise)."""
    out: dict[str, str] = {}
    for number, maximum in _criteria(council, as_of).items():
        raw = str(scores.get(number, "")).strip().replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise DomainError(
                _("Criterion %(n)s: enter a number from 0 to %(max)s.") % {"n": number, "max": maximum},
                code="bad_score",
            ) from None
        if not value.is_finite() or value < 0 or value > maximum:
            raise DomainError(
                _("Criterion %(n)s: enter a number from 0 to %(max)s.") % {"n": number, "max": maximum},
                code="bad_score",
            )
        out[number] = str(value)
    unknown = set(map(str, scores)) - set(out)
    if unknown:
        raise DomainError(
            _("Unknown criteria: %(list)s.") % {"list": ", ".join(sorted(unknown))}, code="bad_score"
        )
    return out


def sheet_save(
    *,
    actor: User,
    member: CouncilMember,
    item: CouncilItem,
    scores: dict[str, Any] | None = None,
    rating: str = "",
    vote: str = "",
    comments: str = "",
    submit: bool = False,
    version: int | None = None,
    scan: Any = None,
) -> Sheet:
    """A member's sheet on ``item`` in the open session: saved, or submitted (then locked).
    Only the member may fill their own sheet; the secretary (``run``) may transcribe a paper
    sheet on their behalf, marked as transcribed, with the scan of the paper (``scan``: PDF or
    image). Refused for a removed member, an item of another council, a score out of bounds, a
    submitted sheet."""
    path, name = ("", "")
    if scan is not None and member.user_id != actor.pk:  # a member's own sheet has no scan
        council_policy.require(actor, "run", member.council)
        path, name = _stored(member.council_id, scan, ("pdf", "png", "jpeg"))
    try:
        return _sheet_save(
            actor=actor,
            member=member,
            item=item,
            scores=scores,
            rating=rating,
            vote=vote,
            comments=comments,
            submit=submit,
            version=version,
            scan=(path, name),
        )
    except BaseException:
        _discard(path)
        raise


@transaction.atomic
def _sheet_save(
    *,
    actor: User,
    member: CouncilMember,
    item: CouncilItem,
    scores: dict[str, Any] | None,
    rating: str,
    vote: str,
    comments: str,
    submit: bool,
    version: int | None,
    scan: tuple[str, str],
) -> Sheet:
    council = _locked(member.council)
    if item.council_id != council.pk:
        raise DomainError(_("This item is not before this council."), code="bad_item")
    own = member.user_id is not None and member.user_id == actor.pk
    if own:
        council_policy.require(actor, "fill", council)
    else:
        council_policy.require(actor, "run", council)
    if member.removed_on is not None:
        raise DomainError(_("This member no longer sits on the council."), code="removed_member")
    session = selectors.current_session(council)
    if session is None or council.status != CouncilStatus.IN_SESSION:
        raise DomainError(_("Sheets are filled while the session is open."), code="not_in_session")
    declaration = Declaration.objects.filter(member=member, item=item).first()
    if declaration is None:
        raise DomainError(
            _("Sign the declaration on conflicts of interest for this item first."), code="not_declared"
        )
    if declaration.blocked:
        raise DomainError(
            _("A conflict of interest blocks this sheet: %(reasons)s.")
            % {"reasons": "; ".join(declaration.reasons)},
            code="conflicted",
        )
    sheet, _created = Sheet.objects.select_for_update().get_or_create(
        session=session, item=item, member=member
    )
    if sheet.status == SheetStatus.SUBMITTED:
        raise DomainError(_("This sheet was submitted and is locked."), code="sheet_locked")
    check_version(sheet, version, _("The sheet was saved meanwhile; check it and save again."))
    method = selectors.method_of(council)
    as_of = council.established_on or timezone.localdate()
    if method == council_rules.SCORES:
        sheet.scores = _checked_scores(council, scores or {}, as_of)
    elif method == council_rules.RATINGS:
        if rating not in tallying.RATINGS:
            raise DomainError(_("Choose a rating."), code="bad_rating")
        sheet.rating = rating
    else:
        if vote not in tallying.VOTES:
            raise DomainError(_("Vote yes or no."), code="bad_vote")
        sheet.vote = vote
    sheet.comments = (comments or "").strip()
    sheet.transcribed_by = None if own else actor
    if scan[0] and not own:
        replaced = sheet.scan.name if sheet.scan else ""
        sheet.scan, sheet.scan_name = scan
        if replaced:
            transaction.on_commit(lambda: _discard(replaced))
    if submit:
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = timezone.now()
    sheet.save()
    record(
        actor=actor,
        action=SHEET_SUBMITTED if submit else SHEET_SAVED,
        target=council,
        changes={"sheets": [None, f"{member.full_name} · {item.title[:80]}"]},
        note=_("Transcribed from a paper sheet.") if not own else "",
    )
    return sheet


@transaction.atomic
def session_close(*, actor: User, council: Council) -> CouncilSession:
    """Tally the open session and close it: refused without quorum (with the reason); each
    item's outcome is kept and handed back to the module that registered it."""
    council = _locked(council)
    council_policy.require(actor, "run", council)
    session = selectors.current_session(council)
    if session is None or council.status != CouncilStatus.IN_SESSION:
        raise DomainError(_("There is no open session to close."), code="not_in_session")
    result = tallying.tally_session(selectors.session_input(council, session))
    result.require_quorum()
    output = result.as_data()
    session.tally, session.closed_at = output, timezone.now()
    session.save(update_fields=["tally", "closed_at"])
    by_id = {str(entry["id"]): entry for entry in output.get("items", [])}
    for item in council.items.all():
        item.outcome = by_id.get(str(item.pk))
        item.save(update_fields=["outcome"])
        kind = registry.subject(item.subject) if item.subject else None
        if kind is not None and kind.on_outcome is not None and item.outcome is not None:
            kind.on_outcome(item.subject_id, item.outcome)
    record(actor=actor, action=TALLIED, target=council, changes={"tally": [None, output.get("recommended")]})
    COUNCIL_WORKFLOW.apply("close", actor=actor, obj=council)
    _tell(
        council,
        _seated_users(council),
        subject=gettext_noop("The session of the council %(council)s is closed"),
        body=gettext_noop("The session is closed and tallied: its outcome is on the council's page."),
        code="councils.session_closed",
    )
    return session


@transaction.atomic
def session_open(*, actor: User, council: Council) -> Council:
    """Open the scheduled session (the ``open`` step: the secretary or the DOST) and tell the
    members that they may now sign their declarations and submit their sheets."""
    opened = COUNCIL_WORKFLOW.apply("open", actor=actor, obj=council)
    assert isinstance(opened, Council)
    _tell(
        opened,
        _seated_users(opened),
        subject=gettext_noop("The session of the council %(council)s is open"),
        body=gettext_noop(
            "The session is open: members present sign their declarations and submit their sheets "
            "on the council's page."
        ),
        code="councils.session_opened",
    )
    return opened


def conflicts_of(member: CouncilMember, item: CouncilItem, on: dt.date) -> list[str]:
    """Why ``member`` may not evaluate ``item`` on ``on``, from the registries: their expert
    profile (works for the applicant or a partner, is on the team, a declared close relative of
    one of the team, an active sanction)."""
    if member.expert_id is None:
        return []
    from khcn.experts.selectors import expert_conflicts

    found = expert_conflicts([member.expert_id], as_of=on, **selectors.parties_of(item))
    return found.get(member.expert_id, [])


@transaction.atomic
def declaration_sign(*, actor: User, member: CouncilMember, item: CouncilItem) -> Declaration:
    """The member declares, before their sheet on ``item`` opens, that they have no conflict of
    interest; the registries are checked on the session's date. A conflict found blocks the
    sheet (recorded with its reasons) until a DOST leader lifts it. The secretary may record a
    paper declaration on the member's behalf."""
    council = _locked(member.council)
    own = member.user_id is not None and member.user_id == actor.pk
    council_policy.require(actor, "fill" if own else "run", council)
    if item.council_id != council.pk or member.council_id != council.pk:
        raise DomainError(_("This item is not before this council."), code="bad_item")
    if member.removed_on is not None:
        raise DomainError(_("This member no longer sits on the council."), code="removed_member")
    session = selectors.current_session(council)
    on = timezone.localtime(session.scheduled_at).date() if session else timezone.localdate()
    existing = Declaration.objects.select_for_update().filter(member=member, item=item).first()
    if existing is not None:
        return existing
    reasons = conflicts_of(member, item, on)
    declaration = Declaration.objects.create(member=member, item=item, reasons=reasons)
    record(
        actor=actor,
        action=BLOCKED if reasons else DECLARED,
        target=council,
        changes={"declarations": [None, f"{member.full_name} · {item.title[:80]}"]},
        note="; ".join(reasons) if reasons else ("" if own else str(_("Transcribed from a paper sheet."))),
    )
    return declaration


@transaction.atomic
def conflict_override(*, actor: User, declaration: Declaration, reason: str) -> Declaration:
    """Lift a conflict-of-interest block (a DOST leader only), with a reason; audited."""
    council = _locked(declaration.member.council)
    council_policy.require(actor, "override", council)
    reason = clean(reason)
    if not reason:
        raise DomainError(_("Say why the block is lifted."), code="note_required")
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if not declaration.blocked:
        raise DomainError(_("Nothing blocks this sheet."), code="not_blocked")
    declaration.override_by, declaration.override_reason = actor, reason
    declaration.save(update_fields=["override_by", "override_reason"])
    record(
        actor=actor,
        action=OVERRIDDEN,
        target=council,
        changes={"declarations": [f"{declaration.member.full_name}: {'; '.join(declaration.reasons)}", None]},
        note=reason,
    )
    return declaration

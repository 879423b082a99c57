"""Council pages: the list (by state), one council (members, items, the session with its
attendance and missing sheets, the steps the user may take, the tally), and a member's sheet.
Thin: parse input, ask the policy, call selectors and services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from khcn.accounts.models import User
from khcn.accounts.roles import organizations_of
from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, fold
from khcn.councils import selectors, services
from khcn.councils.choices import CouncilStatus, MemberRole, SheetStatus
from khcn.councils.forms import (
    RATING_CHOICES,
    CouncilForm,
    DecisionForm,
    ItemForm,
    MemberForm,
    MinutesForm,
    ScheduleForm,
    SeatForm,
    SheetForm,
    TranscribeForm,
)
from khcn.councils.models import CouncilMember, Declaration, Sheet
from khcn.councils.permissions import council_policy
from khcn.councils.workflow import COUNCIL_WORKFLOW, composition_problem
from khcn.exports.responses import dated_filename, file_response, xlsx_response
from khcn.organizations.selectors import organization_choices


@guarded_by(council_policy)
@login_required
def council_list(request: AuthenticatedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    return render(
        request,
        "councils/council_list.html",
        {
            "councils": selectors.council_list(user=request.user, status=status),
            "can_manage": council_policy.can(request.user, "manage"),
            "status": status,
            "statuses": CouncilStatus.choices,
        },
    )


@guarded_by(council_policy)
@login_required
def council_export(request: AuthenticatedRequest) -> HttpResponse:
    """The list as shown (the same filter), as an Excel file."""
    from khcn.councils import exports

    councils = selectors.council_list(user=request.user, status=request.GET.get("status", ""))
    data = exports.councils_xlsx(councils)
    return xlsx_response(data, dated_filename(pgettext("file name", "councils"), "xlsx"))


@guarded_by(council_policy)
@login_required
def council_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    council = selectors.council_get(user=request.user, pk=pk)
    session = selectors.current_session(council)
    seat = selectors.seat_of(request.user, council)
    can_run = council_policy.can(request.user, "run", council)
    present = {a.member_id: a for a in session.attendance.all()} if session else {}
    items = list(council.items.all())
    # The secretary's view of the sheets: per present member, each item's sheet (or none yet),
    # a link to transcribe a paper sheet.
    in_session = council.status == CouncilStatus.IN_SESSION
    run_sheets = (
        {(s.item_id, s.member_id): s for s in Sheet.objects.filter(session=session)}
        if session and can_run and in_session
        else None
    )
    members = [
        (
            m,
            present.get(m.pk),
            [(n, item, run_sheets.get((item.pk, m.pk))) for n, item in enumerate(items, start=1)]
            if run_sheets is not None and getattr(present.get(m.pk), "present", False)
            else [],
        )
        for m in council.members.all()
        if m.removed_on is None
    ]
    mine = (
        {s.item_id: s for s in Sheet.objects.filter(member=seat, session=session)} if seat and session else {}
    )
    context = {
        "council": council,
        "session": session,
        "members": members,
        "items": items,
        "item_rows": [(item, mine.get(item.pk)) for item in items],
        "seat": seat,
        "can_run": can_run,
        "steps": [
            t for t in COUNCIL_WORKFLOW.available(request.user, council) if t.name in ("open", "close")
        ],
        "missing": selectors.missing_sheets(council, session) if session and can_run else {},
        "in_session": in_session,
        "run_sheets": run_sheets is not None,
        "tally": (tally := session.tally if session and council.status == CouncilStatus.CLOSED else None),
        "tally_rows": _tally_rows(council, session, items) if tally else [],
        "blocked": [
            d
            for d in Declaration.objects.filter(member__council=council).select_related("member", "item")
            if d.blocked or d.override_by_id
        ]
        if can_run or council_policy.can(request.user, "override", council)
        else [],
        "can_override": council_policy.can(request.user, "override", council),
        "can_manage": (can_manage := council_policy.can(request.user, "manage", council)),
        "next_page": _next_page(council) if can_manage else None,
        "minutes_form": MinutesForm(initial={"minutes": session.minutes, "version": session.version})
        if session and can_run and council.status in (CouncilStatus.IN_SESSION, CouncilStatus.CLOSED)
        else None,
        "ratings": dict(RATING_CHOICES),
    }
    context["documents"] = _documents(request.user, council, seat)
    return render(request, "councils/council_detail.html", context)


def _tally_rows(council: Any, session: Any, items: list[Any]) -> list[tuple[Any, str, list[str]]]:
    """Each item's tally entry with its title and its reasons in the reader's language."""
    titles = {str(item.pk): item.title for item in items}
    fresh = selectors.tally_reasons(council, session)
    return [
        (
            entry,
            titles.get(str(entry.get("id")), ""),
            fresh.get(str(entry.get("id")), entry.get("reasons", [])),
        )
        for entry in (session.tally or {}).get("items", [])
    ]


def _next_page(council: Any) -> tuple[str, str] | None:
    """The DOST's next step when it has its own page: (url, label)."""
    pk = council.pk
    if council.status == CouncilStatus.DRAFT:
        return reverse("councils:council_manage", args=[pk]), _("Prepare the council")
    if council.status == CouncilStatus.PROPOSED:
        return reverse("councils:council_decision", args=[pk]), _("Record the decision")
    if council.status == CouncilStatus.DECIDED:
        return reverse("councils:council_schedule", args=[pk]), _("Schedule the session")
    if council.status == CouncilStatus.CLOSED:
        return reverse("councils:council_schedule", args=[pk]), _("Reconvene the council")
    return None


@guarded_by(council_policy)
@login_required
@require_POST
def council_step(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    """A step with no form: propose the members or change them (the DOST), open or close the
    session (the secretary or the DOST); closing tallies it."""
    council = selectors.council_get(user=request.user, pk=pk)
    try:
        if name == "close":
            services.session_close(actor=request.user, council=council)
        elif name == "open":
            services.session_open(actor=request.user, council=council)
        elif name in STEPS_HERE:
            COUNCIL_WORKFLOW.apply(name, actor=request.user, obj=council)
        else:
            raise DomainError(_("This action is not possible in the current status."), code="wrong_step")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        step = COUNCIL_WORKFLOW.get(name)
        messages.success(request, str(step.success or step.label))
    if name in ("propose", "withdraw_proposal"):
        return redirect("councils:council_manage", pk=council.pk)
    return redirect("councils:council_detail", pk=council.pk)


# --- Managing a council (the DOST): create, correct, seat members, hand items, decide, schedule ---

STEPS_HERE = ("propose", "withdraw_proposal", "open", "close")  # the others have their own page


@guarded_by(council_policy)
@login_required
def council_create(request: AuthenticatedRequest) -> HttpResponse:
    council_policy.require(request.user, "manage")
    organizations = organization_choices(user=request.user)
    own = organizations_of(request.user)
    form = CouncilForm(
        request.POST or None,
        organizations=organizations,
        initial={"organization": own[0].pk if own else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            council = services.council_create(
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                organization=data["organization"],
                rubric=data["rubric"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The council was created: now seat its members."))
            return redirect("councils:council_manage", pk=council.pk)
    return render(request, "councils/council_create.html", {"form": form})


def _candidates(request: AuthenticatedRequest, council: Any, q: str) -> tuple[list[Any], list[Any]]:
    """Experts to seat: those whose name matches ``q``, or those suggested for the council's
    items (field and text match, conflicts set apart with the reason)."""
    from khcn.experts import selectors as experts

    seated = {m.expert_id for m in council.members.all() if m.removed_on is None and m.expert_id}
    if q:
        found = [
            e
            for e in experts.expert_list(user=request.user).filter(name_folded__contains=fold(q))[:20]
            if e.pk not in seated
        ]
        conflicts = selectors.seat_conflicts(council, [e.pk for e in found])
        ranked: list[Any] = [(e, None, []) for e in found if e.pk not in conflicts]
        excluded = [(e, None, conflicts[e.pk]) for e in found if e.pk in conflicts]
        return ranked, excluded
    items = list(council.items.all())
    parties: dict[str, list[Any]] = {"organizations": [], "organization_names": [], "people": []}
    for item in items:
        for key, values in selectors.parties_of(item).items():
            parties[key].extend(values)
    result = experts.expert_suggest(
        user=request.user,
        text=" ".join(i.title for i in items) or council.name,
        organizations=parties["organizations"],
        organization_names=parties["organization_names"],
        people=parties["people"],
        limit=15,
    )
    return (
        [(s.expert, s.score, []) for s in result.ranked if s.expert.pk not in seated],
        [(s.expert, s.score, s.conflicts) for s in result.excluded if s.expert.pk not in seated],
    )


@guarded_by(council_policy)
@login_required
def council_manage(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One page to prepare a council: correct it, seat members (from the experts registry, with
    the conflict check, or typed), hand it items, propose the members."""
    council = selectors.council_get(user=request.user, pk=pk)
    council_policy.require(request.user, "manage", council)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    editable = council.status in services.EDITABLE
    edit_form = CouncilForm(
        request.POST if action == "edit" else None,
        editing=True,
        initial={"name": council.name, "rubric": council.rubric, "version": council.version},
    )
    member_form = MemberForm(request.POST if action == "add_member" else None, prefix="member")
    item_form = ItemForm(request.POST if action == "add_item" else None, prefix="item")
    seat_form = SeatForm(request.POST if action == "seat" else None)
    pending: dict[str, Any] | None = None  # a seat that needs the DOST to confirm a conflict
    if request.method == "POST":
        try:
            done = _manage_post(request, council, action, edit_form, member_form, item_form, seat_form)
        except DomainError as exc:
            messages.error(request, exc.message)
            done = None
        if isinstance(done, dict):
            pending = done
        elif done is not None:
            messages.success(request, done)
            return redirect(f"{request.path}#{action}")
    q = clean(request.GET.get("q", ""))
    ranked, excluded = _candidates(request, council, q) if editable else ([], [])
    context = {
        "council": council,
        "editable": editable,
        "members": [m for m in council.members.all() if m.removed_on is None],
        "items": list(council.items.all()),
        "edit_form": edit_form,
        "member_form": member_form,
        "item_form": item_form,
        "seat_form": seat_form,
        "roles": MemberRole.choices,
        "q": q,
        "ranked": ranked,
        "excluded": excluded,
        "pending": pending,
        "problem": composition_problem(council) if editable else None,
        "steps": [t for t in COUNCIL_WORKFLOW.available(request.user, council) if t.name in STEPS_HERE],
    }
    return render(request, "councils/council_manage.html", context)


def _manage_post(
    request: AuthenticatedRequest,
    council: Any,
    action: str,
    edit_form: CouncilForm,
    member_form: MemberForm,
    item_form: ItemForm,
    seat_form: SeatForm,
) -> str | dict[str, Any] | None:
    """Apply one change of the manage page: the success message, a pending confirmation (a
    dict), or None when a form has errors. DomainError passes through."""
    user = request.user
    if action == "edit" and edit_form.is_valid():
        data = edit_form.cleaned_data
        services.council_edit(
            actor=user, council=council, name=data["name"], rubric=data["rubric"], version=data["version"]
        )
        return _("The council was corrected.")
    if action == "seat" and seat_form.is_valid():
        from khcn.experts import selectors as experts

        expert = experts.expert_get(user=user, pk=seat_form.cleaned_data["expert"])
        conflicts = selectors.seat_conflicts(council, [expert.pk]).get(expert.pk, [])
        if conflicts and not seat_form.cleaned_data["confirm"]:
            return {"expert": expert, "role": seat_form.cleaned_data["role"], "reasons": conflicts}
        services.member_add(
            actor=user,
            council=council,
            full_name=expert.full_name,
            role=seat_form.cleaned_data["role"],
            user=expert.user,
            affiliation=expert_affiliation(expert),
            expert=expert,
        )
        return _("%(name)s was seated.") % {"name": expert.full_name}
    if action == "add_member" and member_form.is_valid():
        data = member_form.cleaned_data
        account = None
        if data["username"]:
            account = User.objects.filter(username__iexact=data["username"], is_active=True).first()
            if account is None:
                member_form.add_error("username", _("No active account has this user name."))
                return None
        services.member_add(
            actor=user,
            council=council,
            full_name=data["full_name"],
            role=data["role"],
            user=account,
            affiliation=data["affiliation"],
        )
        return _("%(name)s was seated.") % {"name": data["full_name"]}
    if action == "remove_member":
        member = get_object_or_404(CouncilMember, council=council, pk=_int(request.POST.get("member")))
        services.member_remove(actor=user, member=member, reason=request.POST.get("reason", ""))
        return _("%(name)s no longer sits on the council.") % {"name": member.full_name}
    if action == "add_item" and item_form.is_valid():
        data = item_form.cleaned_data
        services.item_add(
            actor=user,
            council=council,
            title=data["title"],
            parties={
                "organization_names": [n for n in data["organization_names"].splitlines() if n],
                "people": [n for n in data["people"].splitlines() if n],
            },
        )
        return _("The item was handed to the council.")
    if action == "remove_item":
        item = get_object_or_404(council.items.all(), pk=_int(request.POST.get("item")))
        services.item_remove(actor=user, item=item, reason=request.POST.get("reason", ""))
        return _("The item was taken off the list.")
    return None


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def expert_affiliation(expert: Any) -> str:
    """How the decision names a member: title, degree and current affiliation."""
    current = [a.name for a in expert.affiliations.all() if a.end is None][:1]
    titles = " ".join(x for x in (expert.get_academic_title_display(), expert.get_degree_display()) if x)
    return " — ".join(x for x in (titles, *current) if x)


@guarded_by(council_policy)
@login_required
def council_decision(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record the decision establishing the council (number, date, signer, the signed PDF)."""
    council = selectors.council_get(user=request.user, pk=pk)
    council_policy.require(request.user, "manage", council)
    form = DecisionForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "number": council.decision_number,
            "date": council.established_on,
            "signer_name": council.signer_name,
            "signer_position": council.signer_position,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(
                actor=request.user,
                council=council,
                number=data["number"],
                date=data["date"],
                signer_name=data["signer_name"],
                signer_position=data["signer_position"],
                file=data["file"] or None,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The council is established."))
            return redirect("councils:council_detail", pk=council.pk)
    return render(request, "councils/council_decision.html", {"council": council, "form": form})


@guarded_by(council_policy)
@login_required
def decision_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The signed decision, to whoever may see the council."""
    council = selectors.council_get(user=request.user, pk=pk)
    if not council.decision_file:
        raise Http404
    try:
        with council.decision_file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    return file_response(data, council.decision_file_name or "quyet-dinh.pdf", "application/pdf")


@guarded_by(council_policy)
@login_required
def council_schedule(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Schedule the session; for a closed council, reconvene it (with the reason)."""
    council = selectors.council_get(user=request.user, pk=pk)
    council_policy.require(request.user, "manage", council)
    reconvene = council.status == CouncilStatus.CLOSED
    form = ScheduleForm(request.POST or None, reconvene=reconvene)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        at = timezone.make_aware(dt.datetime.combine(data["date"], data["time"]))
        try:
            services.session_schedule(
                actor=request.user, council=council, at=at, place=data["place"], note=data.get("note", "")
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The session is scheduled."))
            return redirect("councils:council_detail", pk=council.pk)
    return render(
        request, "councils/council_schedule.html", {"council": council, "form": form, "reconvene": reconvene}
    )


@guarded_by(council_policy)
@login_required
@require_POST
def council_minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The secretary writes the conclusions and the required revisions."""
    council = selectors.council_get(user=request.user, pk=pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_save(
                actor=request.user,
                council=council,
                text=form.cleaned_data["minutes"],
                version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The minutes were saved."))
    return redirect(f"{reverse('councils:council_detail', args=[council.pk])}#minutes")


@guarded_by(council_policy)
@login_required
def sheet_scan(request: AuthenticatedRequest, pk: int, sheet_pk: int) -> HttpResponse:
    """The scan of a transcribed paper sheet: the secretary and the DOST."""
    council = selectors.council_get(user=request.user, pk=pk)
    council_policy.require(request.user, "run", council)
    sheet = get_object_or_404(Sheet, session__council=council, pk=sheet_pk)
    if not sheet.scan:
        raise Http404
    try:
        with sheet.scan.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = sheet.scan_name or "phieu.pdf"
    mime = (
        "application/pdf"
        if name.lower().endswith(".pdf")
        else "image/png"
        if name.lower().endswith(".png")
        else "image/jpeg"
    )
    return file_response(data, name, mime)


@guarded_by(council_policy)
@login_required
@require_POST
def attendance(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    council = selectors.council_get(user=request.user, pk=pk)
    member = get_object_or_404(CouncilMember, council=council, pk=member_pk)
    try:
        services.attendance_set(
            actor=request.user,
            member=member,
            present=request.POST.get("present") == "1",
            written_opinion=request.POST.get("written_opinion", ""),
            version=int(version) if (version := request.POST.get("version", "")).isdigit() else None,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("councils:council_detail", pk=council.pk)


@guarded_by(council_policy)
@login_required
def sheet_fill(request: AuthenticatedRequest, pk: int, item_pk: int, member_pk: int) -> HttpResponse:
    """A member's sheet on one item (the member; the secretary transcribing a paper sheet)."""
    council = selectors.council_get(user=request.user, pk=pk)
    item = get_object_or_404(council.items.all(), pk=item_pk)
    member = get_object_or_404(CouncilMember, council=council, pk=member_pk, removed_on__isnull=True)
    own = member.user_id == request.user.pk
    council_policy.require(request.user, "fill" if own else "run", council)
    if request.method == "POST" and request.POST.get("action") == "declare":
        try:
            declared = services.declaration_sign(actor=request.user, member=member, item=item)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if declared.blocked:
                messages.error(request, _("A conflict of interest was found: the sheet stays closed."))
            else:
                messages.success(request, _("The declaration is signed; the sheet is open."))
        return redirect("councils:sheet_fill", pk=council.pk, item_pk=item.pk, member_pk=member.pk)
    declaration = Declaration.objects.filter(member=member, item=item).first()
    session = selectors.current_session(council)
    sheet = Sheet.objects.filter(session=session, item=item, member=member).first() if session else None
    method = selectors.method_of(council)
    criteria = selectors.criteria(council)
    initial = {"version": sheet.version if sheet else None, "comments": sheet.comments if sheet else ""}
    if sheet:
        initial.update({f"c{k}": v for k, v in sheet.scores.items()})
        initial.update({"rating": sheet.rating, "vote": sheet.vote})
    locked = sheet is not None and sheet.status == SheetStatus.SUBMITTED
    form = SheetForm(
        request.POST if request.method == "POST" and not locked else None,
        method=method,
        criteria=criteria,
        initial=initial,
    )
    if declaration is None or declaration.blocked:
        return render(
            request,
            "councils/declaration.html",
            {"council": council, "item": item, "member": member, "declaration": declaration, "own": own},
        )
    transcribe = None if own else TranscribeForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and not locked
        and form.is_valid()
        and (transcribe is None or transcribe.is_valid())
    ):
        submit = request.POST.get("action") == "submit"
        try:
            services.sheet_save(
                actor=request.user,
                member=member,
                item=item,
                submit=submit,
                version=form.cleaned_data.get("version"),
                scan=transcribe.cleaned_data.get("scan") or None if transcribe else None,
                **form.values(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The sheet was submitted.") if submit else _("The sheet was saved."))
            return redirect("councils:council_detail", pk=council.pk)
    if locked:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "councils/sheet_form.html",
        {
            "council": council,
            "item": item,
            "member": member,
            "form": form,
            "locked": locked,
            "own": own,
            "transcribe": transcribe,
            "sheet": sheet,
        },
    )


@guarded_by(council_policy)
@login_required
@require_POST
def declaration_override(request: AuthenticatedRequest, pk: int, declaration_pk: int) -> HttpResponse:
    """A DOST leader lifts a conflict-of-interest block, with a reason."""
    council = selectors.council_get(user=request.user, pk=pk)
    declaration = get_object_or_404(Declaration, member__council=council, pk=declaration_pk)
    try:
        services.conflict_override(
            actor=request.user, declaration=declaration, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The block is lifted; the member may fill the sheet."))
    return redirect("councils:council_detail", pk=council.pk)


# --- Documents: the decision, declarations, sheets, vote-count minutes, minutes, the workbook -----
# python-docx and openpyxl are loaded only when a document is asked for (imports inside).

COUNCIL_DOCUMENTS = ("decision", "vote-count", "minutes", "sheets.xlsx")


def _viewable(request: AuthenticatedRequest, pk: int) -> Any:
    """The council if the user may view it; 404 otherwise (a download does not say it exists)."""
    if not council_policy.can(request.user, "view"):
        raise Http404
    return selectors.council_get(user=request.user, pk=pk)


def _closed_session(council: Any) -> Any:
    """The latest tallied session: its sheets are locked, the members may see the results."""
    session = council.sessions.filter(closed_at__isnull=False).order_by("-number").first()
    if session is None:
        raise Http404
    return session


@guarded_by(council_policy)
@login_required
def council_document(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    """The decision (whoever may view the council); the vote-count minutes, the minutes and the
    workbook of sheets (the secretary and the DOST, once the session is closed)."""
    from khcn.councils import exports
    from khcn.exports.responses import docx_response, xlsx_response

    council = _viewable(request, pk)
    if name not in COUNCIL_DOCUMENTS:
        raise Http404
    if name == "decision":
        return docx_response(exports.decision_docx(council), exports.filename("decision", council))
    if not council_policy.can(request.user, "run", council):
        raise Http404
    session = _closed_session(council)
    if name == "sheets.xlsx":
        data = exports.sheets_xlsx(council, session)
        return xlsx_response(data, exports.filename(name, council, str(session.number)))
    build = exports.vote_count_minutes_docx if name == "vote-count" else exports.minutes_docx
    return docx_response(build(council, session), exports.filename(name, council, str(session.number)))


@guarded_by(council_policy)
@login_required
def sheet_document(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    """A blank sheet for an item (the rubric's criteria and maxima, or the rating or vote boxes)."""
    from khcn.councils import exports
    from khcn.exports.responses import docx_response

    council = _viewable(request, pk)
    item = get_object_or_404(council.items.all(), pk=item_pk)
    data = exports.score_sheet_docx(council, item)
    return docx_response(data, exports.filename("sheet", council, item.title))


@guarded_by(council_policy)
@login_required
def filled_sheet_document(
    request: AuthenticatedRequest, pk: int, item_pk: int, member_pk: int
) -> HttpResponse:
    """A member's filled sheet: their own, any time; another member's only for the secretary and
    the DOST, from a closed session (members never see each other's sheets before the tally)."""
    from khcn.councils import exports
    from khcn.exports.responses import docx_response

    council = _viewable(request, pk)
    item = get_object_or_404(council.items.all(), pk=item_pk)
    member = get_object_or_404(CouncilMember, council=council, pk=member_pk)
    if member.user_id is not None and member.user_id == request.user.pk and member.removed_on is None:
        sheet = Sheet.objects.filter(item=item, member=member).order_by("-session__number").first()
    elif council_policy.can(request.user, "run", council):
        sheet = (
            Sheet.objects.filter(item=item, member=member, session__closed_at__isnull=False)
            .order_by("-session__number")
            .first()
        )
    else:
        raise Http404
    if sheet is None:
        raise Http404
    data = exports.score_sheet_docx(council, item, member, session=sheet.session)
    return docx_response(data, exports.filename("sheet", council, member.full_name, item.title))


@guarded_by(council_policy)
@login_required
def declaration_document(request: AuthenticatedRequest, pk: int, declaration_pk: int) -> HttpResponse:
    """A member's declaration on conflicts of interest: their own, or any for the secretary and
    the DOST."""
    from khcn.councils import exports
    from khcn.exports.responses import docx_response

    council = _viewable(request, pk)
    declaration = get_object_or_404(
        Declaration.objects.select_related("member", "item"), member__council=council, pk=declaration_pk
    )
    own = declaration.member.user_id is not None and declaration.member.user_id == request.user.pk
    if not own and not council_policy.can(request.user, "run", council):
        raise Http404
    data = exports.declaration_docx(declaration.member, declaration.item)
    return docx_response(
        data, exports.filename("declaration", council, declaration.member.full_name, declaration.item.title)
    )


def _documents(user: User, council: Any, seat: CouncilMember | None) -> dict[str, Any]:
    """The council page's links to its documents, as the user may download them."""
    links: dict[str, Any] = {
        "decision": reverse("councils:council_document", args=[council.pk, "decision"]),
        "blank": [
            (item, reverse("councils:sheet_document", args=[council.pk, item.pk]))
            for item in council.items.all()
        ],
        "mine": [],
        "tally": [],
    }
    if seat is not None:
        sheets = {s.item_id for s in Sheet.objects.filter(member=seat)}
        declarations = {d.item_id: d.pk for d in Declaration.objects.filter(member=seat)}
        for item in council.items.all():
            sheet_url = (
                reverse("councils:filled_sheet_document", args=[council.pk, item.pk, seat.pk])
                if item.pk in sheets
                else None
            )
            declaration_url = (
                reverse("councils:declaration_document", args=[council.pk, declarations[item.pk]])
                if item.pk in declarations
                else None
            )
            if sheet_url or declaration_url:
                links["mine"].append((item, sheet_url, declaration_url))
    closed = council.sessions.filter(closed_at__isnull=False).exists()
    if closed and council_policy.can(user, "run", council):
        links["tally"] = [
            (_("Vote-count minutes"), reverse("councils:council_document", args=[council.pk, "vote-count"])),
            (_("Council minutes"), reverse("councils:council_document", args=[council.pk, "minutes"])),
            (_("All sheets (Excel)"), reverse("councils:council_document", args=[council.pk, "sheets.xlsx"])),
        ]
    return links

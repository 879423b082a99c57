"""Council pages: the list (by state), one council (members, items, the session with its
attendance and missing sheets, the steps the user may take, the tally), and a member's sheet.
Thin: parse input, ask the policy, call selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.core.exceptions import DomainError
from khcn.councils import selectors, services
from khcn.councils.choices import CouncilStatus, SheetStatus
from khcn.councils.forms import SheetForm
from khcn.councils.models import CouncilMember, Declaration, Sheet
from khcn.councils.permissions import council_policy
from khcn.councils.workflow import COUNCIL_WORKFLOW


@guarded_by(council_policy)
@login_required
def council_list(request: AuthenticatedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    return render(
        request,
        "councils/council_list.html",
        {
            "councils": selectors.council_list(user=request.user, status=status),
            "status": status,
            "statuses": CouncilStatus.choices,
        },
    )


@guarded_by(council_policy)
@login_required
def council_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    council = selectors.council_get(user=request.user, pk=pk)
    session = selectors.current_session(council)
    seat = selectors.seat_of(request.user, council)
    can_run = council_policy.can(request.user, "run", council)
    present = {a.member_id: a for a in session.attendance.all()} if session else {}
    members = [(m, present.get(m.pk)) for m in council.members.all() if m.removed_on is None]
    mine = (
        {s.item_id: s for s in Sheet.objects.filter(member=seat, session=session)} if seat and session else {}
    )
    context = {
        "council": council,
        "session": session,
        "members": members,
        "items": list(council.items.all()),
        "item_rows": [(item, mine.get(item.pk)) for item in council.items.all()],
        "seat": seat,
        "can_run": can_run,
        "steps": [
            t for t in COUNCIL_WORKFLOW.available(request.user, council) if t.name in ("open", "close")
        ],
        "missing": selectors.missing_sheets(council, session) if session and can_run else {},
        "in_session": council.status == CouncilStatus.IN_SESSION,
        "tally": session.tally if session and council.status == CouncilStatus.CLOSED else None,
        "blocked": [
            d
            for d in Declaration.objects.filter(member__council=council).select_related("member", "item")
            if d.blocked or d.override_by_id
        ]
        if can_run or council_policy.can(request.user, "override", council)
        else [],
        "can_override": council_policy.can(request.user, "override", council),
    }
    return render(request, "councils/council_detail.html", context)


@guarded_by(council_policy)
@login_required
@require_POST
def council_step(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    """Open or close the session (the secretary or the DOST); closing tallies it."""
    council = selectors.council_get(user=request.user, pk=pk)
    try:
        if name == "close":
            services.session_close(actor=request.user, council=council)
        elif name == "open":
            COUNCIL_WORKFLOW.apply("open", actor=request.user, obj=council)
        else:
            raise DomainError(_("This action is not possible in the current status."), code="wrong_step")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(COUNCIL_WORKFLOW.get(name).label))
    return redirect("councils:council_detail", pk=council.pk)


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
    if request.method == "POST" and not locked and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            services.sheet_save(
                actor=request.user,
                member=member,
                item=item,
                submit=submit,
                version=form.cleaned_data.get("version"),
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
        {"council": council, "item": item, "member": member, "form": form, "locked": locked, "own": own},
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

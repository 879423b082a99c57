"""A council's lifecycle: draft → members proposed → established by decision → session
scheduled → in session → closed (→ reconvened: scheduled again, with a new session).

Each step is declared once here and audited as ``councils.council.<name>``. The composition is
checked against the rule set of the council's kind in force (``khcn.councils.rules``); closing
tallies the session (``khcn.councils.tally``) and refuses without quorum.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.core.rules import rule_get
from khcn.core.workflow import Transition, Workflow
from khcn.councils import rules as council_rules
from khcn.councils.choices import CouncilStatus as S
from khcn.councils.choices import MemberRole
from khcn.councils.models import Council
from khcn.councils.permissions import council_policy


def _rules(council: Council) -> dict[str, Any]:
    day = council.established_on or timezone.localdate()
    return dict(rule_get(council_rules.code_of(council.kind), as_of=day))


def composition_problem(council: Council, actor: Any = None) -> str | None:
    """What the members lack against the rule set: too few or too many, a required role missing."""
    seated = list(council.members.filter(removed_on__isnull=True).values_list("role", flat=True))
    rules = _rules(council)
    size = rules.get("size") or {}
    low, high = size.get("min"), size.get("max")
    if low is not None and len(seated) < int(low):
        return _("The council has %(count)s members; its rules ask for at least %(min)s.") % {
            "count": len(seated),
            "min": low,
        }
    if high is not None and len(seated) > int(high):
        return _("The council has %(count)s members; its rules allow at most %(max)s.") % {
            "count": len(seated),
            "max": high,
        }
    have = Counter(seated)
    for role, needed in (rules.get("roles") or {}).items():
        if have.get(role, 0) != int(needed):
            label = MemberRole(role).label if role in MemberRole.values else role
            return _("The council needs exactly %(count)s member(s) with the role %(role)s.") % {
                "count": needed,
                "role": label,
            }
    return None


def has_items(council: Council, actor: Any = None) -> str | None:
    if not council.items.exists():
        return _("The council has nothing to evaluate yet.")
    return None


def has_decision(council: Council, actor: Any = None) -> str | None:
    if not (council.decision_number.strip() and council.established_on):
        return _("Enter the decision's number and date before establishing the council.")
    return None


COUNCIL_WORKFLOW = Workflow(
    model=Council,
    policy=council_policy,
    audit_prefix="councils.council",
    transitions=[
        Transition(
            "propose",
            (S.DRAFT,),
            S.PROPOSED,
            "manage",
            gettext_lazy("Propose the members"),
            check=composition_problem,
            success=gettext_lazy("The members are proposed."),
        ),
        Transition(
            "withdraw_proposal",
            (S.PROPOSED,),
            S.DRAFT,
            "manage",
            gettext_lazy("Change the members"),
        ),
        Transition(
            "decide",
            (S.PROPOSED,),
            S.DECIDED,
            "manage",
            gettext_lazy("Record the decision"),
            check=has_decision,
            success=gettext_lazy("The council is established."),
        ),
        Transition(
            "schedule",
            (S.DECIDED,),
            S.SCHEDULED,
            "manage",
            gettext_lazy("Schedule the session"),
            check=has_items,
        ),
        Transition(
            "open",
            (S.SCHEDULED,),
            S.IN_SESSION,
            "run",
            gettext_lazy("Open the session"),
            confirm=gettext_lazy("Open the session? Members can then submit their sheets."),
        ),
        Transition(
            "close",
            (S.IN_SESSION,),
            S.CLOSED,
            "run",
            gettext_lazy("Close the session"),
            confirm=gettext_lazy("Close the session? Sheets are then locked and the tally is final."),
        ),
        Transition(
            "reconvene",
            (S.CLOSED,),
            S.SCHEDULED,
            "manage",
            gettext_lazy("Reconvene the council"),
            note_required=True,
        ),
    ],
)

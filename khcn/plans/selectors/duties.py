"""One agency, one role, one line per item: where an agency would be given an item twice.

An agency can be named twice on one item: by two of its names, by its name and the name of an
agency merged into it since the plan was written (the seed plan's IV.1 names the Sở Tài chính
and the Sở Kế hoạch và Đầu tư, one department since 2025), or by its name and a group name
("các sở, ban, ngành") mapped to every agency of the group. It then keeps one assignment on the
item, with the stronger role (``choices.role_strength``: lead, coordinate, report only). The
import (``services.plan_import``), the mapping of names (``services.agency_map``) and mergers
of agencies (``services.assignments_follow_succession``) apply the rule; the functions here say
beforehand what they will fold together and why, for the review screens and the audit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from khcn.core.text import clean, fold
from khcn.organizations.models import Organization, OrganizationAlias
from khcn.plans.choices import AssignmentRole, role_strength
from khcn.plans.models import Assignment, Plan
from khcn.plans.parser.draft import ImportDraft
from khcn.plans.paths import display_path

NAMED_TWICE = "named_twice"  # two names (or the same name twice) of one agency
SUCCESSOR = "successor"  # a name of an agency merged into one named too
GROUP = "group"  # a group name covering an agency already named


def role_label(role: str) -> str:
    return str(dict(AssignmentRole.choices).get(role, role))


@dataclass(frozen=True)
class Overlap:
    """An agency named twice on an item, folded into one assignment: the duty kept as the line
    (``kept_as``, as written), the other (``other_as``) and the role kept (the stronger)."""

    path: str
    agency: str
    kept_as: str
    kept_role: str
    other_as: str
    other_role: str
    reason: str
    former_as: str = ""  # SUCCESSOR: which of the two names is the merged agency's (other_as if "")

    @property
    def role(self) -> str:
        """The role the one assignment keeps: the stronger of the two."""
        return max(self.kept_role, self.other_role, key=role_strength)

    @property
    def upgraded(self) -> bool:
        return role_strength(self.other_role) > role_strength(self.kept_role)

    def recorded(self) -> dict[str, str]:
        """The overlap as the audit log keeps it: words come later, in the reader's language
        (``overlap_shown``)."""
        return asdict(self)

    def message(self) -> str:
        """What was folded and why, in the active language."""
        former = self.former_as or self.other_as
        values = {
            "item": display_path(self.path),
            "agency": self.agency,
            "kept": self.kept_as,
            "other": self.other_as,
            "former": former,
            "current": self.kept_as if former == self.other_as else self.other_as,
            "role": role_label(self.role).lower(),
            "was": role_label(self.kept_role).lower(),
        }
        if self.reason == GROUP and self.upgraded:
            text = _(
                "%(item)s: %(agency)s had this item (%(was)s); “%(other)s” makes it %(role)s. "
                "One assignment, as %(role)s."
            )
        elif self.reason == GROUP:
            text = _(
                "%(item)s: %(agency)s already has this item (%(was)s); “%(other)s” gives it no "
                "second assignment."
            )
        elif self.reason == SUCCESSOR:
            text = _(
                "%(item)s: “%(former)s” is part of %(agency)s today, also named here as “%(current)s”. "
                "One assignment, as %(role)s."
            )
        elif fold(self.kept_as) == fold(self.other_as):
            text = _("%(item)s: %(agency)s is named twice. One assignment, as %(role)s.")
        else:
            text = _(
                "%(item)s: “%(kept)s” and “%(other)s” are one agency, %(agency)s. "
                "One assignment, as %(role)s."
            )
        return text % values


def overlap_shown(value: Any, target: Any = None) -> Any:
    """A recorded overlap (``Overlap.recorded``) as the history shows it, in the reader's
    language; text recorded before overlaps were kept as data is shown as it is."""
    if isinstance(value, list):
        return [overlap_shown(v) for v in value]
    if isinstance(value, dict):
        try:
            return Overlap(**value).message()
        except TypeError:
            return value
    return value


@dataclass
class DraftOverlaps:
    """How an import draft's duties fold: the overlaps, the duties that are folded into another
    (their keys) and, for each duty kept, the role and the other duties folded into it."""

    overlaps: list[Overlap] = field(default_factory=list)
    folded: set[int] = field(default_factory=set)
    into: dict[int, list[int]] = field(default_factory=dict)
    roles: dict[int, str] = field(default_factory=dict)
    messages: dict[int, str] = field(default_factory=dict)  # per duty folded: what and why


def _aliases(orgs: Iterable[Organization]) -> dict[int, set[str]]:
    """The folded names each agency is or was known by (one query)."""
    out: dict[int, set[str]] = {}
    ids = {o.pk for o in orgs}
    for org_id, name in OrganizationAlias.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "name_folded"
    ):
        out.setdefault(org_id, set()).add(name)
    return out


def _reason(org: Organization, kept_as: str, other_as: str, names: Mapping[int, set[str]]) -> tuple[str, str]:
    """Why two names are one agency, and which is the name of an agency merged into it: the
    same name twice, two of its names, or a predecessor's name (not one of its own)."""
    own = names.get(org.pk, set())
    if fold(kept_as) == fold(other_as):
        return NAMED_TWICE, ""
    for name in (other_as, kept_as):
        if fold(clean(name)) not in own:
            return SUCCESSOR, clean(name)
    return NAMED_TWICE, ""


def draft_overlaps(draft: ImportDraft, agencies: Mapping[str, Organization | None]) -> DraftOverlaps:
    """Which duties of ``draft`` name an agency that another duty on the same item names too
    (``agencies``: each name as written → the agency it resolves to today, as the import
    resolves it). On each item, the duty with the stronger role is kept (the first, between
    equals) and takes the strongest role; the others are folded into it. One query (the
    agencies' names, to tell a second name from a predecessor's)."""
    paths = draft.paths()
    groups: dict[tuple[int, int], list[Any]] = {}
    orgs: dict[int, Organization] = {}
    for duty in draft.assignments:
        if duty.row is None or duty.row not in paths or duty.role not in AssignmentRole.values:
            continue
        org = agencies.get(clean(duty.agency))
        if org is None:
            continue
        orgs[org.pk] = org
        groups.setdefault((duty.row, org.pk), []).append(duty)
    result = DraftOverlaps()
    shared = {key: duties for key, duties in groups.items() if len(duties) > 1}
    if not shared:
        return result
    names = _aliases(orgs[org_id] for _row, org_id in shared)
    for (row, org_id), duties in shared.items():
        org = orgs[org_id]
        kept = max(duties, key=lambda d: (role_strength(d.role), -duties.index(d)))
        role = max((d.role for d in duties), key=role_strength)
        result.roles[kept.key] = role
        result.into[kept.key] = []
        for duty in duties:
            if duty is kept:
                continue
            reason, former = _reason(org, kept.agency, duty.agency, names)
            overlap = Overlap(
                path=paths[row],
                agency=org.name,
                kept_as=clean(kept.agency),
                kept_role=kept.role,
                other_as=clean(duty.agency),
                other_role=duty.role,
                reason=reason,
                former_as=former,
            )
            result.overlaps.append(overlap)
            result.folded.add(duty.key)
            result.into[kept.key].append(duty.key)
            result.messages[duty.key] = overlap.message()
    position = {path: n for n, path in enumerate(paths.values())}
    result.overlaps.sort(key=lambda o: (position.get(o.path, 0), o.agency))
    return result


def roles_held(plan: Plan, names: Iterable[str]) -> dict[str, dict[int, list[tuple[str, str]]]]:
    """For each agency name of ``names`` still waiting to be mapped, the agencies that already
    have one of its items: name → agency id → [(item path as shown, role)]. Mapping the name
    gives none of them a second assignment on those items (one query for every name)."""
    held: dict[str, dict[int, list[tuple[str, str]]]] = {name: {} for name in names}
    rows = (
        Assignment.objects.filter(
            item__plan=plan,
            is_open=True,
            organization__isnull=False,
            item__assignments__agency_name__in=list(held),
            item__assignments__organization__isnull=True,
            item__assignments__is_open=True,
        )
        .order_by("item__position", "pk")
        .values_list("item__assignments__agency_name", "organization_id", "item__path", "role")
    )
    for name, org_id, path, role in rows:
        entry = held[name].setdefault(org_id, [])
        if (display_path(path), role) not in entry:
            entry.append((display_path(path), role))
    return held

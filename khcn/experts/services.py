"""Writes to the experts registry. Every function checks ``expert_policy``, runs in one
transaction, writes audit events and refreshes the search index after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.audit import registry
from khcn.audit.services import diff, record, snapshot
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, collation_key, fold
from khcn.experts.choices import AcademicTitle, Availability, Degree, Gender, Relation
from khcn.experts.models import Affiliation, Expert, Relative, Sanction
from khcn.experts.permissions import expert_policy

CREATED = registry.register("experts.expert.created", gettext_lazy("Expert profile created"))
UPDATED = registry.register("experts.expert.updated", gettext_lazy("Expert profile changed"))
AFFILIATION_ADDED = registry.register("experts.expert.affiliation_added", gettext_lazy("Affiliation added"))
AFFILIATION_ENDED = registry.register("experts.expert.affiliation_ended", gettext_lazy("Affiliation ended"))
SANCTION_ADDED = registry.register("experts.expert.sanction_added", gettext_lazy("Sanction recorded"))
RELATIVE_ADDED = registry.register("experts.expert.relative_added", gettext_lazy("Close relative declared"))
RELATIVE_REMOVED = registry.register(
    "experts.expert.relative_removed", gettext_lazy("Close relative removed")
)

registry.register_field("fields", gettext_lazy("fields"))
registry.register_field("affiliation", gettext_lazy("affiliation"))
registry.register_field("relative", gettext_lazy("relative"))
registry.register_field("sanction", gettext_lazy("sanction"))


def _relation_label(value: Any, target: Any = None) -> Any:
    """A relation as recorded (its code), read in the reader's language."""
    return Relation(value).label if value in Relation.values else value


registry.describe(Expert, fields={"relation": gettext_lazy("relation")}, values={"relation": _relation_label})

EDITABLE_FIELDS = (
    "full_name",
    "birth_year",
    "gender",
    "academic_title",
    "degree",
    "position",
    "email",
    "phone",
    "languages",
    "publications",
    "past_tasks",
    "availability",
    "public_profile_consent",
)
# Contacts are personal data: the history records that they changed, not their values.
PRIVATE_FIELDS = ("email", "phone")
MAX_NAME = 200


def _reindex(expert: Expert) -> None:
    from khcn.search.tasks import schedule_reindex

    words_refresh([expert.pk])
    schedule_reindex(Expert, [expert.pk])


def words_refresh(ids: Iterable[int]) -> None:
    """Store the folded words of these profiles (``Expert.words``), after any change to their
    text, fields or affiliations: what "suggest experts" narrows its candidates with."""
    from khcn.experts.selectors import profile_words

    for pk, value in profile_words(ids).items():
        Expert.objects.filter(pk=pk).update(words=value)


def _tracked(expert: Expert) -> dict[str, Any]:
    values = snapshot(expert, EDITABLE_FIELDS)
    for name in PRIVATE_FIELDS:
        values[name] = "•••" if values.get(name) else ""
    values["fields"] = sorted(expert.fields.values_list("code", flat=True)) if expert.pk else []
    return values


def _check(values: dict[str, Any]) -> dict[str, Any]:
    """Clean and check the profile's values; raise ``DomainError`` with a message for people."""
    out = {
        k: clean(v) if isinstance(v, str) and k not in ("publications", "past_tasks") else v
        for k, v in values.items()
    }
    for key in ("publications", "past_tasks"):
        if isinstance(out.get(key), str):
            out[key] = "\n".join(clean(line) for line in out[key].splitlines() if clean(line))
    if "full_name" in out:
        if not out["full_name"]:
            raise DomainError(_("The expert's full name is required."), code="name_required")
        if len(out["full_name"]) > MAX_NAME:
            raise DomainError(
                _("The full name is too long (at most %(max)d characters).") % {"max": MAX_NAME},
                code="name_too_long",
            )
    year = out.get("birth_year")
    if year is not None:
        this_year = timezone.localdate().year
        if not isinstance(year, int) or not 1900 <= year <= this_year - 15:
            raise DomainError(
                _("The year of birth must be between 1900 and %(max)d.") % {"max": this_year - 15},
                code="bad_year",
            )
    for key, choices in (
        ("gender", Gender.values),
        ("academic_title", AcademicTitle.values),
        ("degree", Degree.values),
    ):
        if out.get(key) and out[key] not in choices:
            raise DomainError(_("Unknown value for %(field)s.") % {"field": key}, code="bad_choice")
    if "availability" in out and out["availability"] not in Availability.values:
        raise DomainError(_("Unknown value for %(field)s.") % {"field": "availability"}, code="bad_choice")
    return out


def _set_name(expert: Expert) -> None:
    expert.name_sort = collation_key(expert.full_name)
    expert.name_folded = fold(expert.full_name)[:200]


def _affiliation(
    expert: Expert,
    *,
    organization: Any = None,
    organization_name: str = "",
    position: str = "",
    start: dt.date | None = None,
) -> Affiliation | None:
    name = clean(organization_name or "")
    if organization is None and not name:
        return None
    return Affiliation.objects.create(
        expert=expert,
        organization=organization,
        organization_name="" if organization is not None else name[:255],
        name_folded=fold(organization.name if organization is not None else name)[:255],
        position=clean(position)[:255],
        start=start,
    )


@transaction.atomic
def expert_create(
    *,
    actor: Any,
    full_name: str,
    fields: Iterable[Any] = (),
    organization: Any = None,
    organization_name: str = "",
    user: Any = None,
    is_generated: bool = False,
    **values: Any,
) -> Expert:
    """Add an expert, with their fields and current affiliation (an agency of the registry, or
    the name of a university, an institute, an enterprise). DOST staff. Audited."""
    expert_policy.require(actor, "add")
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    data = _check({"full_name": full_name, **values})
    expert = Expert(**data, user=user, is_generated=is_generated)
    _set_name(expert)
    expert.save()
    expert.fields.set(list(fields))
    _affiliation(
        expert,
        organization=organization,
        organization_name=organization_name,
        position=data.get("position", ""),
    )
    record(actor=actor, action=CREATED, target=expert, changes=diff({}, _tracked(expert)))
    _reindex(expert)
    return expert


@transaction.atomic
def expert_update(
    *,
    actor: Any,
    expert: Expert,
    version: int | None = None,
    fields: Iterable[Any] | None = None,
    **values: Any,
) -> Expert:
    """Change a profile: the DOST any, the expert their own. A change made from an older
    ``version`` is refused. Audited (contacts as "changed", not their values)."""
    expert_policy.require(actor, "change", expert)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    locked = Expert.objects.select_for_update().get(pk=expert.pk)
    check_version(locked, version, _("Someone else changed this profile while you were editing it."))
    before = _tracked(locked)
    for key, value in _check(values).items():
        setattr(locked, key, value)
    _set_name(locked)
    locked.save()
    if fields is not None:
        locked.fields.set(list(fields))
    words_refresh([locked.pk])
    changes = diff(before, _tracked(locked))
    if changes:
        record(actor=actor, action=UPDATED, target=locked, changes=changes)
        _reindex(locked)
    return locked


@transaction.atomic
def affiliation_add(
    *,
    actor: Any,
    expert: Expert,
    organization: Any = None,
    organization_name: str = "",
    position: str = "",
    start: dt.date | None = None,
    end_current: bool = False,
) -> Affiliation:
    """Record where the expert works (from ``start``); with ``end_current``, the affiliations
    without an end end the day before. Audited."""
    expert_policy.require(actor, "change", expert)
    Expert.objects.select_for_update().filter(pk=expert.pk).first()
    if organization is None and not clean(organization_name or ""):
        raise DomainError(_("Choose an agency or type the organisation's name."), code="no_organisation")
    if end_current:
        day = (start or timezone.localdate()) - dt.timedelta(days=1)
        for current in expert.affiliations.filter(end__isnull=True):
            current.end = max(day, current.start) if current.start else day
            current.save(update_fields=["end"])
            record(
                actor=actor,
                action=AFFILIATION_ENDED,
                target=expert,
                changes={"affiliation": [current.name, None]},
            )
    affiliation = _affiliation(
        expert, organization=organization, organization_name=organization_name, position=position, start=start
    )
    assert affiliation is not None
    record(
        actor=actor,
        action=AFFILIATION_ADDED,
        target=expert,
        changes={"affiliation": [None, affiliation.name]},
    )
    _reindex(expert)
    return affiliation


@transaction.atomic
def sanction_add(
    *, actor: Any, expert: Expert, reason: str, start: dt.date, end: dt.date | None = None, decision: str = ""
) -> Sanction:
    """Record a sanction (DOST staff only: the expert does not record their own). Audited."""
    expert_policy.require(actor, "add")
    expert_policy.require(actor, "change", expert)
    reason = clean(reason)
    if not reason:
        raise DomainError(_("Say why the expert was sanctioned."), code="reason_required")
    if end is not None and end < start:
        raise DomainError(_("The end date is before the start date."), code="dates")
    sanction = Sanction.objects.create(
        expert=expert, reason=reason, start=start, end=end, decision=clean(decision)[:255]
    )
    record(actor=actor, action=SANCTION_ADDED, target=expert, changes={"sanction": [None, reason]})
    return sanction


@transaction.atomic
def relative_add(*, actor: Any, expert: Expert, relative: Expert, relation: str) -> Relative:
    """Declare a close relative who is also in the registry (the expert or the DOST). Audited."""
    expert_policy.require(actor, "change", expert)
    if relation not in Relation.values:
        raise DomainError(_("Unknown relation."), code="bad_relation")
    if relative.pk == expert.pk:
        raise DomainError(_("An expert cannot be their own relative."), code="self")
    if Relative.objects.filter(expert=expert, relative=relative).exists():
        raise DomainError(_("This relative is already declared."), code="duplicate")
    row = Relative.objects.create(expert=expert, relative=relative, relation=relation)
    record(
        actor=actor,
        action=RELATIVE_ADDED,
        target=expert,
        changes={"relation": [None, relation], "relative": [None, relative.full_name]},
    )
    return row


@transaction.atomic
def relative_remove(*, actor: Any, row: Relative) -> None:
    expert_policy.require(actor, "change", row.expert)
    record(
        actor=actor,
        action=RELATIVE_REMOVED,
        target=row.expert,
        changes={"relation": [row.relation, None], "relative": [row.relative.full_name, None]},
    )
    row.delete()


# --- Import from Excel ---------------------------------------------------------------------

IMPORTED = registry.register("experts.expert.imported", gettext_lazy("Imported from Excel"))


@transaction.atomic
def expert_import(*, actor: Any, preview: Any, decisions: dict[int, str]) -> dict[str, int]:
    """Write a checked preview (``imports.preview``): every row or none. Refused, with the rows
    named, while any row has a problem or a doubtful match has no decision; ``decisions`` maps a
    doubtful row's number to "new" or the id of the profile it updates. New rows are created,
    matched rows updated (only the columns the file fills; a new affiliation ends the current
    one). Each profile's history says it was imported. DOST staff."""
    from khcn.experts.imports import NEW, REVIEW, UPDATE

    expert_policy.require(actor, "import")
    bad = [str(r.number) for r in preview.rows if r.errors]
    if bad:
        raise DomainError(
            _("Rows %(rows)s have problems: correct the file and import it again. Nothing was imported.")
            % {"rows": ", ".join(bad[:20]) + ("…" if len(bad) > 20 else "")},
            code="row_errors",
        )
    undecided = []
    for row in preview.rows:
        if row.action != REVIEW:
            continue
        choice = str(decisions.get(row.number, ""))
        if choice == NEW:
            row.action = NEW
        elif choice.isdigit() and int(choice) in {c.pk for c in row.candidates}:
            row.action, row.match = UPDATE, next(c for c in row.candidates if c.pk == int(choice))
        else:
            undecided.append(str(row.number))
    if undecided:
        raise DomainError(
            _(
                "Decide for rows %(rows)s whether they are experts already in the registry. "
                "Nothing was imported."
            )
            % {"rows": ", ".join(undecided[:20])},
            code="undecided",
        )
    counts = {"created": 0, "updated": 0}
    for row in preview.rows:
        values = dict(row.values)
        if row.action == NEW:
            expert = expert_create(
                actor=actor,
                fields=row.fields,
                organization=row.organization,
                organization_name=row.organization_name,
                **values,
            )
            counts["created"] += 1
        else:
            expert = row.match
            values.pop("full_name", None)  # the name as registered stays
            expert_update(actor=actor, expert=expert, fields=row.fields or None, **values)
            current = {
                fold(a.name)
                for a in expert.affiliations.filter(end__isnull=True).select_related("organization")
            }
            if row.affiliation and fold(row.affiliation) not in current:
                affiliation_add(
                    actor=actor,
                    expert=expert,
                    organization=row.organization,
                    organization_name=row.organization_name,
                    end_current=True,
                )
            counts["updated"] += 1
        record(actor=actor, action=IMPORTED, target=expert, note=_("Row %(row)d") % {"row": row.number})
    return counts

"""Writes to the agency registry: create, edit, names, rename, merge, split.

Every function checks ``organization_policy``, runs in one transaction, writes audit events
and refreshes the search index after commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.accounts.services import members_changed
from khcn.audit import registry
from khcn.audit.services import diff, record, snapshot
from khcn.core.concurrency import check_version
from khcn.core.exceptions import DomainError
from khcn.core.text import clean, collation_key, fold
from khcn.organizations.choices import AliasKind, OrganizationKind, SuccessionKind
from khcn.organizations.hooks import run_change_hooks, run_succession_hooks
from khcn.organizations.models import Organization, OrganizationAlias, Succession
from khcn.organizations.permissions import organization_policy
from khcn.organizations.selectors import COUNTS_CACHE_KEY

CREATED = registry.register("organizations.organization.created", gettext_lazy("Agency created"))
UPDATED = registry.register("organizations.organization.updated", gettext_lazy("Agency details changed"))
RENAMED = registry.register("organizations.organization.renamed", gettext_lazy("Agency renamed"))
ALIAS_ADDED = registry.register("organizations.organization.alias_added", gettext_lazy("Name added"))
ALIAS_REMOVED = registry.register("organizations.organization.alias_removed", gettext_lazy("Name removed"))
MERGED_INTO = registry.register(
    "organizations.organization.merged_into", gettext_lazy("Merged into another agency")
)
ABSORBED = registry.register("organizations.organization.absorbed", gettext_lazy("Took in merged agencies"))
SPLIT = registry.register("organizations.organization.split", gettext_lazy("Split into new agencies"))
SPLIT_FROM = registry.register("organizations.organization.split_from", gettext_lazy("Created by a split"))
ENDED = registry.register("organizations.organization.ended", gettext_lazy("Agency ended"))

registry.register_field("aliases", gettext_lazy("names"))
registry.register_field("successor", gettext_lazy("successor"))
registry.register_field("successors", gettext_lazy("successors"))
registry.register_field("predecessor", gettext_lazy("predecessor"))
registry.register_field("predecessors", gettext_lazy("predecessors"))

_ENDED_NAMESAKE = "%(name)s (before %(date)s)"  # Organization.label of an agency that ended


@functools.cache
def _label_patterns() -> tuple[re.Pattern[str], ...]:
    patterns = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            text = re.escape(translation.gettext(_ENDED_NAMESAKE))
        text = text.replace(re.escape("%(name)s"), r"(?P<name>.+)")
        text = text.replace(re.escape("%(date)s"), r"(?P<date>\S+)")
        patterns.append(re.compile(text))
    return tuple(patterns)


def label_in_reader_language(value: Any, target: Any = None) -> Any:
    """An agency's label as recorded in the history, read in the reader's language: "Sở Y tế
    (trước 01/7/2025)", recorded from a Vietnamese page, reads "Sở Y tế (before 01/7/2025)"
    on an English one (``Organization.label``). Anything else is shown as recorded."""
    if isinstance(value, list):
        return [label_in_reader_language(v) for v in value]
    if isinstance(value, str):
        for pattern in _label_patterns():
            match = pattern.fullmatch(value)
            if match:
                return translation.gettext(_ENDED_NAMESAKE) % match.groupdict()
    return value


registry.describe(
    Organization,
    values=dict.fromkeys(
        ("parent", "successor", "successors", "predecessor", "predecessors"), label_in_reader_language
    ),
)

EDITABLE_FIELDS = ("short_name", "kind", "parent", "code", "valid_from", "description")
TRACKED_FIELDS = ("name", *EDITABLE_FIELDS, "valid_to")
MAX_NAME = 255


@dataclass(frozen=True)
class NewOrganization:
    """What is needed to create an agency as part of a merger or a split."""

    name: str
    kind: str
    short_name: str = ""
    parent: Organization | None = None


def _reindex(*orgs: Organization) -> None:
    """After commit, refresh (as a background job) the search entries of ``orgs`` and of what
    shows their names: their units (whose entries carry the parent's name) and their members;
    and drop the cached registry counts (``selectors.organization_counts``); tell the other modules
    (``hooks.run_change_hooks``)."""
    from khcn.accounts.models import User
    from khcn.search.tasks import schedule_reindex

    transaction.on_commit(lambda: cache.delete(COUNTS_CACHE_KEY))  # the home page's counts
    run_change_hooks(organizations=orgs)  # what other modules show of their names
    ids = [o.pk for o in orgs]
    members_changed(organization_ids=ids)  # their members' roles name them
    schedule_reindex(
        Organization,
        Organization.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).values_list("pk", flat=True),
    )
    schedule_reindex(
        User, User.objects.filter(memberships__organization_id__in=ids).values_list("pk", flat=True)
    )


def _check_name(name: str) -> str:
    name = clean(name)
    if not name:
        raise DomainError(_("The agency name is required."), code="name_required")
    if len(name) > MAX_NAME:
        raise DomainError(
            _("The agency name is too long (at most %(max)d characters).") % {"max": MAX_NAME},
            code="name_too_long",
        )
    return name


def _check_kind(kind: str) -> str:
    if kind not in OrganizationKind.values:
        raise DomainError(_("Unknown agency kind."), code="bad_kind")
    return kind


def _ensure_no_active_duplicate(name: str, *, exclude: Organization | None = None) -> None:
    folded = fold(name)
    clash = Organization.objects.filter(
        valid_to__isnull=True,
        aliases__kind=AliasKind.OFFICIAL,
        aliases__name_folded=folded,
        aliases__valid_to__isnull=True,
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise DomainError(
            _("An agency named “%(name)s” is already in operation.") % {"name": name}, code="duplicate_name"
        )


def _add_alias(
    org: Organization,
    name: str,
    kind: str,
    *,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> OrganizationAlias | None:
    name = clean(name)
    if not name:
        return None
    alias, _created = OrganizationAlias.objects.get_or_create(
        organization=org,
        name=name,
        kind=kind,
        defaults={"name_folded": fold(name), "valid_from": valid_from, "valid_to": valid_to},
    )
    return alias


def _create(
    data: NewOrganization, *, valid_from: dt.date | None, code: str = "", description: str = ""
) -> Organization:
    name = _check_name(data.name)
    _ensure_no_active_duplicate(name)
    org = Organization.objects.create(
        name=name,
        name_sort=collation_key(name),
        short_name=clean(data.short_name)[:100],
        kind=_check_kind(data.kind),
        parent=data.parent,
        code=clean(code)[:40],
        valid_from=valid_from,
        description=clean(description) if description else "",
    )
    _add_alias(org, name, AliasKind.OFFICIAL, valid_from=valid_from)
    if org.short_name:
        _add_alias(org, org.short_name, AliasKind.SHORT, valid_from=valid_from)
    return org


@transaction.atomic
def organization_create(
    *,
    actor: User,
    name: str,
    kind: str,
    short_name: str = "",
    parent: Organization | None = None,
    code: str = "",
    valid_from: dt.date | None = None,
    description: str = "",
    aliases: Iterable[str] = (),
) -> Organization:
    """Create an agency with its official and short names and any other names.

    DOST staff or system administrators. Refuses a second agency in operation with the same
    official name. Audited; indexed for search after commit.
    """
    organization_policy.require(actor, "add")
    org = _create(
        NewOrganization(name=name, kind=kind, short_name=short_name, parent=parent),
        valid_from=valid_from,
        code=code,
        description=description,
    )
    for alias in aliases:
        _add_alias(org, alias, AliasKind.ALIAS)
    record(actor=actor, action=CREATED, target=org, changes=diff({}, snapshot(org, TRACKED_FIELDS)))
    _reindex(org)
    return org


@transaction.atomic
def organization_update(
    *, actor: User, organization: Organization, version: int | None = None, **fields: Any
) -> Organization:
    """Change an agency's details (not its name: use ``organization_rename``). A change made
    from an older ``version`` (someone saved the agency meanwhile) is refused. Audited."""
    organization_policy.require(actor, "change", organization)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    check_version(org, version, _("Someone else changed this agency while you were editing it."))
    before = snapshot(org, TRACKED_FIELDS)
    if "kind" in fields:
        _check_kind(fields["kind"])
    if fields.get("parent") is not None and fields["parent"].pk == org.pk:
        raise DomainError(_("An agency cannot be its own parent."), code="own_parent")
    for key, value in fields.items():
        setattr(org, key, clean(value) if isinstance(value, str) else value)
    org.save()
    if "short_name" in fields and org.short_name:
        _add_alias(org, org.short_name, AliasKind.SHORT)
    changes = diff(before, snapshot(org, TRACKED_FIELDS))
    if changes:
        record(actor=actor, action=UPDATED, target=org, changes=changes)
        _reindex(org)
    return org


@transaction.atomic
def organization_alias_add(
    *, actor: User, organization: Organization, name: str, kind: str = AliasKind.ALIAS
) -> OrganizationAlias:
    """Record another name of the agency (an abbreviation such as "SKHCN"). Audited."""
    organization_policy.require(actor, "change", organization)
    name = _check_name(name)
    if kind not in (AliasKind.SHORT, AliasKind.ALIAS, AliasKind.FORMER):
        raise DomainError(_("Unknown name kind."), code="bad_alias_kind")
    if OrganizationAlias.objects.filter(organization=organization, name=name).exists():
        raise DomainError(_("The agency already has this name."), code="duplicate_alias")
    alias = _add_alias(organization, name, kind)
    assert alias is not None
    record(actor=actor, action=ALIAS_ADDED, target=organization, changes={"aliases": [None, name]})
    _reindex(organization)
    return alias


@transaction.atomic
def organization_alias_remove(*, actor: User, alias: OrganizationAlias) -> None:
    """Remove a short or other name (official and former names are history and stay)."""
    organization_policy.require(actor, "change", alias.organization)
    if alias.kind in (AliasKind.OFFICIAL, AliasKind.FORMER):
        raise DomainError(_("Official and former names are kept as history."), code="alias_protected")
    org = alias.organization
    name = alias.name
    alias.delete()
    record(actor=actor, action=ALIAS_REMOVED, target=org, changes={"aliases": [name, None]})
    _reindex(org)


@transaction.atomic
def organization_rename(
    *,
    actor: User,
    organization: Organization,
    new_name: str,
    date: dt.date,
    new_short_name: str | None = None,
    decision: str = "",
) -> Organization:
    """Rename an agency from ``date``. The old name stays as a former name valid until the
    day before, so documents of that time still resolve to this agency. Audited."""
    organization_policy.require(actor, "restructure", organization)
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    new_name = _check_name(new_name)
    if new_name == org.name:
        raise DomainError(_("The new name is the same as the current one."), code="same_name")
    if org.valid_to is not None:
        raise DomainError(_("This agency has ended; it cannot be renamed."), code="ended")
    if org.valid_from and date <= org.valid_from:
        raise DomainError(_("The date must be after the agency was established."), code="bad_date")
    _ensure_no_active_duplicate(new_name, exclude=org)
    before = snapshot(org, TRACKED_FIELDS)
    end = date - dt.timedelta(days=1)
    OrganizationAlias.objects.filter(organization=org, kind=AliasKind.OFFICIAL, valid_to__isnull=True).update(
        kind=AliasKind.FORMER, valid_to=end
    )
    if new_short_name is not None:
        OrganizationAlias.objects.filter(
            organization=org, kind=AliasKind.SHORT, valid_to__isnull=True
        ).update(valid_to=end)
        org.short_name = clean(new_short_name)[:100]
        if org.short_name:
            _add_alias(org, org.short_name, AliasKind.SHORT, valid_from=date)
    org.name = new_name
    org.name_sort = collation_key(new_name)
    org.version += 1
    org.save()
    OrganizationAlias.objects.filter(organization=org, name=new_name, kind=AliasKind.OFFICIAL).delete()
    _add_alias(org, new_name, AliasKind.OFFICIAL, valid_from=date)
    record(
        actor=actor,
        action=RENAMED,
        target=org,
        changes=diff(before, snapshot(org, TRACKED_FIELDS)),
        note=decision,
    )
    _reindex(org)
    return org


def _end(org: Organization, date: dt.date) -> dict[str, list[Any]]:
    if org.valid_to is not None:
        raise DomainError(_("“%(name)s” has already ended.") % {"name": org.name}, code="ended")
    if org.valid_from and date <= org.valid_from:
        raise DomainError(
            _("The date must be after “%(name)s” was established.") % {"name": org.name}, code="bad_date"
        )
    before = snapshot(org, TRACKED_FIELDS)
    org.valid_to = date - dt.timedelta(days=1)
    org.save(update_fields=["valid_to", "updated_at"])
    OrganizationAlias.objects.filter(organization=org, valid_to__isnull=True).update(valid_to=org.valid_to)
    return diff(before, snapshot(org, TRACKED_FIELDS))


@transaction.atomic
def organization_merge(
    *,
    actor: User,
    sources: Sequence[Organization],
    date: dt.date,
    target: Organization | None = None,
    new: NewOrganization | None = None,
    decision: str = "",
) -> Organization:
    """Merge ``sources`` into ``target`` (an agency in operation, which continues) or into a
    ``new`` agency established on ``date``. Each source ends the day before ``date`` and
    names the target as its successor; its names keep resolving for dates before. Audited.
    """
    organization_policy.require(actor, "restructure")
    if (target is None) == (new is None):
        raise DomainError(
            _("Choose an existing agency or give the name of a new one."), code="target_required"
        )
    if not sources:
        raise DomainError(_("Choose at least one agency to merge."), code="sources_required")
    locked = list(
        Organization.objects.select_for_update().filter(pk__in=[s.pk for s in sources]).order_by("pk")
    )
    if target is not None:
        target = Organization.objects.select_for_update().get(pk=target.pk)
        if target.pk in {s.pk for s in locked}:
            raise DomainError(_("An agency cannot be merged into itself."), code="self_merge")
        if target.valid_to is not None:
            raise DomainError(_("The receiving agency has ended."), code="target_ended")
    changes_by_source = [(src, _end(src, date)) for src in locked]
    if new is not None:
        target = _create(new, valid_from=date)
        record(
            actor=actor,
            action=CREATED,
            target=target,
            changes=diff({}, snapshot(target, TRACKED_FIELDS)),
            note=decision,
        )
    assert target is not None
    for src, changes in changes_by_source:
        Succession.objects.create(
            predecessor=src, successor=target, kind=SuccessionKind.MERGE, date=date, decision=clean(decision)
        )
        run_succession_hooks(actor=actor, predecessor=src, successors=[target], date=date)
        record(
            actor=actor,
            action=MERGED_INTO,
            target=src,
            changes={**changes, "successor": [None, target.name]},
            note=decision,
        )
        for child in Organization.objects.filter(parent=src, valid_to__isnull=True):
            child.parent = target
            child.save(update_fields=["parent", "updated_at"])
            record(
                actor=actor,
                action=UPDATED,
                target=child,
                changes={"parent": [src.label, target.label]},
                note=decision,
            )
    record(
        actor=actor,
        action=ABSORBED,
        target=target,
        changes={"predecessors": [None, [s.label for s in locked]]},  # "Sở Y tế (trước 01/7/2025)"
        note=decision,
    )
    _reindex(target, *locked)
    return target


@transaction.atomic
def organization_split(
    *,
    actor: User,
    organization: Organization,
    parts: Sequence[Organization | NewOrganization],
    date: dt.date,
    decision: str = "",
) -> list[Organization]:
    """End ``organization`` the day before ``date`` and hand its duties to ``parts`` (existing
    agencies in operation, or new ones established on ``date``). Also used when an agency is
    abolished and its duties go to others (a district to its communes). Audited."""
    organization_policy.require(actor, "restructure", organization)
    if not parts:
        raise DomainError(_("Name at least one agency that takes over."), code="parts_required")
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    changes = _end(org, date)
    successors: list[Organization] = []
    for part in parts:
        if isinstance(part, NewOrganization):
            successor = _create(part, valid_from=date)
            record(
                actor=actor,
                action=SPLIT_FROM,
                target=successor,
                changes={**diff({}, snapshot(successor, TRACKED_FIELDS)), "predecessor": [None, org.label]},
                note=decision,
            )
        else:
            successor = Organization.objects.select_for_update().get(pk=part.pk)
            if successor.pk == org.pk or successor.valid_to is not None:
                raise DomainError(_("A successor must be another agency in operation."), code="bad_successor")
        kind = SuccessionKind.SPLIT if len(parts) > 1 else SuccessionKind.TRANSFER
        Succession.objects.create(
            predecessor=org, successor=successor, kind=kind, date=date, decision=clean(decision)
        )
        successors.append(successor)
    run_succession_hooks(actor=actor, predecessor=org, successors=successors, date=date)
    record(
        actor=actor,
        action=SPLIT,
        target=org,
        changes={**changes, "successors": [None, [s.name for s in successors]]},
        note=decision,
    )
    _reindex(org, *successors)
    return successors

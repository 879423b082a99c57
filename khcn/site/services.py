"""Writes of the site layer: rule-set versions (published by a person, or synced from what the
apps declare), and the demo data (each app's loaders, in dependency order)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.choices import Role
from khcn.accounts.models import User
from khcn.audit import registry as audit_registry
from khcn.audit.services import record
from khcn.core.exceptions import DomainError
from khcn.core.models import RuleSet
from khcn.core.plugins import DemoContext, RuleSetVersion
from khcn.site import registry
from khcn.site.models import DemoLoad
from khcn.site.permissions import ruleset_policy

# The audit code keeps the name it had when rule sets were published from ``core``.
RULESET_PUBLISHED = audit_registry.register(
    "core.ruleset.published", gettext_lazy("Rule set version published")
)
DEMO_PASSWORD = "KhcnDemo@2026"


def _create_version(*, actor: User | None, version: RuleSetVersion) -> RuleSet:
    created = RuleSet.objects.create(
        code=version.code,
        title=version.title,
        effective_from=version.effective_from,
        parameters=dict(version.parameters),
        legal_basis=version.legal_basis,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record(
        actor=actor,
        action=RULESET_PUBLISHED,
        target=created,
        changes={"parameters": [None, dict(version.parameters)]},
    )
    return created


@transaction.atomic
def ruleset_publish(
    *,
    actor: User,
    code: str,
    title: str,
    effective_from: dt.date,
    parameters: dict[str, Any],
    legal_basis: str = "",
) -> RuleSet:
    """Publish a new version of rule set ``code``. Sysadmin or DOST leader. Audited.

    A version already in force is never edited: publish a new version with a later date.
    """
    ruleset_policy.require(actor, "publish")
    if RuleSet.objects.filter(code=code, effective_from=effective_from).exists():
        raise DomainError(_("A version of this rule set already takes effect on that date."))
    version = RuleSetVersion(code, title, effective_from, parameters, legal_basis)
    return _create_version(actor=actor, version=version)


@transaction.atomic
def rulesets_sync() -> list[RuleSet]:
    """Publish every rule-set version the installed apps declare (``site.py``) that this
    database does not have yet, as the system (no actor), audited. Versions already there are
    left as they are. Run after ``migrate`` (``manage.py rulesets_sync``); the demo runs it."""
    existing = set(RuleSet.objects.values_list("code", "effective_from"))
    return [
        _create_version(actor=None, version=version)
        for version in registry.rulesets()
        if (version.code, version.effective_from) not in existing
    ]


@dataclass
class DemoResult:
    loaded: list[str]
    logins: list[tuple[str, str, str]]

    @property
    def created(self) -> bool:
        return bool(self.loaded)


def demo_logins() -> list[tuple[str, str, str]]:
    """One demo login per role (the first demo account holding it): username, password, role."""
    from khcn.accounts.models import Membership

    first: dict[str, str] = {}
    for role, username in (
        Membership.objects.filter(user__is_demo=True)
        .order_by("user_id", "pk")
        .values_list("role", "user__username")
    ):
        first.setdefault(role, username)
    order = [Role.SYSADMIN, *(role for role in Role if role != Role.SYSADMIN)]
    return [(first[role], DEMO_PASSWORD, str(role.label)) for role in order if role in first]


def demo_load() -> DemoResult:
    """Run every demo loader not yet run on this database, in dependency order, each in its
    own transaction (a failure leaves the ones before it loaded). Demo mode only."""
    if not settings.KHCN_DEMO:
        raise DomainError(_("Demo data can be loaded only in demo mode (KHCN_DEMO=1)."), code="not_demo")
    rulesets_sync()
    done = set(DemoLoad.objects.values_list("name", flat=True))
    context = DemoContext(password=DEMO_PASSWORD)
    context.actor = User.objects.filter(
        is_demo=True, is_superuser=False, memberships__role=Role.SYSADMIN
    ).first()
    loaded: list[str] = []
    for loader in registry.demo_loaders():
        if loader.name in done:
            continue
        with transaction.atomic():
            loader.load(context)
            DemoLoad.objects.create(name=loader.name)
        loaded.append(loader.name)
    return DemoResult(loaded=loaded, logins=demo_logins())

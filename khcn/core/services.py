"""Services of the core app: publishing rule-set versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.roles import Role
from khcn.audit import registry
from khcn.audit.services import record
from khcn.core.exceptions import DomainError
from khcn.core.models import RuleSet
from khcn.core.permissions import Policy

RULESET_PUBLISHED = registry.register("core.ruleset.published", gettext_lazy("Rule set version published"))


class RuleSetPolicy(Policy):
    actions = ("view", "publish")

    def check(self, user: Any, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        return self.is_sysadmin(user) or self.has_role(user, Role.DOST_LEADER)


ruleset_policy = RuleSetPolicy()


@transaction.atomic
def ruleset_publish(
    *,
    actor: Any,
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
    version = RuleSet.objects.create(
        code=code,
        title=title,
        effective_from=effective_from,
        parameters=parameters,
        legal_basis=legal_basis,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(actor=actor, action=RULESET_PUBLISHED, target=version, changes={"parameters": [None, parameters]})
    return version

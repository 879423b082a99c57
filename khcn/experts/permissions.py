"""Who may see and change expert profiles (Decree 13/2023/NĐ-CP on personal data).

- DOST staff and system administrators see and edit every profile, contacts and relatives
  included; they add, import and export, and ask for experts to suggest.
- An expert with an account sees and edits their own profile, contacts and relatives included.
- Any other signed-in user (council members and secretaries, agencies) sees only the limited
  profile (name, title, degree, fields, affiliation) of experts who agreed to it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from khcn.accounts.permissions import RolePolicy

MANAGE = ("add", "import", "export", "suggest")


class ExpertPolicy(RolePolicy):
    actions = ("view", "view_private", "change", *MANAGE)

    def _staff(self, user: Any) -> bool:
        return self.is_sysadmin(user) or self.is_dost(user)

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        if self._staff(user):
            return True
        if action in MANAGE:
            return False
        if obj is None:
            # The model: anyone signed in may look at the registry (they see consented profiles);
            # only staff may change any profile.
            return action == "view"
        own = getattr(obj, "user_id", None) == user.pk
        if action == "view":
            return own or bool(getattr(obj, "public_profile_consent", False))
        return own  # view_private, change

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return qs.none()
        if self._staff(user):
            return qs
        if action in MANAGE:
            return qs.none()
        if action == "view":
            return qs.filter(Q(user=user) | Q(public_profile_consent=True))
        return qs.filter(user=user)


expert_policy = ExpertPolicy()

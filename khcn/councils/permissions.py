"""Who may see and do what with councils.

- ``view``: the DOST, and whoever sits on the council (a seat, or a council membership);
- ``manage`` (create, members, items, decision, schedule, reconvene): the DOST;
- ``run`` (open and close a session, attendance, transcribe a paper sheet): the DOST and the
  council's scientific secretary;
- ``fill`` (one's own sheets): a member with a seat that was not removed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from khcn.accounts.choices import Role
from khcn.accounts.permissions import RolePolicy
from khcn.accounts.roles import council_ids_of
from khcn.councils.choices import MemberRole
from khcn.councils.models import Council, CouncilMember


class CouncilPolicy(RolePolicy):
    actions = ("view", "manage", "run", "fill")

    @staticmethod
    def _seats(user: Any) -> QuerySet[CouncilMember]:
        return CouncilMember.objects.filter(user=user, removed_on__isnull=True)

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        dost = self.is_dost(user) or self.is_sysadmin(user)
        if action == "manage":
            return dost
        if obj is None:
            if action == "view":
                return dost or bool(council_ids_of(user)) or self._seats(user).exists()
            if action == "run":
                return dost or bool(council_ids_of(user, Role.COUNCIL_SECRETARY))
            return self._seats(user).exists()
        assert isinstance(obj, Council)
        if action == "view":
            return dost or obj.pk in council_ids_of(user) or self._seats(user).filter(council=obj).exists()
        if action == "run":
            return (
                dost
                or obj.pk in council_ids_of(user, Role.COUNCIL_SECRETARY)
                or self._seats(user).filter(council=obj, role=MemberRole.SECRETARY).exists()
            )
        if action == "fill":
            return self._seats(user).filter(council=obj).exists()
        return False

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions or not self.can(user, "view"):
            return qs.none()
        dost = self.is_dost(user) or self.is_sysadmin(user)
        seat = Exists(self._seats(user).filter(council=OuterRef("pk")))
        if action == "manage":
            return qs if dost else qs.none()
        if action == "view":
            return qs if dost else qs.filter(Q(pk__in=council_ids_of(user)) | seat)
        if action == "run":
            if dost:
                return qs
            secretary = Exists(self._seats(user).filter(council=OuterRef("pk"), role=MemberRole.SECRETARY))
            return qs.filter(Q(pk__in=council_ids_of(user, Role.COUNCIL_SECRETARY)) | secretary)
        return qs.filter(seat)  # fill


council_policy = CouncilPolicy()

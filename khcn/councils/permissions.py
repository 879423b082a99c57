"""Who may see and do what with councils.

- ``view``: the DOST, and whoever sits on the council (a seat, or a council membership);
- ``browse`` (the menu entry): the DOST and holders of a council membership, answered without
  a query (a seated person without one finds their councils on the home page);
- ``manage`` (create, members, items, decision, schedule, reconvene): the DOST;
- ``run`` (open and close a session, attendance, transcribe a paper sheet): the DOST and the
  council's scientific secretary;
- ``fill`` (one's own sheets): a member with a seat that was not removed;
- ``override`` (lift a conflict-of-interest block, with a reason): a DOST leader.
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
    actions = ("view", "browse", "manage", "run", "fill", "override")

    @staticmethod
    def _seats(user: Any) -> QuerySet[CouncilMember]:
        return CouncilMember.objects.filter(user=user, removed_on__isnull=True)

    @classmethod
    def _seated(cls, user: Any) -> dict[int, set[str]]:
        """The councils the user sits on, with their roles there: read once per user object
        (a request), as memberships are."""
        cached = getattr(user, "_council_seats", None)
        if cached is None:
            cached = {}
            for council_id, role in cls._seats(user).values_list("council_id", "role"):
                cached.setdefault(council_id, set()).add(role)
            user._council_seats = cached
        return cached

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        dost = self.is_dost(user) or self.is_sysadmin(user)
        if action == "manage":
            return dost
        if action == "override":  # lift a conflict-of-interest block: a DOST leader only
            return self.has_role(user, Role.DOST_LEADER) or self.is_sysadmin(user)
        if obj is None:
            if action == "browse":  # the menu: from memberships, read once per request
                return dost or bool(council_ids_of(user))
            if action == "view":
                return dost or bool(council_ids_of(user)) or bool(self._seated(user))
            if action == "run":
                return (
                    dost
                    or bool(council_ids_of(user, Role.COUNCIL_SECRETARY))
                    or any(MemberRole.SECRETARY in roles for roles in self._seated(user).values())
                )
            return bool(self._seated(user))  # fill
        assert isinstance(obj, Council)
        if action == "browse":
            return dost or obj.pk in council_ids_of(user)
        if action == "view":
            return dost or obj.pk in council_ids_of(user) or obj.pk in self._seated(user)
        if action == "run":
            return (
                dost
                or obj.pk in council_ids_of(user, Role.COUNCIL_SECRETARY)
                or MemberRole.SECRETARY in self._seated(user).get(obj.pk, set())
            )
        if action == "fill":
            return obj.pk in self._seated(user)
        return False

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions or not self.can(user, "view"):
            return qs.none()
        dost = self.is_dost(user) or self.is_sysadmin(user)
        seat = Exists(self._seats(user).filter(council=OuterRef("pk")))
        if action == "manage":
            return qs if dost else qs.none()
        if action == "override":
            return qs if self.can(user, "override") else qs.none()
        if action == "browse":
            return qs if dost else qs.filter(pk__in=council_ids_of(user))
        if action == "view":
            return qs if dost else qs.filter(Q(pk__in=council_ids_of(user)) | seat)
        if action == "run":
            if dost:
                return qs
            secretary = Exists(self._seats(user).filter(council=OuterRef("pk"), role=MemberRole.SECRETARY))
            return qs.filter(Q(pk__in=council_ids_of(user, Role.COUNCIL_SECRETARY)) | secretary)
        return qs.filter(seat)  # fill


council_policy = CouncilPolicy()

"""Who may see and do what in the library.

Records (``record_policy``):
- ``view`` (the description): everyone, signed in or not, once published (a withdrawn record
  keeps its tombstone page); a record being deposited: its depositor, the curators of its
  collection and the DOST;
- ``download`` (the files): published records by their access level — public: everyone;
  signed-in users; restricted to roles (``access_roles``); embargoed: nobody until the date,
  then everyone. The depositor, the curators and the DOST always (they review it);
- ``deposit`` (write a new record): the DOST, agencies, applicants and curators;
- ``edit`` (correct, attach files, submit): the depositor while a draft or returned; the
  curators and the DOST until withdrawn;
- ``curate`` (publish, return with a note, withdraw): the curators of the record's collection
  and the DOST;
- ``manage`` (collections, bulk import, harvesting, the usage report): the DOST.

Collections (``collection_policy``): ``view`` everyone; ``manage`` the DOST.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from khcn.accounts.choices import Role
from khcn.accounts.permissions import RolePolicy
from khcn.accounts.roles import roles_of
from khcn.library.choices import Access, RecordStatus

PUBLIC_STATUSES = (RecordStatus.PUBLISHED, RecordStatus.WITHDRAWN)
DEPOSITORS = (
    Role.DOST_SPECIALIST,
    Role.DOST_LEADER,
    Role.AGENCY_REPORTER,
    Role.AGENCY_LEADER,
    Role.APPLICANT,
)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


class RecordPolicy(RolePolicy):
    actions = ("view", "download", "deposit", "edit", "curate", "manage")

    def anonymous_can(self, action: str, obj: Model | None) -> bool:
        if action == "view":
            return obj is None or getattr(obj, "status", "") in PUBLIC_STATUSES
        if action == "download":
            return obj is not None and self._open_to_all(obj)
        return False

    @staticmethod
    def _open_to_all(obj: Any) -> bool:
        if obj.status != RecordStatus.PUBLISHED:
            return False
        return obj.access == Access.PUBLIC or (obj.access == Access.EMBARGO and not obj.embargoed())

    def _insider(self, user: Any, obj: Any) -> bool:
        """The DOST, the record's curators and its depositor."""
        if self.is_dost(user) or self.is_sysadmin(user):
            return True
        if getattr(obj, "depositor_id", None) == user.pk:
            return True
        return self._curates(user, obj)

    @staticmethod
    def _curates(user: Any, obj: Any) -> bool:
        collection = getattr(obj, "collection", None)
        return collection is not None and collection.curators.filter(pk=user.pk).exists()

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        dost = self.is_dost(user) or self.is_sysadmin(user)
        if action == "manage":
            return dost
        if obj is None:
            if action in ("view", "download"):
                return True
            if action == "deposit":
                return dost or self.has_role(user, *DEPOSITORS) or user.curated_collections.exists()
            if action == "curate":
                return dost or user.curated_collections.exists()
            return dost or self.has_role(user, *DEPOSITORS)
        record: Any = obj
        status = record.status
        if action == "curate":
            return status != RecordStatus.WITHDRAWN and (dost or self._curates(user, record))
        if action == "edit":
            if status == RecordStatus.WITHDRAWN:
                return False
            if dost or self._curates(user, record):
                return True
            own = record.depositor_id == user.pk
            return own and status in (RecordStatus.DRAFT, RecordStatus.RETURNED)
        if action == "deposit":
            return dost or self.has_role(user, *DEPOSITORS)
        if action == "view":
            return status in PUBLIC_STATUSES or self._insider(user, record)
        # download
        if self._insider(user, record):
            return status != RecordStatus.WITHDRAWN or dost
        if status != RecordStatus.PUBLISHED:
            return False
        if record.access == Access.SIGNED_IN:
            return True
        if record.access == Access.ROLES:
            return bool(set(record.role_list) & roles_of(user))
        return self._open_to_all(record)

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        today = timezone.localdate()
        open_to_all = Q(status=RecordStatus.PUBLISHED) & (
            Q(access=Access.PUBLIC)
            | Q(access=Access.EMBARGO, embargo_until__isnull=False, embargo_until__lte=today)
        )
        if not _active(user):
            if action == "view":
                return qs.filter(status__in=PUBLIC_STATUSES)
            return qs.filter(open_to_all) if action == "download" else qs.none()
        dost = self.is_dost(user) or self.is_sysadmin(user)
        curated = Q(collection__curators=user)
        if action == "manage":
            return qs if dost else qs.none()
        if action == "curate":
            live = qs.exclude(status=RecordStatus.WITHDRAWN)
            return live if dost else live.filter(pk__in=qs.filter(curated).values("pk"))
        if action == "deposit":
            return qs if dost or self.has_role(user, *DEPOSITORS) else qs.none()
        insider = Q(depositor=user) | Q(pk__in=qs.model.objects.filter(curated).values("pk"))
        if action == "edit":
            if dost:
                return qs.exclude(status=RecordStatus.WITHDRAWN)
            return qs.exclude(status=RecordStatus.WITHDRAWN).filter(
                Q(pk__in=qs.model.objects.filter(curated).values("pk"))
                | Q(depositor=user, status__in=(RecordStatus.DRAFT, RecordStatus.RETURNED))
            )
        if action == "view":
            return qs if dost else qs.filter(Q(status__in=PUBLIC_STATUSES) | insider)
        # download
        if dost:
            return qs
        roles = roles_of(user)
        by_role = Q()
        for role in roles:
            by_role |= Q(access_roles__contains=f",{role},")
        allowed = open_to_all | Q(status=RecordStatus.PUBLISHED, access=Access.SIGNED_IN)
        if roles:
            allowed |= Q(status=RecordStatus.PUBLISHED, access=Access.ROLES) & by_role
        return qs.filter(allowed | (insider & ~Q(status=RecordStatus.WITHDRAWN)))


class CollectionPolicy(RolePolicy):
    actions = ("view", "manage")

    def anonymous_can(self, action: str, obj: Model | None) -> bool:
        return action == "view"

    def check(self, user: Any, action: str, obj: Model | None) -> bool:
        if action == "view":
            return True
        return self.is_dost(user) or self.is_sysadmin(user)

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")
        return qs if self.check(user, action, None) and (action == "view" or _active(user)) else qs.none()


record_policy = RecordPolicy()
collection_policy = CollectionPolicy()

"""Reads of accounts, restricted by ``user_policy``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from khcn.accounts.models import Membership, User
from khcn.accounts.permissions import user_policy
from khcn.accounts.roles import memberships_of
from khcn.core.text import clean


def user_list(*, user: User, q: str = "") -> QuerySet[User]:
    qs = user_policy.visible(user, User.objects.all()).prefetch_related(
        Prefetch(
            "memberships", queryset=Membership.objects.active().select_related("organization", "council")
        )
    )
    text = clean(q)
    if text:
        qs = qs.filter(Q(full_name__icontains=text) | Q(username__icontains=text) | Q(email__icontains=text))
    return qs.order_by("full_name_sort", "username")


def user_get(*, user: User, pk: int) -> User:
    return get_object_or_404(user_policy.visible(user, User.objects.all()), pk=pk)


def home_roles(*, user: User) -> dict[str, Any]:
    """The home page's "your roles" block: the user's active memberships."""
    user_policy.require(user, "view", user)
    return {"memberships": memberships_of(user)}


def membership_get(*, person: User, pk: int) -> Membership:
    """One of ``person``'s memberships (404 if it is someone else's)."""
    return get_object_or_404(Membership, pk=pk, user=person)

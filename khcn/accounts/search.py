"""People in the site-wide search box: found by full name, user name, job title, e-mail and
the agencies they belong to. ``user_policy`` hides other people from everyone but DOST staff
and system administrators, so most users only ever find themselves."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from khcn.accounts.models import User
from khcn.accounts.permissions import user_policy
from khcn.search.registry import register


def _body(user: User) -> str:
    agencies = sorted(
        {m.organization.name for m in user.memberships.all() if m.organization_id and m.organization}
    )
    parts = [user.username, user.job_title, user.email, *agencies]
    return " · ".join(part for part in parts if part)


def _url(user: User) -> str:
    try:
        return reverse("accounts:user_detail", args=[user.pk])
    except NoReverseMatch:
        return ""


register(
    User,
    title=lambda user: user.full_name or user.username,
    body=_body,
    url=_url,
    policy=user_policy,
    queryset=lambda: User.objects.prefetch_related("memberships__organization"),
    label=_("Person"),
    label_plural=_("People"),
)

"""Agencies in the site-wide search box: found by official name, short name, any other or
former name, and parent agency. The kind is not indexed: its label ("Sở, ban, ngành") would
make every department match the word "sở"."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from khcn.organizations.models import Organization
from khcn.organizations.permissions import organization_policy
from khcn.search.registry import register


def _body(org: Organization) -> str:
    parts = [
        org.short_name,
        *(alias.name for alias in org.aliases.all()),
        org.code,
        org.parent.name if org.parent_id and org.parent else "",
    ]
    seen = {org.name.casefold()}
    unique: list[str] = []
    for part in parts:
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            unique.append(part)
    return " · ".join(unique)


def _title(org: Organization) -> str:
    """The name; an agency that has ended says so, so that it is not taken for its successor."""
    if org.valid_to is None:
        return org.name
    return gettext("%(name)s (ended %(date)s)") % {
        "name": org.name,
        "date": org.valid_to.strftime("%d/%m/%Y"),
    }


register(
    Organization,
    title=_title,
    body=_body,
    url=lambda org: org.get_absolute_url(),
    policy=organization_policy,
    queryset=lambda: Organization.objects.select_related("parent").prefetch_related("aliases"),
    label=_("Agency"),
)

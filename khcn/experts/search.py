"""Experts in the site-wide search box: found by name (with or without diacritics, through the
search facade's folding), titles, degree, fields and current affiliation. Contacts are never
indexed. Who finds whom is ``expert_policy.visible``: the DOST everyone, others the experts who
agreed to a limited public profile, and themselves."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from khcn.experts.models import Affiliation, Expert
from khcn.experts.permissions import expert_policy
from khcn.search.registry import register


def _body(expert: Expert) -> str:
    parts = [
        " ".join(p for p in (expert.academic_title, expert.degree) if p),
        *(f"{t.code} {t.name}" for t in expert.fields.all()),
        *(a.name for a in expert.current_affiliations()),
    ]
    return " · ".join(p for p in parts if p)


register(
    Expert,
    title=lambda expert: expert.titled_name,
    body=_body,
    url=lambda expert: expert.get_absolute_url(),
    policy=expert_policy,
    queryset=lambda: Expert.objects.prefetch_related(
        "fields", Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization"))
    ),
    label=_("Expert"),
)

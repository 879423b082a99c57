"""Writes to the classifications: sync the national list, build a plan's priority fields."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.audit import registry
from khcn.audit.services import record
from khcn.classifications import loader
from khcn.classifications.models import Scheme, Term
from khcn.classifications.permissions import scheme_policy
from khcn.core.exceptions import DomainError
from khcn.core.text import clean

PRIORITY_CREATED = registry.register(
    "classifications.scheme.priority_created", gettext_lazy("Priority fields taken from a plan")
)
PRIORITY_UPDATED = registry.register(
    "classifications.scheme.priority_updated", gettext_lazy("Priority fields updated from the plan")
)


def fields_sync() -> Scheme:
    """Load or refresh the national S&T fields from the data file (the data migration does it
    once; run again after the file changes). Not audited: the file is the record."""
    scheme: Scheme = loader.load(Scheme, Term)
    return scheme


def _term_name(item: Any) -> str:
    text = clean(item.heading or item.text or "")
    # "Sản xuất nông nghiệp: ứng dụng …" — the field is what comes before the colon.
    head = text.split(":", 1)[0].strip().rstrip(".;")
    return (head or text)[:500]


@transaction.atomic
def priority_scheme_from_plan(*, actor: Any, plan: Any, item: Any) -> Scheme:
    """A plan's priority fields as a scheme: one term per child of ``item`` (II.3 → a–g), with
    the item's number ("II.3.a") as the code and its heading as the name, linked to the item. Run again
    after the plan changes: existing terms are updated and new children added, nothing typed
    twice. DOST staff only. Audited."""
    scheme_policy.require(actor, "add")
    if item.plan_id != plan.pk:
        raise DomainError(_("This item belongs to another plan."), code="wrong_plan")
    children = list(item.children.filter(removed_on__isnull=True).order_by("position"))
    if not children:
        raise DomainError(_("This item has no sub-items to take as fields."), code="no_children")
    code = f"uu-tien-{plan.pk}-{item.pk}"
    names = {}
    for language in ("vi", "en"):
        with translation.override(language):
            names[language] = _("Priority fields of %(plan)s, section %(path)s") % {
                "plan": plan.number or plan.pk,
                "path": item.path,
            }
    scheme, created = Scheme.objects.get_or_create(
        code=code,
        defaults={
            "name": names["vi"][:255],
            "name_en": names["en"][:255],
            "plan": plan,
            "source": str(item)[:1000],
        },
    )
    before = sorted(scheme.terms.values_list("code", flat=True))
    for position, child in enumerate(children, start=1):
        Term.objects.update_or_create(
            scheme=scheme,
            code=(child.path or child.label)[:30],  # "II.3.a": the plan's own numbering
            defaults={"name": _term_name(child), "level": 1, "ordering": position, "plan_item": child},
        )
    after = sorted(scheme.terms.values_list("code", flat=True))
    record(
        actor=actor,
        action=PRIORITY_CREATED if created else PRIORITY_UPDATED,
        target=scheme,
        changes={"terms": [before, after]} if before != after else None,
    )
    return scheme

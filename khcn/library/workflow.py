"""A record's deposit: draft → submitted → returned with a note (corrected, submitted again) /
published → withdrawn (a tombstone stays). The curators of the record's collection (and the
DOST) publish, return and withdraw (``record_policy`` "curate")."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.core.workflow import Transition, Workflow
from khcn.library.choices import RecordStatus as S
from khcn.library.models import Record
from khcn.library.permissions import record_policy


def complete(record: Record, actor: Any = None) -> str | None:
    """What a record lacks before it is submitted or published."""
    if not record.title.strip():
        return _("A record needs its title.")
    if not record.authors.exists() and not record.organizations.exists() and not record.publisher.strip():
        return _("Name at least one author or organisation.")
    if record.access == "embargo" and (
        record.embargo_until is None or record.embargo_until <= timezone.localdate()
    ):
        return _("An embargo needs a date in the future.")
    return None


def _published(record: Record, actor: Any) -> dict[str, Any]:
    now = timezone.now()
    return {"published_at": record.published_at or now, "datestamp": now, "note": ""}


RECORD_WORKFLOW = Workflow(
    model=Record,
    policy=record_policy,
    audit_prefix="library.record",
    transitions=[
        Transition(
            "submit",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            "edit",
            gettext_lazy("Submit for publication"),
            check=complete,
            confirm=gettext_lazy("Submit the record to the collection's curators?"),
            success=gettext_lazy("The record was submitted: the curators publish it or return it."),
        ),
        Transition(
            "return",
            (S.SUBMITTED,),
            S.RETURNED,
            "curate",
            gettext_lazy("Return with a note"),
            note_required=True,
            sets=lambda record, actor: {"datestamp": timezone.now()},
            success=gettext_lazy("The record was returned to its depositor."),
        ),
        Transition(
            "publish",
            (S.DRAFT, S.SUBMITTED),
            S.PUBLISHED,
            "curate",
            gettext_lazy("Publish"),
            check=complete,
            sets=_published,
            success=gettext_lazy("The record is published."),
        ),
        Transition(
            "withdraw",
            (S.PUBLISHED,),
            S.WITHDRAWN,
            "curate",
            gettext_lazy("Withdraw"),
            note_required=True,
            confirm=gettext_lazy(
                "Withdraw the record? Its page becomes a tombstone and harvesters see it deleted."
            ),
            sets=lambda record, actor: {"datestamp": timezone.now()},
            success=gettext_lazy("The record was withdrawn: a tombstone page stays."),
        ),
    ],
)

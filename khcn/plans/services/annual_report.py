"""The one write of the consolidated report: generate the DOCX from the edited narrative and keep
it with its inputs, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import User
from khcn.audit import registry
from khcn.audit.services import record
from khcn.core.exceptions import DomainError
from khcn.core.text import nfc
from khcn.plans.models import ConsolidatedReport, ReportingPeriod
from khcn.plans.permissions import plan_policy
from khcn.plans.selectors.annual_report import MAX_SECTION_CHARS, TEXT_SECTIONS, assemble
from khcn.plans.services.progress import plan_data_changed

ANNUAL_REPORT_GENERATED = registry.register(
    "plans.annual_report.generated", gettext_lazy("Consolidated report generated")
)
registry.register_field("consolidated_report", gettext_lazy("consolidated report"))
registry.register_field("reports_included", gettext_lazy("reports included"))


def clean_narrative(narrative: Mapping[str, Any]) -> dict[str, Any]:
    """Only the known sections, as NFC text; result groups without text are dropped."""
    out: dict[str, Any] = {}
    for key in TEXT_SECTIONS:
        out[key] = nfc(str(narrative.get(key) or "")).strip()[:MAX_SECTION_CHARS]
    groups = []
    for group in narrative.get("results") or []:
        if not isinstance(group, Mapping):
            continue
        title = nfc(str(group.get("title") or "")).strip()[:500]
        text = nfc(str(group.get("text") or "")).strip()[:MAX_SECTION_CHARS]
        if title or text:
            groups.append(
                {
                    "key": str(group.get("key") or "")[:20],
                    "path": nfc(str(group.get("path") or "")).strip()[:60],
                    "title": title,
                    "text": text,
                }
            )
    out["results"] = groups
    return out


@transaction.atomic
def annual_report_generate(
    *,
    actor: User,
    period: ReportingPeriod,
    narrative: Mapping[str, Any],
    summary: str,
    number: str,
    document_date: dt.date | None,
    signer_authority: str,
    signer_position: str,
    signer_name: str,
    recipients: list[str],
    archive: str = "",
    expected_fingerprint: str | None = None,
) -> ConsolidatedReport:
    """Generate the consolidated report of ``period`` from its accepted reports and the
    narrative as the specialist edited it; keep the DOCX with its inputs (report ids and
    versions, annex rows, signer). DOST only; audited on the plan.

    ``expected_fingerprint`` is the fingerprint of the draft the specialist edited: if reports
    were accepted since, generation is refused so that none is left out unseen.
    """
    from khcn.plans import exports  # python-docx is loaded only when generating

    plan = period.plan
    plan_policy.require(actor, "consolidate", plan)
    # One generation at a time per period: lock the period row.
    ReportingPeriod.objects.select_for_update().filter(pk=period.pk).first()
    # Agencies named as they are on the report's date (its date, or today for one left undated).
    draft = assemble(period, document_date)
    if not draft.reports:
        raise DomainError(
            _("No agency report has been accepted for this period yet."), code="no_accepted_reports"
        )
    if expected_fingerprint is not None and expected_fingerprint != draft.fingerprint:
        known = {part.split(":")[0] for part in expected_fingerprint.split(",")}
        new = [r.organization.name for r in draft.reports if str(r.pk) not in known]
        raise DomainError(
            _(
                "Reports were accepted while you were editing: %(names)s. Their content is not in "
                "your text yet: check the draft below, then generate again."
            )
            % {"names": ", ".join(new) or "—"},
            code="stale_inputs",
        )
    text = clean_narrative(narrative)
    summary = nfc(summary).strip() or draft.summary
    signer_position = nfc(signer_position).strip()
    signer_name = nfc(signer_name).strip()
    if not signer_position or not signer_name:
        raise DomainError(_("The report needs a signer and the signer's position."), code="no_signer")
    recipients = [nfc(r).strip() for r in recipients if nfc(r).strip()]
    annex = draft.annex_cells()
    data = exports.annual_report_docx(
        summary=summary,
        number=number,
        date=document_date,
        narrative=text,
        annex=annex,
        signer_authority=signer_authority,
        signer_position=signer_position,
        signer_name=signer_name,
        recipients=recipients,
        archive=archive,
        tables=draft.tables,
    )
    report = ConsolidatedReport.objects.create(
        period=period,
        number=nfc(number).strip()[:60],
        document_date=document_date,
        summary=summary,
        narrative=text,
        inputs=draft.inputs,
        annex=annex,
        signer_authority=nfc(signer_authority).strip()[:60],
        signer_position=signer_position[:120],
        signer_name=signer_name[:120],
        recipients=recipients,
        docx=data,
        docx_sha256=hashlib.sha256(data).hexdigest(),
        generated_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if report.is_issued:
        plan_data_changed(plan.pk)  # the period is closed: the DOST's home no longer chases it
    record(
        actor=actor,
        action=ANNUAL_REPORT_GENERATED,
        target=plan,
        changes={
            "consolidated_report": [None, report.pk],
            "period": [None, period.name],
            "number": [None, report.number],
            "reports_included": [
                None,
                [f"{i['organization']} (#{i['report']} v{i['version']})" for i in draft.inputs],
            ],
        },
    )
    return report

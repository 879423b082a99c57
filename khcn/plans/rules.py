"""The rule sets the plans app reads (``khcn.core.rules.rule_get``), as the law fixes them."""

from __future__ import annotations

import datetime as dt

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from khcn.core.plugins import RuleParameter, RuleSetSpec, RuleSetVersion, Text
from khcn.plans.choices import PeriodKind

REPORTING = "plans.reporting"

# Decree 09/2019/NĐ-CP, art. 12: data of a periodic report run from the 15th of the month
# before the period to the 14th of its last month.
_CUT_OFF = "Điều 12 Nghị định số 09/2019/NĐ-CP"


def _period_parameters(kind: PeriodKind, first: Text) -> list[RuleParameter]:
    return [
        RuleParameter(
            f"{kind.value}.start",
            format_lazy("{}: {}", kind.label, _("data from (day/month)")),
            _("First day of the data a report of this kind covers."),
            legal_basis=_CUT_OFF,
        ),
        RuleParameter(
            f"{kind.value}.end",
            format_lazy("{}: {}", kind.label, _("data to (day/month)")),
            first,
            legal_basis=_CUT_OFF,
        ),
        RuleParameter(
            f"{kind.value}.submit_within_days",
            format_lazy("{}: {}", kind.label, _("time to submit")),
            _("Days after the last day of data by which agencies send their report (the due date)."),
            value_format=ngettext_lazy("%(value)s day", "%(value)s days", "value"),
        ),
    ]


REPORTING_SPEC = RuleSetSpec(
    code=REPORTING,
    title=_("Reporting periods and deadlines"),
    parameters=[
        *_period_parameters(PeriodKind.ANNUAL, _("Last day of the data of an annual report.")),
        *_period_parameters(
            PeriodKind.SEMIANNUAL,
            _("Last day of the data of a first-half report; the second half runs on to the annual one's."),
        ),
        *_period_parameters(
            PeriodKind.QUARTERLY,
            _("Last day of the data of a first-quarter report; each later quarter ends three months on."),
        ),
    ],
)

RULESETS = [
    RuleSetVersion(
        code=REPORTING,
        title="Kỳ báo cáo và thời hạn gửi báo cáo",
        effective_from=dt.date(2019, 4, 1),
        legal_basis="Nghị định số 09/2019/NĐ-CP",
        parameters={
            "annual": {"start": "15/12", "end": "14/12", "submit_within_days": 5},
            "semiannual": {"start": "15/12", "end": "14/06", "submit_within_days": 5},
            "quarterly": {"start": "15/12", "end": "14/03", "submit_within_days": 5},
        },
        spec=REPORTING_SPEC,
    )
]

"""The rule sets the plans app reads (``khcn.core.rules.rule_get``), as the law fixes them."""

from __future__ import annotations

import datetime as dt

from khcn.core.plugins import RuleSetVersion

REPORTING = "plans.reporting"

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
    )
]

"""What the law fixes for S&T tasks that this module reads. The regime a task follows is the
one in force on its ordering decision's date: the Law on Science, Technology and Innovation
93/2025/QH15 took effect on 01/10/2025 (tasks ordered before keep running under Law 29/2013 and
its circulars). The deadlines and thresholds of each step will be versioned rule sets
(``khcn.core.rules``) as the steps are built."""

from __future__ import annotations

import datetime as dt

from khcn.research.choices import Regime

LAW_93_2025_IN_FORCE = dt.date(2025, 10, 1)


def regime_on(day: dt.date) -> str:
    """The regime of a task ordered on ``day``."""
    return Regime.LAW_2025 if day >= LAW_93_2025_IN_FORCE else Regime.PRE_2025

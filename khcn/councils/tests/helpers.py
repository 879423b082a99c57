"""Sessions for the tally tests, in the JSON form of ``docs/councils.md``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khcn.councils.rules import declared_rule_get
from khcn.councils.tally import Tally, session_from_data, tally, tally_session

ROLES_9 = ["chair", "vice_chair", "secretary", "reviewer", "reviewer", "member", "member", "member", "member"]


def members(
    n: int = 9, *, absent: tuple[int, ...] = (), conflicted: tuple[int, ...] = ()
) -> list[dict[str, Any]]:
    """``n`` members m1…mn: chair, vice-chair, secretary, two reviewers, then members."""
    roles = ROLES_9[:5] + ["member"] * (n - 5)
    return [
        {"id": f"m{i}", "role": roles[i - 1], "present": i not in absent, "conflicted": i in conflicted}
        for i in range(1, n + 1)
    ]


def scores(*values: Any) -> dict[str, Any]:
    return {str(i): v for i, v in enumerate(values, start=1)}


def sheet_total(total: int) -> dict[str, Any]:
    """Applied R&D scores (maxima 12/24/16/16/16/16) adding up to ``total``, spread in
    proportion to the maxima (no zero criterion from 6 points up)."""
    maxima = [12, 24, 16, 16, 16, 16]
    out = [total * m // 100 for m in maxima]
    i = 0
    while sum(out) < total:
        if out[i % 6] < maxima[i % 6]:
            out[i % 6] += 1
        i += 1
    return scores(*out)


def session(kind: str = "selection", *, as_of: str = "2026-03-02", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": kind, "as_of": as_of, "members": members(), "items": []}
    if kind in ("selection", "direct_assignment"):
        data["rubric"] = "applied_rnd"
    data.update(extra)
    return data


def run(data: dict[str, Any], **rule_overrides: Any) -> Tally:
    """The tally under the declared rule sets (no database), with parameters overridden."""
    parsed = session_from_data(data)
    if not rule_overrides:
        return tally_session(parsed, lookup=declared_rule_get)
    kind_rules = declared_rule_get(f"councils.{parsed.kind}", as_of=parsed.as_of)
    kind_rules.update(rule_overrides)
    rubrics = declared_rule_get("councils.rubrics", as_of=dt.date.fromisoformat(data["as_of"]))
    return tally(parsed, kind_rules=kind_rules, rubrics=rubrics)

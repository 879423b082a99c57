"""Reads of the S&T tasks app, each restricted by the policies: ``proposals`` (calls,
proposals, the duplication check, the home blocks) and ``tasks`` (the register, one task)."""

from khcn.research.selectors.proposals import (
    call_get,
    call_list,
    home_dost,
    home_proposer,
    open_calls,
    ordered_proposals,
    proposal_get,
    proposal_list,
    similar_proposals,
)
from khcn.research.selectors.tasks import (
    task_get,
    task_list,
)

__all__ = [
    "call_get",
    "call_list",
    "home_dost",
    "home_proposer",
    "open_calls",
    "ordered_proposals",
    "proposal_get",
    "proposal_list",
    "similar_proposals",
    "task_get",
    "task_list",
]

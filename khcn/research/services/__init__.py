"""Writes of the S&T tasks app, each atomic, checked by the policies and audited:

- ``proposals``: calls for proposals, proposals, the hand-over to the identification council
  and its vote coming back;
- ``tasks``: the ordering list's decision opening the tasks.

Import from the package: ``from khcn.research import services; services.proposal_create(…)``.
"""

from khcn.research.services.proposals import (
    CALL_CREATED,
    CALL_EDITED,
    CALL_FIELDS,
    EDITABLE,
    MAX_BUDGET,
    PROPOSAL_CREATED,
    PROPOSAL_EDITED,
    PROPOSAL_FIELDS,
    PROPOSAL_TO_COUNCIL,
    PROPOSAL_VOTED,
    SUBJECT,
    TEXT_FIELDS,
    call_create,
    call_edit,
    council_parties,
    council_title,
    council_voted,
    proposal_create,
    proposal_edit,
    proposals_to_council,
)
from khcn.research.services.tasks import (
    MAX_FILE_BYTES,
    ORDER_LIST_APPROVED,
    TASK_ORDERED,
    order_list_approve,
)

__all__ = [
    "CALL_CREATED",
    "CALL_EDITED",
    "CALL_FIELDS",
    "EDITABLE",
    "MAX_BUDGET",
    "MAX_FILE_BYTES",
    "ORDER_LIST_APPROVED",
    "PROPOSAL_CREATED",
    "PROPOSAL_EDITED",
    "PROPOSAL_FIELDS",
    "PROPOSAL_TO_COUNCIL",
    "PROPOSAL_VOTED",
    "SUBJECT",
    "TASK_ORDERED",
    "TEXT_FIELDS",
    "call_create",
    "call_edit",
    "council_parties",
    "council_title",
    "council_voted",
    "order_list_approve",
    "proposal_create",
    "proposal_edit",
    "proposals_to_council",
]

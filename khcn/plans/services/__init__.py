"""Writes of the plans app, each atomic, checked by its policy and audited:

- ``plans``: import a reviewed draft, open periods, map agency names, follow successions;
- ``editing``: correct a saved plan (facts, items, assignments, flagged points), withdraw or
  delete it;
- ``reports``: start and save agency reports, their workflow, attached files;
- ``difficulties``: raise and answer difficulties;
- ``annual_report``: generate the consolidated report;
- ``progress``: each assignment's progress as of each period, kept with the writes above;
- ``duties``: one agency, one role, one line per item (``assignment_fold``), for the writes
  above that give assignments;
- ``indexing``: the search entries of plans, refreshed after commit by the writes above.

Import from the package: ``from khcn.plans import services; services.plan_import(actor=…)``.
"""

from khcn.plans.services.annual_report import ANNUAL_REPORT_GENERATED, annual_report_generate, clean_narrative
from khcn.plans.services.difficulties import (
    DIFFICULTY_ANSWERED,
    DIFFICULTY_RAISED,
    difficulty_raise,
    difficulty_respond,
)
from khcn.plans.services.duties import assignment_fold
from khcn.plans.services.editing import (
    assignment_add,
    assignment_remove,
    assignment_update,
    item_add,
    item_merge,
    item_move,
    item_remove,
    item_update,
    plan_delete,
    plan_reports_beyond_drafts,
    plan_update,
    plan_withdraw,
    warning_dismiss,
)
from khcn.plans.services.plans import (
    AGENCY_MAPPED,
    ASSIGNMENTS_MOVED,
    PERIOD_CREATED,
    PLAN_IMPORTED,
    agency_map,
    assignments_follow_succession,
    period_bounds,
    period_create,
    plan_assignment_count,
    plan_import,
)
from khcn.plans.services.progress import (
    agencies_changed,
    assignment_due_on,
    plan_data_changed,
    progress_rebuild,
    progress_refresh,
)
from khcn.plans.services.reports import (
    ATTACHMENT_ADDED,
    ATTACHMENT_REMOVED,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    REPORT_CREATED,
    REPORT_SAVED,
    attachment_add,
    attachment_remove,
    report_accept,
    report_return,
    report_save,
    report_start,
    report_submit,
    report_transition,
)

__all__ = [
    "AGENCY_MAPPED",
    "ANNUAL_REPORT_GENERATED",
    "ASSIGNMENTS_MOVED",
    "ATTACHMENT_ADDED",
    "ATTACHMENT_REMOVED",
    "DIFFICULTY_ANSWERED",
    "DIFFICULTY_RAISED",
    "MAX_ATTACHMENTS",
    "MAX_ATTACHMENT_BYTES",
    "PERIOD_CREATED",
    "PLAN_IMPORTED",
    "REPORT_CREATED",
    "REPORT_SAVED",
    "agencies_changed",
    "agency_map",
    "annual_report_generate",
    "assignment_add",
    "assignment_due_on",
    "assignment_fold",
    "assignment_remove",
    "assignment_update",
    "assignments_follow_succession",
    "attachment_add",
    "attachment_remove",
    "clean_narrative",
    "difficulty_raise",
    "difficulty_respond",
    "item_add",
    "item_merge",
    "item_move",
    "item_remove",
    "item_update",
    "period_bounds",
    "period_create",
    "plan_assignment_count",
    "plan_data_changed",
    "plan_delete",
    "plan_import",
    "plan_reports_beyond_drafts",
    "plan_update",
    "plan_withdraw",
    "progress_rebuild",
    "progress_refresh",
    "report_accept",
    "report_return",
    "report_save",
    "report_start",
    "report_submit",
    "report_transition",
    "warning_dismiss",
]

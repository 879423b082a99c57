import datetime as dt

from ninja import Schema


class TaskOut(Schema):
    """A task of the register as the API serves it; the budgets only to signed-in readers."""

    id: int
    code: str
    title: str
    type: str
    field_codes: list[str]
    host: str
    principal_investigator: str
    regime: str  # "pre_2025" or "2025": the law in force on the ordering decision's date
    state: str  # the workflow's state code
    ordered_on: dt.date
    approved_on: dt.date | None = None
    starts_on: dt.date | None
    ends_on: dt.date | None
    accepted_on: dt.date | None = None
    rating: str = ""  # "xuat_sac", "dat", "khong_dat" once the acceptance council rated it
    registered_on: dt.date | None = None
    archive_number: str = ""
    budget_state: int | None = None
    budget_other: int | None = None

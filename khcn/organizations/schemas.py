import datetime as dt

from ninja import Schema


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class ResolutionOut(Schema):
    query: str
    as_of: dt.date
    found: bool
    exact: bool
    matched: OrganizationOut | None
    current: list[OrganizationOut]
    candidates: list[OrganizationOut]

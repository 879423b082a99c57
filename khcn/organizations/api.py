"""Agency registry API: list (filtered, paginated), detail, name resolution."""

import datetime as dt

from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from khcn.accounts.types import AuthenticatedRequest
from khcn.core.access import guarded_by
from khcn.organizations.permissions import organization_policy
from khcn.organizations.schemas import OrganizationOut, ResolutionOut
from khcn.organizations.selectors import organization_get, organization_list, organization_resolve

router = Router(tags=["organizations"])


@router.get("", response=list[OrganizationOut])
@guarded_by(organization_policy)
@paginate(LimitOffsetPagination)
def list_organizations(
    request: AuthenticatedRequest,
    q: str = "",
    kind: str = "",
    status: str = "active",
    as_of: dt.date | None = None,
):  # type: ignore[no-untyped-def]
    organization_policy.require(request.user, "view")
    return organization_list(user=request.user, q=q, kind=kind, status=status, as_of=as_of)


@router.get("/resolve", response=ResolutionOut)
@guarded_by(organization_policy)
def resolve(
    request: AuthenticatedRequest, name: str = Query(..., max_length=255), as_of: dt.date | None = None
) -> dict:
    """Which agency does this name mean on that date, and who carries on its duties today?"""
    organization_policy.require(request.user, "view")
    r = organization_resolve(name, as_of=as_of)
    return {
        "query": r.query,
        "as_of": r.as_of,
        "found": r.found,
        "exact": r.exact,
        "matched": r.matched,
        "current": r.current,
        "candidates": r.candidates,
    }


@router.get("/{int:pk}", response=OrganizationOut)
@guarded_by(organization_policy)
def get_organization(request: AuthenticatedRequest, pk: int):  # type: ignore[no-untyped-def]
    return organization_get(user=request.user, pk=pk)

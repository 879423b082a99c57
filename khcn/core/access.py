"""Who may reach a view: every view in the URLconf says so with one marker.

- ``@guarded_by(policy, ...)``: the view asks these policies (``require``/``can``, or a selector
  that calls ``visible``) before it shows or changes anything. Almost every view.
- ``@signed_in``: any signed-in user, with no object behind the page (one's own password).
- ``@public``: anonymous visitors may reach it (log in, log out, switch the language).

The markers only declare; ``login_required`` and the policy calls do the work. The access tests
(``khcn/core/tests/test_access.py``) walk the whole URLconf, the API included, and fail on a view
without a marker, on a guarded view that does not ask the policies it names, and on any view
other than the public ones that an anonymous visitor can reach. ``grep -rn "@public"`` lists
every page open to anonymous visitors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from khcn.core.permissions import Policy

ATTRIBUTE = "khcn_access"
PUBLIC = "public"
SIGNED_IN = "signed_in"
GUARDED = "guarded"

V = TypeVar("V", bound=Callable[..., Any])


@dataclass(frozen=True)
class Access:
    kind: str
    policies: tuple[Policy, ...] = ()


def _mark(view: V, access: Access) -> V:
    setattr(view, ATTRIBUTE, access)
    return view


def public(view: V) -> V:
    """Anonymous visitors may reach this view."""
    return _mark(view, Access(PUBLIC))


def signed_in(view: V) -> V:
    """Any signed-in user may reach this view; it shows nothing guarded by a policy."""
    return _mark(view, Access(SIGNED_IN))


def guarded_by(*policies: Policy) -> Callable[[V], V]:
    """The view asks ``policies`` (each of them, on every request) before doing anything."""
    if not policies or not all(isinstance(p, Policy) for p in policies):
        raise TypeError("guarded_by() needs one or more Policy instances")

    def decorator(view: V) -> V:
        return _mark(view, Access(GUARDED, tuple(policies)))

    return decorator


def access_of(view: Any) -> Access | None:
    """The marker of a URLconf callback (function, ``as_view()`` of a marked class, or a view
    wrapped by decorators that kept ``__wrapped__``), or None."""
    seen = 0
    while view is not None and seen < 20:
        access = getattr(view, ATTRIBUTE, None)
        if isinstance(access, Access):
            return access
        view_class = getattr(view, "view_class", None)
        access = getattr(view_class, ATTRIBUTE, None)
        if isinstance(access, Access):
            return access
        view = getattr(view, "__wrapped__", None)
        seen += 1
    return None

"""What an app gives the site: the vocabulary of plugging a module in.

Each app declares its contribution in one place, its ``site.py``::

    contribution = Contribution(
        home=[HomeBlock("plans.due", "plans/home/due.html", selectors.home_due, policy=report_policy)],
        menu=[MenuEntry("plans", _("Plans"), "plans:plan_list", policy=plan_policy)],
        demo=[DemoLoader("plans", demo.load, after=("accounts.people",))],
        rulesets=rules.RULESETS,
    )

The site layer (``khcn.site``) collects every installed app's ``contribution`` and builds the
home page, the menu, the demo and the rule sets from them; adding a module edits no other
module. Search registrations stay in each app's ``search.py`` (``khcn.search.registry``).
These are plain data: nothing here knows an app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from khcn.core.permissions import Policy

Text = Promise | str


@dataclass(frozen=True)
class HomeBlock:
    """A block of the home page. ``selector(user=)`` returns the block's template context, or
    None to leave the block out for this user; it asks ``policy`` (the home view names every
    block's policy). With ``action``, the home first asks ``policy.can(user, action)`` and
    leaves the block out for users who may not (without calling the selector). ``wide`` blocks
    take the page's width; the others are cards in a grid. Blocks are shown by ``order``.
    ``work`` blocks list work waiting for the user (reports to submit, to review…): when the
    home shows none, it says that nothing is waiting."""

    name: str
    template: str
    selector: Callable[..., Mapping[str, Any] | None]
    policy: Policy
    order: int = 100
    wide: bool = False
    action: str | None = None
    work: bool = False


@dataclass(frozen=True)
class MenuEntry:
    """An entry of the main menu, shown to users for whom ``policy.can(user, action)`` (to
    anonymous visitors too when ``policy`` lets them: the public pages, such as the library).
    ``current`` lists the view-name prefixes of the pages where it is the current entry
    (``"accounts:user_"``); by default every page of ``url_name``'s namespace (``"plans:"``)."""

    name: str
    label: Text
    url_name: str
    policy: Policy
    action: str = "view"
    order: int = 100
    current: tuple[str, ...] = ()

    @property
    def prefixes(self) -> tuple[str, ...]:
        return self.current or (self.url_name.split(":", 1)[0] + ":",)

    def is_current(self, view_name: str) -> bool:
        return any(view_name.startswith(prefix) for prefix in self.prefixes)


@dataclass
class DemoContext:
    """What demo loaders share: the demo password and the system administrator that loads the
    data (set by the first loader), and a place for loaders to leave what later ones need."""

    password: str
    actor: Any = None
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoLoader:
    """Loads an app's demo data through its services. ``after`` names the loaders whose data
    it needs; the site runs each loader once per database, in that order."""

    name: str
    load: Callable[[DemoContext], None]
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleParameter:
    """What one parameter of a rule set means, for people (the rules page).

    ``key`` is its path in the parameters, dotted for nested ones
    (``"annual.submit_within_days"``). ``value_labels`` shows codes by their label, ``language``
    marks a value that is text in one language (a legal name). ``value_format`` shows the value
    with its unit, a format with a ``%(value)s`` placeholder (``ngettext_lazy("%(value)s day",
    "%(value)s days", "value")``); without it the value shows as is. ``legal_basis`` names the
    article that sets this parameter when it is not the whole rule set's."""

    key: str
    label: Text
    description: Text = ""
    value_format: Text = ""
    legal_basis: str = ""
    # Codes the value holds (or a list of), shown by their label: {"scores": _("score sheets")}.
    value_labels: Mapping[str, Text] | None = None
    # The value is text in this language whatever the page's (an official Vietnamese name).
    language: str = ""


@dataclass(frozen=True)
class RuleSetSpec:
    """What a rule set is, in the reader's language: its title and its parameters' meaning.
    Shared by every version of the rule set (a version that adds a parameter adds it here)."""

    code: str
    title: Text
    parameters: Sequence[RuleParameter] = ()


@dataclass(frozen=True)
class RuleSetVersion:
    """One version of a rule set the law fixes (``khcn.core.rules``), declared by the app that
    uses it; ``manage.py rulesets_sync`` publishes the versions a database does not have.
    ``title`` is stored with the version as the law names it; ``spec`` says what the rule set
    and its parameters mean, for the rules page in either language."""

    code: str
    title: str
    effective_from: dt.date
    parameters: Mapping[str, Any]
    legal_basis: str = ""
    spec: RuleSetSpec | None = None


@dataclass(frozen=True)
class Contribution:
    """Everything one app gives the site."""

    home: Sequence[HomeBlock] = ()
    menu: Sequence[MenuEntry] = ()
    demo: Sequence[DemoLoader] = ()
    rulesets: Sequence[RuleSetVersion] = ()

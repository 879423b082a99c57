"""What the councils app gives the site: the Councils menu, the home blocks (a member's sheets
to fill, the sessions a secretary runs, the DOST's councils by state), its demo and its rule
sets."""

from django.utils.translation import gettext_lazy as _

from khcn.core.plugins import Contribution, DemoLoader, HomeBlock, MenuEntry
from khcn.councils import demo, rules, selectors
from khcn.councils.permissions import council_policy

contribution = Contribution(
    home=[
        HomeBlock(
            "councils.sheets",
            "councils/home/sheets.html",
            selectors.home_member,
            council_policy,
            order=5,
            wide=True,
            action="fill",
            work=True,
        ),
        HomeBlock(
            "councils.runs",
            "councils/home/runs.html",
            selectors.home_runs,
            council_policy,
            order=6,
            action="run",
            work=True,
        ),
        HomeBlock(
            "councils.dost",
            "councils/home/dost.html",
            selectors.home_dost,
            council_policy,
            order=60,
            action="manage",
        ),
    ],
    menu=[
        MenuEntry(
            "councils", _("Councils"), "councils:council_list", council_policy, action="browse", order=30
        )
    ],
    demo=[DemoLoader("councils", demo.load, after=("accounts", "organizations"))],
    rulesets=rules.RULESETS,
)

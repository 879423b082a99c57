"""What the S&T tasks app gives the site: the menu entry, the home blocks (a proposer's own
proposals and the calls open now; the DOST's proposals by status), its demo."""

from django.utils.translation import gettext_lazy as _

from khcn.core.plugins import Contribution, DemoLoader, HomeBlock, MenuEntry
from khcn.research import demo, rules, selectors
from khcn.research.permissions import proposal_policy

contribution = Contribution(
    home=[
        HomeBlock(
            "research.proposer",
            "research/home/proposer.html",
            selectors.home_proposer,
            proposal_policy,
            order=4,
            wide=True,
            action="propose",
            work=True,
        ),
        HomeBlock(
            "research.dost",
            "research/home/dost.html",
            selectors.home_dost,
            proposal_policy,
            order=20,
            action="review",
            work=True,
        ),
    ],
    menu=[
        MenuEntry(
            "research",
            _("S&T tasks"),
            "research:proposal_list",
            proposal_policy,
            action="browse",
            order=25,
        )
    ],
    rulesets=rules.RULESETS,
    demo=[
        DemoLoader("research", demo.load, after=("accounts", "organizations", "classifications", "councils"))
    ],
)

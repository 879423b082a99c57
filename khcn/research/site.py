"""What the S&T tasks app gives the site: the menu entry, the home blocks (a proposer's own
proposals and the calls open now; the host's tasks and applications with what is due; the
DOST's proposals by status and the tasks waiting for it), its rule sets and its demo."""

from django.utils.translation import gettext_lazy as _

from khcn.core.plugins import Contribution, DemoLoader, HomeBlock, MenuEntry
from khcn.research import demo, rules, selectors
from khcn.research.permissions import application_policy, proposal_policy, task_policy

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
            "research.host",
            "research/home/host.html",
            selectors.home_host,
            application_policy,
            order=3,
            wide=True,
            action="apply",
            work=True,
        ),
        HomeBlock(
            "research.dost_tasks",
            "research/home/dost_tasks.html",
            selectors.home_dost_tasks,
            task_policy,
            order=19,
            action="manage",
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

"""What the plans app gives the site: the reports due and the difficulties on the home page,
the Plans menu, its demo (the seed plan and its reports) and its rule sets."""

from django.utils.translation import gettext_lazy as _

from khcn.core.plugins import Contribution, DemoLoader, HomeBlock, MenuEntry
from khcn.plans import demo, rules, selectors
from khcn.plans.permissions import difficulty_policy, plan_policy, report_policy

contribution = Contribution(
    home=[
        HomeBlock(
            "plans.due",
            "plans/home/due.html",
            selectors.home_due,
            report_policy,
            order=10,
            wide=True,
            action="start",  # for those who report for an agency
        ),
        HomeBlock(
            "plans.difficulties",
            "plans/home/difficulties.html",
            selectors.home_difficulties,
            difficulty_policy,
            order=40,
        ),
    ],
    menu=[MenuEntry("plans", _("Plans"), "plans:plan_list", plan_policy, order=10)],
    demo=[DemoLoader("plans", demo.load, after=("accounts", "organizations"))],
    rulesets=rules.RULESETS,
)

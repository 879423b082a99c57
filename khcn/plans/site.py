"""What the plans app gives the site: on the home page, the imports waiting for their user's
review, the DOST's work in the plans in implementation, a leader's drafts to submit, the
reports due and the difficulties; the Plans menu, its demo (the seed plan and its reports) and
its rule sets."""

from django.utils.translation import gettext_lazy as _

from khcn.core.plugins import Contribution, DemoLoader, HomeBlock, MenuEntry
from khcn.plans import demo, rules, selectors
from khcn.plans.permissions import difficulty_policy, plan_policy, report_policy
from khcn.plans.selectors import imports as import_selectors

contribution = Contribution(
    home=[
        HomeBlock(
            "plans.work",
            "plans/home/work.html",
            selectors.home_work,
            report_policy,
            order=5,
            wide=True,
            action="review",  # the DOST
            work=True,
        ),
        HomeBlock(
            "plans.to_submit",
            "plans/home/to_submit.html",
            selectors.home_to_submit,
            report_policy,
            order=6,
            wide=True,
            action="start",  # an agency's leader (the selector leaves others out)
            work=True,
        ),
        HomeBlock(
            "plans.due",
            "plans/home/due.html",
            selectors.home_due,
            report_policy,
            order=10,
            wide=True,
            action="start",  # for those who report for an agency
            work=True,
        ),
        HomeBlock(
            "plans.imports",
            "plans/home/imports.html",
            import_selectors.home_imports,
            plan_policy,
            order=4,
            wide=True,
            action="import",  # who imports plans: their imports waiting for review
            work=True,
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

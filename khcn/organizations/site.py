"""What the agency registry gives the site: its home block, the Agencies menu, its demo."""

from django.utils.translation import gettext_lazy as _

from khcn.core.plugins import Contribution, DemoLoader, HomeBlock, MenuEntry
from khcn.organizations import demo, selectors
from khcn.organizations.permissions import organization_policy

contribution = Contribution(
    home=[
        HomeBlock(
            "organizations.registry",
            "organizations/home/registry.html",
            selectors.home_registry,
            organization_policy,
            order=30,
        )
    ],
    menu=[MenuEntry("organizations", _("Agencies"), "organizations:list", organization_policy, order=20)],
    demo=[DemoLoader("organizations", demo.load, after=("accounts",))],
)

"""What the accounts app gives the site: the "your roles" block, the Users menu, its demo."""

from django.utils.translation import gettext_lazy as _

from khcn.accounts import demo, selectors
from khcn.accounts.permissions import user_policy
from khcn.core.plugins import Contribution, DemoLoader, HomeBlock, MenuEntry

contribution = Contribution(
    home=[
        HomeBlock("accounts.roles", "accounts/home/roles.html", selectors.home_roles, user_policy, order=20)
    ],
    menu=[
        MenuEntry(
            "accounts.users",
            _("Users"),
            "accounts:user_list",
            user_policy,
            action="add",
            order=30,
            current=("accounts:user_", "accounts:membership_"),
        )
    ],
    demo=[DemoLoader("accounts", demo.load)],
)

"""What the site layer gives itself, like any app: the Rule sets menu entry."""

from django.utils.translation import gettext_lazy as _

from khcn.core.plugins import Contribution, MenuEntry
from khcn.site.permissions import ruleset_policy

contribution = Contribution(
    menu=[
        MenuEntry(
            "site.rules",
            _("Rule sets"),
            "site:ruleset_list",
            ruleset_policy,
            order=90,
            current=("site:ruleset_",),
        )
    ],
)

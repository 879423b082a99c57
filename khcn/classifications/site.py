"""What the classifications give the site: the Classifications menu entry."""

from django.utils.translation import gettext_lazy as _

from khcn.classifications import demo
from khcn.classifications.permissions import scheme_policy
from khcn.core.plugins import Contribution, DemoLoader, MenuEntry

contribution = Contribution(
    menu=[
        MenuEntry(
            "classifications", _("Classifications"), "classifications:scheme_list", scheme_policy, order=80
        )
    ],
    demo=[DemoLoader("classifications", demo.load, after=("plans",))],
)

"""What the experts registry gives the site: the Experts menu entry and its demo."""

from django.utils.translation import gettext_lazy as _

from khcn.core.plugins import Contribution, DemoLoader, MenuEntry
from khcn.experts import demo
from khcn.experts.permissions import expert_policy

contribution = Contribution(
    menu=[MenuEntry("experts", _("Experts"), "experts:list", expert_policy, order=25)],
    demo=[
        DemoLoader("experts", demo.load, after=("accounts", "organizations", "councils", "classifications"))
    ],
)

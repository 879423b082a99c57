"""What the library gives the site: the Library menu entry (open to everyone), the home block
(records to publish for curators, one's own deposits) and its demo."""

from django.utils.translation import gettext_lazy as _

from khcn.core.plugins import Contribution, DemoLoader, HomeBlock, MenuEntry
from khcn.library import demo, demo_usage
from khcn.library.permissions import record_policy
from khcn.library.selectors.home import home_library

contribution = Contribution(
    home=[
        HomeBlock(
            "library.curator",
            "library/home/curator.html",
            home_library,
            record_policy,
            order=30,
            action="deposit",
            work=True,
        )
    ],
    menu=[MenuEntry("library", _("Library"), "library:record_list", record_policy, action="view", order=28)],
    demo=[
        DemoLoader("library", demo.load, after=("accounts", "organizations", "classifications", "research")),
        DemoLoader("library_usage", demo_usage.load, after=("library",)),
    ],
)

"""What the councils app gives the site: its demo council and its rule sets."""

from khcn.core.plugins import Contribution, DemoLoader
from khcn.councils import demo, rules

contribution = Contribution(
    demo=[DemoLoader("councils", demo.load, after=("accounts", "organizations"))],
    rulesets=rules.RULESETS,
)

"""What the councils app gives the site: its demo council."""

from khcn.core.plugins import Contribution, DemoLoader
from khcn.councils import demo

contribution = Contribution(
    demo=[DemoLoader("councils", demo.load, after=("accounts", "organizations"))],
)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top floor: home page, menu, demo, rule sets and cross-module pages, built from what
    each app declares in its ``site.py`` (``khcn.core.plugins``)."""

    name = "khcn.site"
    label = "site"
    verbose_name = _("Site")

    def ready(self) -> None:
        from khcn.site import registry

        registry.collect()  # fail at start-up, not on the first request, if a declaration is wrong

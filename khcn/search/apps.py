from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "khcn.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from khcn.search import checks  # noqa: F401  (registers system checks)

        # Each app's search.py registers its models with khcn.search.registry.
        autodiscover_modules("search")

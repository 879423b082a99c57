from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "khcn.research"
    label = "research"
    verbose_name = _("S&T tasks")

    def ready(self) -> None:
        # What this module hands the councils, and how their outcome comes back.
        from khcn.councils import registry
        from khcn.research import services

        if registry.subject(services.SUBJECT) is None:
            registry.register(
                services.SUBJECT,
                label=_("Proposal of an S&T task"),
                title=services.council_title,
                parties=services.council_parties,
                on_outcome=services.council_voted,
            )

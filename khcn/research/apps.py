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
        from khcn.research.services import applications, lifecycle

        subjects = (
            (
                services.SUBJECT,
                _("Proposal of an S&T task"),
                services.council_title,
                services.council_parties,
                services.council_voted,
            ),
            (
                applications.SUBJECT_APPLICATION,
                _("Application to host an S&T task"),
                applications.council_title,
                applications.council_parties,
                applications.council_scored,
            ),
            (
                lifecycle.SUBJECT_APPRAISAL,
                _("Budget estimate of an S&T task"),
                lifecycle.council_title_task,
                lifecycle.council_parties_task,
                lifecycle.council_appraised,
            ),
            (
                lifecycle.SUBJECT_TASK,
                _("Results of an S&T task"),
                lifecycle.council_title_task,
                lifecycle.council_parties_task,
                lifecycle.council_rated,
            ),
        )
        for code, label, title, parties, on_outcome in subjects:
            if registry.subject(code) is None:
                registry.register(code, label=label, title=title, parties=parties, on_outcome=on_outcome)
        # The tasks of each priority field, in the plans' annual reports.
        from khcn.plans import annexes
        from khcn.research.annexes import tasks_by_priority_field

        if not annexes.registered("research.tasks"):
            annexes.register("research.tasks", build=tasks_by_priority_field)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "khcn.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from khcn.organizations.hooks import register_change_hook, register_succession_hook
        from khcn.plans.services import agencies_changed, assignments_follow_succession, indexing

        register_succession_hook(assignments_follow_succession)
        register_change_hook(agencies_changed)
        register_change_hook(indexing.agencies_changed)  # their search entries show the names

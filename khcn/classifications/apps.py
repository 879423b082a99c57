from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationsConfig(AppConfig):
    name = "khcn.classifications"
    verbose_name = _("Classifications")

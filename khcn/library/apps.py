from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "khcn.library"
    label = "library"
    verbose_name = _("Electronic S&T library")

    def ready(self) -> None:
        # Registered results of S&T tasks are deposited here (research never imports library).
        from khcn.library.services.deposit import connect

        connect()

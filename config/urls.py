"""Root URLconf: each app mounts its own urls.py."""

from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language

from khcn.core.access import public
from khcn.library.views import oai as library_oai

urlpatterns = [
    path("", include("khcn.site.urls")),
    path("accounts/", include("khcn.accounts.urls")),
    path("organizations/", include("khcn.organizations.urls")),
    path("plans/", include("khcn.plans.urls")),
    path("classifications/", include("khcn.classifications.urls")),
    path("experts/", include("khcn.experts.urls")),
    path("councils/", include("khcn.councils.urls")),
    path("research/", include("khcn.research.urls")),
    path("library/", include("khcn.library.urls")),
    # OAI-PMH 2.0 for harvesters (khcn.library.oai).
    path("oai", library_oai.oai, name="oai"),
    path("inbox/", include("khcn.notifications.urls")),
    path("search/", include("khcn.search.urls")),
    path("api/v1/", include("khcn.api.urls")),
    # The language switch is open to anonymous visitors (the login page has it).
    path("i18n/setlang/", public(set_language), name="set_language"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

from django.urls import path

from khcn.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", views.ruleset_list, name="ruleset_list"),
]

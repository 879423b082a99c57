from django.urls import path

from khcn.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", views.ruleset_list, name="ruleset_list"),
]

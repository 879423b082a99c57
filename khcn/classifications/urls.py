from django.urls import path

from khcn.classifications import views

app_name = "classifications"
urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("priorities/new/", views.priority_create, name="priority_create"),
]

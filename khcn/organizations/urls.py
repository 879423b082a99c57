from django.urls import path

from khcn.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list_view, name="list"),
    path("export.<str:fmt>", views.organization_export, name="export"),
    path("new/", views.organization_create, name="create"),
    path("merge/", views.organization_merge, name="merge"),
    path("resolve/", views.organization_resolve_view, name="resolve"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/rename/", views.organization_rename, name="rename"),
    path("<int:pk>/split/", views.organization_split, name="split"),
    path("<int:pk>/names/", views.alias_add, name="alias_add"),
    path("<int:pk>/names/<int:alias_pk>/remove/", views.alias_remove, name="alias_remove"),
]

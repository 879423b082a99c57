from django.urls import path

from khcn.councils import views

app_name = "councils"
urlpatterns = [
    path("", views.council_list, name="council_list"),
    path("<int:pk>/", views.council_detail, name="council_detail"),
    path("<int:pk>/step/<str:name>/", views.council_step, name="council_step"),
    path("<int:pk>/attendance/<int:member_pk>/", views.attendance, name="attendance"),
    path("<int:pk>/items/<int:item_pk>/sheets/<int:member_pk>/", views.sheet_fill, name="sheet_fill"),
    path(
        "<int:pk>/declarations/<int:declaration_pk>/override/",
        views.declaration_override,
        name="declaration_override",
    ),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from khcn.accounts import views
from khcn.core.access import public

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("register/", views.register, name="register"),
    path("register/resend/", views.register_resend, name="register_resend"),
    path("register/confirm/<str:token>/", views.register_confirm, name="register_confirm"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("me/", views.profile, name="profile"),
    path("users/", views.user_list_view, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.user_password_reset, name="user_password_reset"),
    path("users/<int:pk>/roles/", views.membership_add, name="membership_add"),
    path("users/<int:pk>/roles/<int:membership_pk>/end/", views.membership_end, name="membership_end"),
]

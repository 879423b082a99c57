from django.urls import path

from khcn.api.api import api

urlpatterns = [path("", api.urls)]

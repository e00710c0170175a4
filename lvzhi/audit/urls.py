from __future__ import annotations

from django.urls import path

from lvzhi.audit import views

app_name = "audit"
urlpatterns = [
    path("list/", views.list, name="list"),
]

from __future__ import annotations

from django.urls import path

from lvzhi.members import views

app_name = "members"
urlpatterns = [
    path("list/", views.list, name="list"),
]

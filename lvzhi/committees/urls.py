from __future__ import annotations

from django.urls import path

from lvzhi.committees import views

app_name = "committees"
urlpatterns = [
    path("tree/", views.tree, name="tree"),
    path("config_index/", views.config_index, name="config_index"),
]

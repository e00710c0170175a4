"""Duty record screens."""
from __future__ import annotations

from django.urls import path

from lvzhi.duty import views

app_name = "duty"
urlpatterns = [
    path("", views.my_record, name="mine"),
    path("members/<int:pk>/", views.member_record, name="member"),
]

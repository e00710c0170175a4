"""Screens of the three administrators: accounts, role grants, security policy."""
from __future__ import annotations

from django.urls import path

from lvzhi.accounts import manage_views

app_name = "accounts"
urlpatterns = [
    path("users/", manage_views.user_list, name="user_list"),
    path("grants/", manage_views.grant_list, name="grant_list"),
    path("policy/", manage_views.policy, name="policy"),
]

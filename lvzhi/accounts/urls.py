"""Signing in and out (no namespace: Django's auth expects these names)."""
from __future__ import annotations

from django.urls import path

from lvzhi.accounts import auth_views

urlpatterns = [
    path("login/", auth_views.login_view, name="login"),
    path("logout/", auth_views.logout_view, name="logout"),
    path("password/", auth_views.password_change_view, name="password_change"),
]

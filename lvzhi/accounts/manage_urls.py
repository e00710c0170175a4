"""Screens of the three administrators: accounts, role grants, security policy."""
from __future__ import annotations

from django.urls import path

from lvzhi.accounts import manage_views

app_name = "accounts"
urlpatterns = [
    path("users/", manage_views.user_list, name="user_list"),
    path("users/new/", manage_views.user_create, name="user_create"),
    path("users/<int:pk>/", manage_views.user_detail, name="user_detail"),
    path("users/<int:pk>/active/", manage_views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/password/", manage_views.user_password_reset, name="user_password_reset"),
    path("users/<int:pk>/unlock/", manage_views.user_unlock, name="user_unlock"),
    path("users/staff/", manage_views.staff_accounts, name="staff_accounts"),
    path("users/issued.xlsx", manage_views.issued_export, name="issued_export"),
    path("password-resets/", manage_views.password_reset_list, name="password_reset_list"),
    path("password-resets/<int:pk>/decide/", manage_views.password_reset_decide, name="password_reset_decide"),
    path("password-resets/<int:pk>/issue/", manage_views.password_reset_issue, name="password_reset_issue"),
    path("grants/", manage_views.grant_list, name="grant_list"),
    path("grants/new/", manage_views.grant_create, name="grant_create"),
    path("grants/<int:pk>/revoke/", manage_views.grant_revoke, name="grant_revoke"),
    path("policy/", manage_views.policy, name="policy"),
]

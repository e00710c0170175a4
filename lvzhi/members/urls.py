"""Roster screens: list, member page, add and edit, Excel export and import."""
from __future__ import annotations

from django.urls import path

from lvzhi.members import account_views, import_views, views

app_name = "members"
urlpatterns = [
    path("", views.roster_list, name="list"),
    path("export.xlsx", views.roster_export, name="export"),
    path("new/", views.member_create, name="create"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("accounts/", account_views.member_accounts, name="accounts"),
    path("import/", import_views.import_upload, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("import/<str:token>/", import_views.import_preview, name="import_preview"),
]

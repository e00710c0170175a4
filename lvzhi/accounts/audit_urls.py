"""The audit administrator's screens: the trail, searchable, and its Excel and CSV exports."""
from __future__ import annotations

from django.urls import path

from lvzhi.accounts import audit_views as views

app_name = "audit"
urlpatterns = [
    path("list/", views.event_list, name="list"),
    path("export.xlsx", views.event_export, name="export"),
    path("export.csv", views.event_export_csv, name="export_csv"),
    path("chain/", views.chain_status, name="chain"),
    path("anchors.json", views.anchor_export, name="anchors"),
]

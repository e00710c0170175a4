"""Organisation screens: the tree, one committee's terms and sessions, the configuration lists."""
from __future__ import annotations

from django.urls import path

from lvzhi.organisation import views

app_name = "committees"
urlpatterns = [
    path("tree/", views.tree, name="tree"),
    path("new/", views.committee_create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/terms/new/", views.term_create, name="term_create"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("config/", views.config_index, name="config_index"),
    path("config/<slug:list_key>/", views.config_list, name="config_list"),
    path("config/<slug:list_key>/<int:pk>/edit/", views.config_item_edit, name="config_item_edit"),
    path("config/<slug:list_key>/<int:pk>/active/", views.config_item_active, name="config_item_active"),
    path("config/<slug:list_key>/<int:pk>/move/", views.config_item_move, name="config_item_move"),
]

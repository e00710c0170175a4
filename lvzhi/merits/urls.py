"""Screens of 履职活动申报 and 表彰."""
from __future__ import annotations

from django.urls import path

from lvzhi.merits import views, views_commendations

app_name = "merits"
urlpatterns = [
    path("", views.my_activities, name="mine"),
    path("activities/", views.activity_queue, name="activities"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/do/<str:move>/", views.activity_move, name="activity_move"),
    path("activities/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("activities/<int:pk>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("activities/<int:pk>/evidence/<int:evidence_id>/remove/", views.evidence_remove, name="evidence_remove"),
    path("commendations/", views_commendations.commendation_list, name="commendations"),
    path("commendations/new/", views_commendations.commendation_create, name="commendation_create"),
    path("commendations/<int:pk>/", views_commendations.commendation_detail, name="commendation"),
    path("commendations/<int:pk>/people/", views_commendations.commendation_add, name="commendation_add"),
    path("commendations/<int:pk>/people/<int:person_id>/remove/", views_commendations.commendation_remove,
         name="commendation_remove"),
    path("commendations/<int:pk>/delete/", views_commendations.commendation_delete, name="commendation_delete"),
]

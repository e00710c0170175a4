"""学习培训 screens."""
from __future__ import annotations

from django.urls import path

from lvzhi.study import views, views_reading

app_name = "study"
urlpatterns = [
    path("", views.index, name="index"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/do/<str:move>/", views.session_move, name="session_move"),
    path("sessions/<int:pk>/roll/", views.session_roll, name="session_roll"),
    path("sessions/<int:pk>/sheet/", views.session_sheet, name="session_sheet"),
    path("sessions/<int:pk>/trainees/", views.trainee_add, name="trainee_add"),
    path("sessions/<int:pk>/trainees/<int:trainee_pk>/remove/", views.trainee_remove, name="trainee_remove"),
    path("figures/", views.figures, name="figures"),
    path("reading-groups/", views_reading.group_list, name="groups"),
    path("reading-groups/new/", views_reading.group_create, name="group_create"),
    path("reading-groups/<int:pk>/", views_reading.group_detail, name="group"),
    path("reading-groups/<int:pk>/edit/", views_reading.group_edit, name="group_edit"),
    path("reading-activities/<int:pk>/edit/", views_reading.activity_edit, name="activity_edit"),
    path("reading-activities/<int:pk>/delete/", views_reading.activity_delete, name="activity_delete"),
]

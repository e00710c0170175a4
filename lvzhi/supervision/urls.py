"""民主监督 screens."""
from __future__ import annotations

from django.urls import path

from lvzhi.supervision import views, views_matters, views_other

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("groups/export.xlsx", views.group_export, name="groups_export"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/report.docx", views.group_report, name="group_report"),
    path("matters/", views_matters.matter_list, name="matters"),
    path("matters/export.xlsx", views_matters.matter_export, name="matters_export"),
    path("matters/<int:pk>/", views_matters.matter_detail, name="matter"),
    path("matters/<int:pk>/do/<str:move>/", views_matters.matter_move, name="matter_move"),
    path("supervisors/", views_other.supervisor_list, name="supervisors"),
    path("supervisors/export.xlsx", views_other.supervisor_export, name="supervisors_export"),
    path("supervisors/appointments.xlsx", views_other.appointment_export, name="appointments_export"),
    path("supervisors/<int:pk>/end/", views_other.appointment_end, name="appointment_end"),
    path("supervisors/batches/<int:pk>/delete/", views_other.duty_delete, name="duty_delete"),
    path("attendance/", views_other.attendance_list, name="attendance"),
    path("attendance/<int:pk>/delete/", views_other.attendance_delete, name="attendance_delete"),
    path("attendance/export.xlsx", views_other.attendance_export, name="attendance_export"),
    path("figures/", views_other.figures, name="figures"),
    path("figures/export.xlsx", views_other.figures_export, name="figures_export"),
]

"""Duty reports, 述职 sessions and the year-end feedback."""
from __future__ import annotations

from django.urls import path

from lvzhi.duty_reports import views, views_feedback, views_sessions

app_name = "duty_reports"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("draft/", views.draft, name="draft"),
    path("reports/", views.report_list, name="list"),
    path("reports/<int:pk>/", views.detail, name="detail"),
    path("reports/<int:pk>/edit/", views.edit, name="edit"),
    path("reports/<int:pk>/do/<str:move>/", views.move, name="move"),
    path("reports/<int:pk>/report.docx", views.document, name="document"),
    path("sessions/", views_sessions.session_list, name="sessions"),
    path("sessions/new/", views_sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/", views_sessions.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views_sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", views_sessions.session_delete, name="session_delete"),
    path("feedback/", views_feedback.feedback, name="feedback"),
    path("feedback/table.xlsx", views_feedback.feedback_table, name="feedback_table"),
    path("feedback/letters.zip", views_feedback.feedback_letters, name="feedback_letters"),
    path("feedback/letter.docx", views_feedback.feedback_letter, name="feedback_letter"),
]

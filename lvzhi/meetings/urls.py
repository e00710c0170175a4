"""会议与考勤 screens."""
from __future__ import annotations

from django.urls import path

from lvzhi.meetings import views, views_figures, views_member, views_speeches

app_name = "meetings"
urlpatterns = [
    path("", views.sheet_list, name="list"),
    path("sheets.xlsx", views.sheet_export, name="export"),
    path("new/", views.sheet_create, name="create"),
    path("leave/", views.leave_queue, name="leave_queue"),
    path("leave.xlsx", views.leave_export, name="leave_export"),
    path("mine/", views_member.my_meetings, name="mine"),
    path("mine.xlsx", views_member.my_export, name="mine_export"),
    path("sign-in/", views_member.sign_in, name="sign_in"),
    path("mine/<int:pk>/leave/", views_member.leave, name="request_leave"),
    path("speeches/", views_speeches.speech_list, name="speeches"),
    path("speeches.xlsx", views_speeches.speech_export, name="speeches_export"),
    path("speeches/new/", views_speeches.speech_new, name="speech_create"),
    path("speeches/<int:pk>/remove/", views_speeches.speech_remove, name="speech_remove"),
    path("speeches/<int:pk>/file", views_speeches.speech_file, name="speech_file"),
    path("figures/", views_figures.figures_page, name="figures"),
    path("figures.xlsx", views_figures.figures_export, name="figures_export"),
    path("<int:pk>/", views.sheet_detail, name="detail"),
    path("<int:pk>/edit/", views.sheet_edit, name="edit"),
    path("<int:pk>/do/<slug:action>/", views.sheet_action, name="action"),
    path("<int:pk>/code/", views.sheet_code, name="code"),
    path("<int:pk>/sheet.docx", views.sheet_docx, name="docx"),
    path("<int:pk>/roll.xlsx", views.sheet_roll_xlsx, name="roll_xlsx"),
]

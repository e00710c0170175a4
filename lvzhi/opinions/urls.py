"""社情民意 screens."""
from __future__ import annotations

from django.urls import URLPattern, path

from lvzhi.opinions import views, views_figures, views_issues

app_name = "opinions"
urlpatterns: list[URLPattern] = [
    path("", views.report_list, name="list"),
    path("export/", views.report_export, name="export"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/docx/", views_issues.report_docx, name="docx"),
    path("<int:pk>/do/<str:action>/", views.report_action, name="action"),
    path("issues/", views_issues.issue_list, name="issues"),
    path("issues/<int:pk>/", views_issues.issue_detail, name="issue"),
    path("issues/<int:pk>/do/<str:action>/", views_issues.issue_action, name="issue_action"),
    path("issues/<int:pk>/docx/", views_issues.issue_docx, name="issue_docx"),
    path("settings/", views_issues.settings_page, name="settings"),
    path("figures/", views_figures.figures_page, name="figures"),
    path("figures/export/", views_figures.figures_export, name="figures_export"),
]

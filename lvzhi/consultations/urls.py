"""协商 screens."""
from __future__ import annotations

from django.urls import path

from lvzhi.consultations import views, views_figures, views_plan

app_name = "consultations"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("activities.xlsx", views.activity_export, name="export"),
    path("new/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/do/<slug:action>/", views.activity_action, name="action"),
    path("<int:pk>/outcome.docx", views.activity_report, name="report"),
    path("<int:pk>/materials/", views.material_upload, name="material_upload"),
    path("<int:pk>/materials/<int:material_id>/", views.material_download, name="material"),
    path("<int:pk>/materials/<int:material_id>/remove/", views.material_remove, name="material_remove"),
    path("suggestions/", views_figures.suggestion_list, name="suggestions"),
    path("suggestions.xlsx", views_figures.suggestion_export, name="suggestions_export"),
    path("suggestions/<int:pk>/do/<slug:action>/", views.suggestion_action, name="suggestion_action"),
    path("plan/", views_plan.plan_page, name="plan"),
    path("plan/new/", views_plan.plan_create, name="plan_create"),
    path("plan/<int:pk>/do/<slug:action>/", views_plan.plan_action, name="plan_action"),
    path("plan/<int:pk>/plan.docx", views_plan.plan_docx, name="plan_docx"),
    path("plan/<int:pk>/progress.xlsx", views_plan.plan_progress_xlsx, name="plan_progress"),
    path("figures/", views_figures.figures_page, name="figures"),
    path("figures.xlsx", views_figures.figures_export, name="figures_export"),
]

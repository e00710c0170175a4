"""Proposal screens: list, drafting, the proposal page and its moves, queues, downloads, figures."""
from __future__ import annotations

from django.urls import path

from lvzhi.proposals import views, views_detail, views_history, views_queues, views_settings

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("catalogue.xlsx", views.export_catalogue, name="export_catalogue"),
    path("handling.xlsx", views.export_handling, name="export_handling"),
    path("new/", views.proposal_create, name="create"),
    path("help/", views.writing_help_panel, name="help"),
    path("cosigners/", views.cosigner_picker, name="cosigners"),
    path("review/", views_queues.review_queue, name="review"),
    path("assign/", views_queues.assign_queue, name="assign_queue"),
    path("unit/", views_queues.unit_inbox, name="unit"),
    path("deadlines/", views_queues.deadlines, name="deadlines"),
    path("supervision/", views_queues.supervision_page, name="supervision"),
    path("key/", views_queues.key_list, name="keys"),
    path("<int:pk>/", views_detail.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/do/<slug:action>/", views_detail.proposal_action, name="action"),
    path("<int:pk>/proposal.docx", views_detail.proposal_docx, name="docx"),
    path("<int:pk>/letter.docx", views_detail.assignment_letter_docx, name="letter"),
    path("<int:pk>/replies/<int:assignment_pk>/file", views_detail.reply_file, name="reply_file"),
    path("<int:pk>/attachments/", views_detail.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_id>/", views_detail.attachment_download, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_id>/remove/", views_detail.attachment_remove,
         name="attachment_remove"),
    path("history/import/", views_history.history_upload, name="history_import"),
    path("history/template.xlsx", views_history.history_template, name="history_template"),
    path("history/import/<str:token>/", views_history.history_preview, name="history_preview"),
    path("settings/", views_settings.settings_page, name="settings"),
    path("settings/preview/", views_settings.number_preview, name="settings_preview"),
    path("settings/stages/", views_settings.stage_add, name="settings_stage_add"),
    path("settings/stages/<int:pk>/", views_settings.stage_update, name="settings_stage_update"),
    path("settings/stages/<int:pk>/move/", views_settings.stage_move, name="settings_stage_move"),
    path("settings/stages/<int:pk>/remove/", views_settings.stage_remove, name="settings_stage_remove"),
]

try:  # the figures screens are written alongside; the rest works without them
    from lvzhi.proposals import views_figures
except ModuleNotFoundError as exc:  # pragma: no cover - only while that module does not exist
    if exc.name != "lvzhi.proposals.views_figures":
        raise
else:
    urlpatterns += [
        path("figures/", views_figures.figures_page, name="figures"),
        path("figures.xlsx", views_figures.figures_export, name="figures_export"),
    ]

"""Duty record, scoring rule table and score screens."""
from __future__ import annotations

from django.urls import path

from lvzhi.duty import views, views_rules, views_scores

app_name = "duty"
urlpatterns = [
    path("", views.my_record, name="mine"),
    path("members/<int:pk>/", views.member_record, name="member"),
    # 履职得分 and the ranking
    path("score/", views_scores.my_score, name="score_mine"),
    path("score/members/<int:pk>/", views_scores.member_score_page, name="score_member"),
    path("ranking/", views_scores.ranking_page, name="ranking"),
    # 履职考核规则
    path("rules/", views_rules.rules_page, name="rules"),
    path("rules/create/", views_rules.ruleset_create, name="ruleset_create"),
    path("rules/<int:pk>/copy/", views_rules.ruleset_copy, name="ruleset_copy"),
    path("rules/<int:pk>/edit/", views_rules.ruleset_edit, name="ruleset_edit"),
    path("rules/<int:pk>/categories/add/", views_rules.category_add, name="category_add"),
    path("rules/categories/<int:pk>/", views_rules.category_edit, name="category_edit"),
    path("rules/categories/<int:pk>/delete/", views_rules.category_delete, name="category_delete"),
    path("rules/<int:pk>/rules/add/", views_rules.rule_add, name="rule_add"),
    path("rules/rules/<int:pk>/", views_rules.rule_edit, name="rule_edit"),
    path("rules/rules/<int:pk>/delete/", views_rules.rule_delete, name="rule_delete"),
    path("rules/<int:pk>/bands/add/", views_rules.band_add, name="band_add"),
    path("rules/bands/<int:pk>/", views_rules.band_edit, name="band_edit"),
    path("rules/bands/<int:pk>/delete/", views_rules.band_delete, name="band_delete"),
    path("rules/<int:pk>/minimums/add/", views_rules.minimum_add, name="minimum_add"),
    path("rules/minimums/<int:pk>/", views_rules.minimum_edit, name="minimum_edit"),
    path("rules/minimums/<int:pk>/delete/", views_rules.minimum_delete, name="minimum_delete"),
]

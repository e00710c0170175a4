"""The JSON API: one router; each later capability (proposals, opinions ...) registers its viewset here."""
from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import SimpleRouter

from lvzhi.api import (
    accounts,
    consultations,
    duty,
    duty_reports,
    meetings,
    merits,
    opinions,
    organisation,
    proposal_settings,
    proposals,
    study,
    supervision,
    views,
)

router = SimpleRouter()
router.register("committees", views.CommitteeViewSet, basename="api-committee")
router.register("members", views.MemberViewSet, basename="api-member")
router.register("proposals", proposals.ProposalViewSet, basename="api-proposal")
router.register("assignments", proposals.AssignmentViewSet, basename="api-assignment")
router.register("evaluations", proposals.EvaluationViewSet, basename="api-evaluation")
for line in (opinions, meetings, consultations, supervision, study, duty_reports, merits, duty):
    line.register(router)
organisation.register(router)
proposal_settings.register(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="api-schema"),
    path("docs/", views.DocsView.as_view(), name="api-docs"),
    path("me/", views.MeView.as_view(), name="api-me"),
    *accounts.urlpatterns,
    *router.urls,
]

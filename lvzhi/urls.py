"""Top-level URLs: each app brings its own."""
from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("lvzhi.front.urls")),
    path("accounts/", include("lvzhi.accounts.urls")),
    path("manage/", include("lvzhi.accounts.manage_urls")),
    path("committees/", include("lvzhi.organisation.urls")),
    path("members/", include("lvzhi.members.urls")),
    path("proposals/", include("lvzhi.proposals.urls")),
    path("opinions/", include("lvzhi.opinions.urls")),
    path("meetings/", include("lvzhi.meetings.urls")),
    path("consultations/", include("lvzhi.consultations.urls")),
    path("supervision/", include("lvzhi.supervision.urls")),
    path("duty/", include("lvzhi.duty.urls")),
    path("study/", include("lvzhi.study.urls")),
    path("duty-reports/", include("lvzhi.duty_reports.urls")),
    path("merits/", include("lvzhi.merits.urls")),
    path("audit/", include("lvzhi.accounts.audit_urls")),
    path("api/", include("lvzhi.api.urls")),
]

handler403 = "lvzhi.front.views.forbidden"
handler404 = "lvzhi.front.views.not_found"
handler400 = "lvzhi.front.views.bad_request"
handler500 = "lvzhi.front.views.server_error"

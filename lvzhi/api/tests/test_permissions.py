"""The base permission: a view that declares no capability for an action refuses it, and records why."""
from __future__ import annotations

from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from lvzhi.api.permissions import CapabilityPermission
from lvzhi.audit.models import AuditEvent
from lvzhi.testing import World


class _Undeclared(APIView):
    permission_classes = [IsAuthenticated, CapabilityPermission]
    capabilities: dict[str, str] = {}

    def get(self, request: Request) -> Response:
        return Response({"ok": True})



def test_undeclared_action_is_refused_and_recorded(world: World) -> None:
    request = APIRequestFactory().get("/x/")
    force_authenticate(request, user=world.carol)
    response = _Undeclared.as_view()(request)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor_name="carol",
                                     detail="undeclared:_Undeclared").exists()

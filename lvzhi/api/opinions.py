"""The 社情民意 API."""
from __future__ import annotations

from rest_framework.routers import SimpleRouter


def register(router: SimpleRouter) -> None:
    """Add this line's viewsets to the API router."""

"""社情民意 screens."""
from __future__ import annotations

from django.urls import URLPattern

app_name = "opinions"
urlpatterns: list[URLPattern] = []

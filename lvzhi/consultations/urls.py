"""协商 screens."""
from __future__ import annotations

from django.urls import URLPattern

app_name = "consultations"
urlpatterns: list[URLPattern] = []

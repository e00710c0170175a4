"""社情民意."""
from __future__ import annotations

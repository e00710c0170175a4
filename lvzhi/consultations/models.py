"""协商."""
from __future__ import annotations

"""民主监督."""
from __future__ import annotations

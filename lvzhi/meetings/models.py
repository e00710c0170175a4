"""会议与考勤."""
from __future__ import annotations

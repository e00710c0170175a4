"""Shared set-up for the merits tests: a photo to upload, an activity alice reports, a filed proposal."""
from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lvzhi.merits.models import ActivityKind, ReportedActivity
from lvzhi.merits.services import activities
from lvzhi.testing import World

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def photo(name: str = "现场照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def report(world: World, *, submit: bool = True, kind: str = ActivityKind.RESEARCH, title: str = "参加优化营商环境专题调研",
           files: Any = None, evidence_note: str = "", who: str = "alice") -> ReportedActivity:
    return activities.activity_create(
        actor=world.users[who], committee=world.city, kind=kind, date=days_ago(3), title=title, place="长春新区",
        description="走访企业5家，座谈1次。", evidence_note=evidence_note,
        files=[photo()] if files is None else files, submit=submit)

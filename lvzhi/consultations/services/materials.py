"""Activity materials (活动材料): speeches, reports and photos, stored the way proposal attachments are."""
from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from lvzhi.actors import Actor
from lvzhi.consultations import workflow
from lvzhi.consultations.models import ConsultationActivity, Material
from lvzhi.consultations.services.common import lock, record_event, require_manage, save_changed
from lvzhi.documents.attachments import ACCEPT, ALLOWED_LABEL, MAX_BYTES, check_file, clean_name

MAX_PER_ACTIVITY = 30
__all__ = ["ACCEPT", "ALLOWED_LABEL", "MAX_BYTES", "material_add", "material_remove"]


def material_add(
    *, actor: Actor, activity: ConsultationActivity, file: UploadedFile, expected_version: int | None = None,
) -> Material:
    """Store a file under a generated name (the original name is kept for readers); removed again on failure."""
    require_manage(actor, activity.committee)
    name = clean_name(getattr(file, "name", "") or "")
    ext = check_file(file, name)
    stored = ""
    try:
        with transaction.atomic():
            lock(activity, expected_version)
            workflow.ACTIVITY.apply(activity, "materials", actor_role=workflow.Role.OFFICE)
            if activity.materials.count() >= MAX_PER_ACTIVITY:
                raise ValidationError(f"每次活动最多 {MAX_PER_ACTIVITY} 份材料，请先删除不需要的材料。")
            material = Material(activity=activity, name=name, uploaded_by=actor)
            material.file.save(f"{uuid.uuid4().hex}{ext}", file, save=False)
            stored = material.file.name
            material.save()
            save_changed(activity, [])
            record_event(actor=actor, move="material_add", obj=activity, remarks=name, verb="material_add",
                         after={"material": name, "file": stored})
    except BaseException:
        if stored:
            Material._meta.get_field("file").storage.delete(stored)
        raise
    return material


@transaction.atomic
def material_remove(*, actor: Actor, material: Material, expected_version: int | None = None) -> None:
    activity = material.activity
    require_manage(actor, activity.committee)
    lock(activity, expected_version)
    workflow.ACTIVITY.apply(activity, "materials", actor_role=workflow.Role.OFFICE)
    storage, stored, name = material.file.storage, material.file.name, material.name
    material.delete()
    save_changed(activity, [])
    record_event(actor=actor, move="material_remove", obj=activity, remarks=name, verb="material_remove",
                 before={"material": name, "file": stored})
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))

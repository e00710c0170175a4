"""Fill the scoring facets of the duty records written before they existed, as the lines' writers now do."""
from django.db import migrations

# Frozen copy of DEFAULT_FACETS at this migration: kind -> (event, role_code, outcomes).
FACETS = {
    "proposal_first": ("proposal", "first", "submitted"),
    "proposal_cosign": ("proposal", "cosigner", "submitted"),
    "proposal_collective": ("proposal", "collective", "submitted"),
    "opinion_submitted": ("opinion", "author", "submitted"),
    "opinion_adopted": ("opinion", "author", "adopted"),
    "opinion_instructed": ("opinion", "author", "instructed"),
    "attendance_present": ("meeting", "participant", "attended"),
    "attendance_excused": ("meeting", "participant", "excused"),
    "attendance_absent": ("meeting", "participant", "absent"),
    "speech_plenary": ("speech", "speaker", "spoke_plenary"),
    "speech_written": ("speech", "speaker", "spoke_written"),
    "speech_other": ("speech", "speaker", "spoke"),
    "consultation": ("consultation", "participant", "took_part"),
    "inspection": ("inspection", "participant", "took_part"),
    "research": ("research", "participant", "took_part"),
    "supervision": ("supervision", "participant", "took_part"),
    "special_supervisor": ("special_supervisor", "participant", "took_part"),
    "attend_outside": ("attend_outside", "participant", "attended"),
    "station_activity": ("station", "participant", "took_part"),
    "training": ("study", "participant", "attended"),
    "other": ("other", "participant", "took_part"),
}
FILED = {"filed", "assigned", "replied", "rehandling", "closed", "merged"}
SHEET_EVENT = {"plenary": "plenary", "standing": "standing", "chairs": "meeting", "training": "study",
               "other": "meeting"}


def backfill(apps, schema_editor):
    DutyRecord = apps.get_model("duty", "DutyRecord")
    for kind, (event, role_code, outcomes) in FACETS.items():
        DutyRecord.objects.filter(kind=kind).update(event=event, role_code=role_code, outcomes=outcomes)

    Proposal = apps.get_model("proposals", "Proposal")
    rows = DutyRecord.objects.filter(source_type="proposals.proposal")
    for state_filed in (True, False):
        for is_key in (True, False):
            states = Proposal.objects.filter(is_key=is_key)
            states = states.filter(state__in=FILED) if state_filed else states.exclude(state__in=FILED)
            outcomes = ",".join(sorted({"submitted"} | ({"filed"} if state_filed else set())
                                       | ({"key"} if is_key else set())))
            rows.filter(source_id__in=states.values("pk")).update(outcomes=outcomes)
    rows.filter(kind="proposal_first",
                source_id__in=Proposal.objects.filter(kind="joint").values("pk")).update(role_code="joint_first")

    for model, source_type in (("Adoption", "opinions.adoption"), ("Instruction", "opinions.instruction")):
        Model = apps.get_model("opinions", model)
        for level in ("national", "province", "city", "county"):
            DutyRecord.objects.filter(source_type=source_type,
                                      source_id__in=Model.objects.filter(level=level).values("pk")).update(level=level)

    Attendance = apps.get_model("meetings", "Attendance")
    for sheet_kind, event in SHEET_EVENT.items():
        DutyRecord.objects.filter(
            source_type="meetings.attendance", kind__startswith="attendance_",
            source_id__in=Attendance.objects.filter(sheet__kind=sheet_kind).values("pk"),
        ).update(event=event)

    GroupMember = apps.get_model("supervision", "GroupMember")
    for member in GroupMember.objects.filter(role="leader").values("group_id", "person_id"):
        DutyRecord.objects.filter(source_type="supervision.supervisiongroup", source_id=member["group_id"],
                                  person_id=member["person_id"], kind="supervision").update(role_code="leader")


class Migration(migrations.Migration):
    dependencies = [
        ("duty", "0002_facets"),
        ("proposals", "0006_workflow_event_base"),
        ("opinions", "0002_workflow_event_base"),
        ("meetings", "0002_workflow_event_base"),
        ("supervision", "0008_workflow_event_base"),
    ]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

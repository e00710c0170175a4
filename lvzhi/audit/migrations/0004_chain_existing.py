"""Chain the events recorded before the chain existed, oldest first, and anchor the result."""

from django.db import migrations


def chain_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from lvzhi.audit import chain

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditAnchor = apps.get_model("audit", "AuditAnchor")
    seq, prev = 0, chain.GENESIS
    for event in AuditEvent.objects.order_by("at", "id").iterator(chunk_size=2000):
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.before, event.after = chain.json_roundtrip(event.before), chain.json_roundtrip(event.after)
        event.hash = chain.event_hash({name: getattr(event, name) for name in chain.HASHED_FIELDS})
        event.save(update_fields=["seq", "prev_hash", "hash", "before", "after"])
        prev = event.hash
    if seq:
        at = timezone.now()
        AuditAnchor.objects.create(at=at, kind="periodic", seq=seq, hash=prev,
                                   mac=chain.anchor_mac("periodic", seq, prev, at), detail="链建立时的已有记录")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain")]
    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]

"""The audit trail is hash-chained: an edit, insert or delete made by SQL, past the application, is caught."""
from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from lvzhi.audit import chain, guard
from lvzhi.audit.models import AuditAnchor, AuditEvent
from lvzhi.audit.services import audit_record
from lvzhi.members.services import person_update
from lvzhi.testing import World


def _verify_output() -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), err.getvalue()
    return 0, out.getvalue()


def _drop_update_guard() -> None:
    # Inside the test's own transaction, rolled back afterwards: what a DBA could do on the live database.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_event_no_update ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")


def test_normal_operation_verifies(world: World) -> None:
    person_update(actor=world.carol, person=world.people["alice"], committee=world.city, phone="13700001111")
    code, text = _verify_output()
    assert code == 0
    assert "审计链完好" in text
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert chain.end() == (seqs[-1], AuditEvent.objects.get(seq=seqs[-1]).hash)


@pytest.mark.audit_tampered
def test_an_edited_row_is_the_first_broken_link(world: World) -> None:
    events = list(AuditEvent.objects.order_by("seq"))
    target = events[len(events) // 2]
    _drop_update_guard()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["someone-else", target.pk])
    code, text = _verify_output()
    assert code == 1
    assert f"第 {target.seq} 条" in text
    assert "内容与哈希不符" in text


@pytest.mark.audit_tampered
def test_a_deleted_row_leaves_a_gap(world: World) -> None:
    target = AuditEvent.objects.order_by("seq")[3]
    with connection.cursor() as cursor:  # the test database lets DELETE through (conftest); production does not
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
    code, text = _verify_output()
    assert code == 1
    assert f"第 {target.seq} 条缺失" in text


@pytest.mark.audit_tampered
def test_a_forged_row_with_a_plain_sha256_does_not_fit(world: World) -> None:
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    values = {name: getattr(last, name) for name in chain.HASHED_FIELDS}
    values.update(seq=last.seq + 1, prev_hash=last.hash, actor_name="ghost", action="login.success")
    # Without the key the forger can only guess the hash: an unkeyed SHA-256 of the same canonical form.
    forged_hash = hashlib.sha256(chain.canonical(values)).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, actor_name, action, object_type, object_id, object_repr, outcome,"
            " detail, seq, prev_hash, hash) VALUES (%s, 'ghost', 'login.success', '', '', '', 'success', '', %s, %s, %s)",
            [last.at, last.seq + 1, last.hash, forged_hash],
        )
    code, text = _verify_output()
    assert code == 1
    assert f"第 {last.seq + 1} 条" in text and "内容与哈希不符" in text


@pytest.mark.audit_tampered
def test_a_rewrite_with_the_key_is_caught_by_an_exported_anchor(world: World, tmp_path) -> None:
    anchor = chain.anchor_now("测试")
    assert anchor is not None
    exported = tmp_path / "anchors.json"
    exported.write_text(f'{{"anchors": [{{"seq": {anchor.seq}, "hash": "{anchor.hash}"}}]}}', encoding="utf-8")
    # Someone holding the key rewrites the whole chain and its stored anchors to hide an edit.
    _drop_update_guard()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditanchor")
        cursor.execute("UPDATE audit_auditevent SET detail = 'rewritten' WHERE seq = 1")
    prev = chain.GENESIS
    for event in AuditEvent.objects.order_by("seq"):
        values = {name: getattr(event, name) for name in chain.HASHED_FIELDS}
        values["prev_hash"] = prev
        new_hash = chain.event_hash(values)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                           [prev, new_hash, event.pk])
        prev = new_hash
    assert _verify_output()[0] == 0  # the stored chain alone now looks whole
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("verify_audit", "--anchors", str(exported), stderr=err)
    assert exc.value.code == 1
    assert f"第 {anchor.seq} 条" in err.getvalue() and "导出的锚点不符" in err.getvalue()


def test_an_anchor_is_written_every_n_events(world: World, settings) -> None:
    settings.AUDIT_ANCHOR_EVERY = 5
    start = chain.end()[0]
    for _ in range(10):
        audit_record(actor=None, action="reminder.sent", detail="测试")
    anchored = set(AuditAnchor.objects.filter(seq__gt=start).values_list("seq", flat=True))
    assert anchored == {s for s in range(start + 1, start + 11) if s % 5 == 0}
    assert chain.verify().ok


@pytest.mark.audit_tampered  # it cuts the chain without archive_audit's record, which verify reports
def test_the_production_guard_refuses_update_and_delete(world: World) -> None:
    with connection.cursor() as cursor:
        guard.install(cursor, connection.vendor)  # what migrate installs (rolled back with the test)
    event = AuditEvent.objects.order_by("seq").first()
    assert event is not None
    for sql in ("UPDATE audit_auditevent SET detail = 'x' WHERE id = %s",
                "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    chain.anchor_now()
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditanchor")
    assert AuditEvent.objects.filter(pk=event.pk, detail=event.detail).exists()
    # Covered by an archive cut, the event may go (archive_audit does exactly this, audited).
    chain.record_anchor(event.seq, event.hash, "archive")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert not AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_person_edit_leaves_no_clear_phone_or_id_number(world: World) -> None:
    person = world.people["alice"]
    person_update(actor=world.carol, person=person, committee=world.city, phone="13700001111",
                  id_number="220102198001019877")
    event = AuditEvent.objects.filter(action="person.update").latest("seq")
    text = str(event.before) + str(event.after)
    for clear in ("13812345678", "13700001111", "220102198001011234", "220102198001019877"):
        assert clear not in text
    assert event.before is not None and event.after is not None
    assert event.before["phone"].startswith("138****5678") and event.after["phone"].startswith("137****1111")
    assert event.after["id_number"].startswith("2201**********9877")
    # The creation events of world's people are masked too.
    for created in AuditEvent.objects.filter(action="person.create"):
        assert "13812345678" not in str(created.after) and "220102198001011234" not in str(created.after)


def test_deleting_an_account_leaves_its_events_untouched(world: World) -> None:
    from lvzhi.accounts.models import User

    user = User.objects.create(username="temp")
    audit_record(actor=user, action="login.success")
    user.delete()
    event = AuditEvent.objects.get(actor_name="temp")
    assert event.actor_id is not None
    assert chain.verify().ok

"""The database's own guard on the audit tables: triggers that refuse what the chain would otherwise only detect.

In production: no UPDATE of an event or an anchor, ever; no TRUNCATE; no DELETE of an anchor;
an event may be deleted only if an archive anchor covers it (`archive_audit`, which records that anchor and an
audited, chained event in the same transaction). There is no unlock row or switch the application could set.
Whoever may run DDL (the table's owner, a DBA) can still drop a trigger: the HMAC chain and the exported anchors
are what make that visible.

The test suite's throw-away database gets `install(..., allow_flush=True)` from conftest.py: UPDATE stays refused,
but DELETE and TRUNCATE are let through so pytest-django can empty the tables between tests. Only DDL run by
conftest installs that; nothing at run time can.
"""
from __future__ import annotations

from typing import Any

REFUSED = "audit trail is append-only"

_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name};" for name in (
    "audit_no_update", "audit_no_delete",  # the guard of migration 0002
    "audit_event_no_update", "audit_event_no_delete", "audit_anchor_no_update", "audit_anchor_no_delete")]
_PG_DROP = [
    "DROP TRIGGER IF EXISTS audit_no_change ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_anchor_no_change ON audit_auditanchor;",
    "DROP TRIGGER IF EXISTS audit_anchor_no_truncate ON audit_auditanchor;",
    "DROP FUNCTION IF EXISTS audit_append_only();",
]

_COVERED = "(SELECT COALESCE(MAX(seq), 0) FROM audit_auditanchor WHERE kind = 'archive')"


def _sqlite(allow_flush: bool) -> list[str]:
    def refuse(name: str, when: str, table: str, cond: str = "") -> str:
        return (f"CREATE TRIGGER {name} BEFORE {when} ON {table} {cond} "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END;")

    sql = [refuse("audit_event_no_update", "UPDATE", "audit_auditevent"),
           refuse("audit_anchor_no_update", "UPDATE", "audit_auditanchor")]
    if not allow_flush:
        sql += [refuse("audit_event_no_delete", "DELETE", "audit_auditevent", f"WHEN OLD.seq > {_COVERED}"),
                refuse("audit_anchor_no_delete", "DELETE", "audit_auditanchor")]
    return sql


def _pg(allow_flush: bool) -> list[str]:
    sql = [
        f"""CREATE OR REPLACE FUNCTION audit_refuse() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION '{REFUSED} (% on %)', TG_OP, TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION audit_delete_archived() RETURNS trigger AS $$
           BEGIN
             IF OLD.seq <= {_COVERED} THEN RETURN OLD; END IF;
             RAISE EXCEPTION '{REFUSED} (DELETE of event % not covered by an archive cut)', OLD.seq;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
           FOR EACH ROW EXECUTE FUNCTION audit_refuse();""",
        """CREATE TRIGGER audit_anchor_no_change BEFORE UPDATE ON audit_auditanchor
           FOR EACH ROW EXECUTE FUNCTION audit_refuse();""",
    ]
    if not allow_flush:
        sql[-1] = sql[-1].replace("BEFORE UPDATE", "BEFORE UPDATE OR DELETE")
        sql += [
            """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
               FOR EACH ROW EXECUTE FUNCTION audit_delete_archived();""",
            *(f"""CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON audit_audit{table}
                  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();"""
              for t, table in (("audit_event", "event"), ("audit_anchor", "anchor"))),
        ]
    return sql


def remove(cursor: Any, vendor: str) -> None:
    if vendor in ("sqlite", "postgresql"):
        for statement in (_PG_DROP if vendor == "postgresql" else _SQLITE_DROP):
            cursor.execute(statement)


def install(cursor: Any, vendor: str, *, allow_flush: bool = False) -> None:
    """(Re)create the guard; other databases get none (the chain still detects tampering)."""
    if vendor not in ("sqlite", "postgresql"):
        return
    remove(cursor, vendor)
    for statement in (_pg(allow_flush) if vendor == "postgresql" else _sqlite(allow_flush)):
        cursor.execute(statement)

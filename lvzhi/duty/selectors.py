"""Reading the duty record."""
from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from lvzhi.accounts.permissions import deny
from lvzhi.duty.models import DutyRecord
from lvzhi.members.models import Membership, Person
from lvzhi.members.selectors import can_view_record, is_own


def get_member_record_for_user(user: Any, pk: int, *, export: bool = False) -> Membership:
    """The membership whose duty record `user` may read: their own, or one of a committee they keep the roster of
    (or lead from above). Another's record read is written to the audit trail; a refusal too."""
    from lvzhi.audit.services import audit_read

    membership = Membership.objects.select_related("person", "committee").filter(pk=pk).first()
    if membership is None:
        raise Http404("未找到该委员。")
    if is_own(user, membership):
        return membership
    if not can_view_record(user, membership):
        deny(user, detail="duty.record_read", committee=membership.committee, obj=membership,
             message="只有委员本人、本会名册工作人员和上级领导可以查看委员的履职档案。")
    audit_read(actor=user, obj=membership, action="duty.record_read", what="履职档案",
               detail="导出Excel" if export else "")
    return membership


def duty_records(person: Person, *, year: int | None = None, committee_id: int | None = None) -> QuerySet[DutyRecord]:
    qs = DutyRecord.objects.filter(person=person)
    if year is not None:
        qs = qs.filter(year=year)
    if committee_id is not None:
        qs = qs.filter(committee_id=committee_id)
    return qs.order_by("-date", "-id")


def duty_counts(person: Person, *, year: int | None = None, committee_id: int | None = None) -> dict[str, int]:
    """How many entries of each kind."""
    rows = duty_records(person, year=year, committee_id=committee_id).values("kind").annotate(n=Count("id"))
    return {r["kind"]: r["n"] for r in rows.order_by()}


def duty_years(person: Person) -> list[int]:
    """The years `person` has entries in, latest first."""
    # order_by() drops the model's ordering (date, id), which DISTINCT would otherwise take in, reading every row
    # of the person's record instead of the (person, year) index alone.
    rows = DutyRecord.objects.filter(person=person).order_by("-year").values_list("year", flat=True).distinct()
    return list(rows)

"""Reading the organisation with the reader's permissions applied where the rows are fetched.

Terms, plenary sessions and standing/chairs' meetings are read by whoever may view their committee (a leader
the subtree). The configuration lists are the system administrator's, who reads them all; anyone else reads a
committee's own lists (sectors, special committees, activity groups, handling units) where they may view the
committee, and the one national list of parties.
"""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from lvzhi.accounts.permissions import Cap, committees_q, has_global, require
from lvzhi.committees.models import CONFIG_LISTS, Committee, ConfigItem, Meeting, Session, Term


def terms_for_user(user: Any) -> QuerySet[Term]:
    return Term.objects.filter(committees_q(user, Cap.COMMITTEE_VIEW, "committee__"))


def sessions_for_user(user: Any) -> QuerySet[Session]:
    return Session.objects.filter(committees_q(user, Cap.COMMITTEE_VIEW, "term__committee__"))


def meetings_for_user(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(committees_q(user, Cap.COMMITTEE_VIEW, "term__committee__"))


def _visible(user: Any, visible: QuerySet[Any], row: Any, committee: Committee | None, missing: str) -> Any:
    """`row` if `visible` holds it; None is a 404, a row the user may not read a recorded refusal."""
    if row is None:
        raise Http404(missing)
    if not visible.filter(pk=row.pk).exists():
        require(user, Cap.COMMITTEE_VIEW, committee)
    return row


def get_term_for_user(user: Any, pk: int) -> Term:
    term = Term.objects.select_related("committee").filter(pk=pk).first()
    return _visible(user, terms_for_user(user), term, term.committee if term else None,
                    "未找到该届。")


def get_session_for_user(user: Any, pk: int) -> Session:
    session = Session.objects.select_related("term__committee").filter(pk=pk).first()
    committee = session.term.committee if session else None
    return _visible(user, sessions_for_user(user), session, committee,
                    "未找到该次全体会议。")


def get_meeting_for_user(user: Any, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("term__committee").filter(pk=pk).first()
    committee = meeting.term.committee if meeting else None
    return _visible(user, meetings_for_user(user), meeting, committee,
                    "未找到该次会议。")


def config_items_for_user(user: Any, list_key: str) -> QuerySet[ConfigItem]:
    model = CONFIG_LISTS[list_key]
    qs = model.objects.all()
    if has_global(user, Cap.CONFIG_MANAGE):
        return qs
    if any(f.name == "committee" for f in model._meta.fields):
        return qs.filter(committees_q(user, Cap.COMMITTEE_VIEW, "committee__"))
    return qs


def get_config_item_for_user(user: Any, list_key: str, pk: int) -> ConfigItem:
    item = CONFIG_LISTS[list_key].objects.filter(pk=pk).first()
    return _visible(user, config_items_for_user(user, list_key), item,
                    getattr(item, "committee", None), "未找到该条目。")

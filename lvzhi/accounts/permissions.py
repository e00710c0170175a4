"""Who may do what where: capabilities per role, scoped to a committee (and, for reading, its subtree).

Every view, API endpoint and service asks these functions; none checks a role by hand.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from lvzhi.accounts.models import ADMIN_ROLES, Role, RoleGrant
from lvzhi.committees.models import Committee


class Cap:
    """Capability names. Read capabilities may reach a subtree; write ones never do."""

    COMMITTEE_VIEW = "committee.view"
    ORGANISATION_EDIT = "organisation.edit"  # terms, sessions, meetings
    MEMBER_VIEW = "member.view"  # names, sector, party, role
    MEMBER_VIEW_PRIVATE = "member.view_private"  # phone, ID number, birth date
    MEMBER_EDIT = "member.edit"
    MEMBER_IMPORT = "member.import"
    MEMBER_EXPORT = "member.export"
    PROPOSAL_DRAFT = "proposal.draft"  # write and sign proposals (members; collective proposals by staff)
    PROPOSAL_VIEW_ALL = "proposal.view_all"  # every proposal of the committee, not only one's own
    PROPOSAL_REVIEW = "proposal.review"  # the review stages
    PROPOSAL_MANAGE = "proposal.manage"  # assignment, deadlines, classes, closing, key proposals, settings
    PROPOSAL_SUPERVISE = "proposal.supervise"  # leaders: key proposals they supervise
    PROPOSAL_HANDLE = "proposal.handle"  # handling-unit staff: proposals assigned to their unit
    OPINION_SUBMIT = "opinion.submit"  # write and submit 社情民意 (members; collective ones by staff)
    OPINION_VIEW_ALL = "opinion.view_all"  # every opinion report of the committee
    OPINION_EDIT = "opinion.edit"  # 研究室/信息委: edit, merge, publish issues, send, record adoption and 批示
    MEETING_ATTEND = "meeting.attend"  # members: own invitations, sign-in, leave requests
    MEETING_VIEW = "meeting.view"  # every meeting's attendance and speeches
    MEETING_MANAGE = "meeting.manage"  # sheets, invitations, sign-in by staff, leave approval, speeches
    CONSULTATION_VIEW = "consultation.view"  # plans, activities, suggestions and their follow-through
    CONSULTATION_MANAGE = "consultation.manage"
    SUPERVISION_VIEW = "supervision.view"  # groups, matters, special supervisors, 列席
    SUPERVISION_MANAGE = "supervision.manage"
    DUTY_VIEW = "duty.view"  # every member's duty record, score and grade; rankings, feedback, study records
    DUTY_MANAGE = "duty.manage"  # scoring rule tables, reported activities, commendations, duty reports, study
    # The three administrators (三员分立): deployment-wide, and nothing else.
    ACCOUNT_MANAGE = "account.manage"
    CONFIG_MANAGE = "config.manage"
    ROLE_MANAGE = "role.manage"
    POLICY_MANAGE = "policy.manage"
    ACCOUNT_UNLOCK = "account.unlock"
    AUDIT_VIEW = "audit.view"
    AUDIT_EXPORT = "audit.export"


CAP_LABELS = {
    Cap.COMMITTEE_VIEW: "查看政协组织", Cap.ORGANISATION_EDIT: "维护届次与会议", Cap.MEMBER_VIEW: "查看委员名册",
    Cap.MEMBER_VIEW_PRIVATE: "查看委员个人信息", Cap.MEMBER_EDIT: "编辑委员", Cap.MEMBER_IMPORT: "导入名册",
    Cap.MEMBER_EXPORT: "导出名册", Cap.ACCOUNT_MANAGE: "账号管理", Cap.CONFIG_MANAGE: "基础数据管理",
    Cap.ROLE_MANAGE: "角色授权", Cap.POLICY_MANAGE: "安全策略", Cap.ACCOUNT_UNLOCK: "解锁账号",
    Cap.AUDIT_VIEW: "查阅审计日志", Cap.AUDIT_EXPORT: "导出审计日志",
    Cap.PROPOSAL_DRAFT: "撰写提案", Cap.PROPOSAL_VIEW_ALL: "查看全部提案", Cap.PROPOSAL_REVIEW: "审查提案",
    Cap.PROPOSAL_MANAGE: "管理提案办理", Cap.PROPOSAL_SUPERVISE: "督办重点提案", Cap.PROPOSAL_HANDLE: "办理提案",
    Cap.OPINION_SUBMIT: "报送社情民意", Cap.OPINION_VIEW_ALL: "查看全部社情民意", Cap.OPINION_EDIT: "编报社情民意",
    Cap.MEETING_ATTEND: "参加会议", Cap.MEETING_VIEW: "查看会议考勤", Cap.MEETING_MANAGE: "管理会议考勤",
    Cap.CONSULTATION_VIEW: "查看协商活动", Cap.CONSULTATION_MANAGE: "管理协商活动",
    Cap.SUPERVISION_VIEW: "查看民主监督", Cap.SUPERVISION_MANAGE: "管理民主监督",
    Cap.DUTY_VIEW: "查看委员履职考核", Cap.DUTY_MANAGE: "管理委员履职考核与学习培训",
}

READ_CAPS = frozenset({
    Cap.COMMITTEE_VIEW, Cap.MEMBER_VIEW, Cap.MEMBER_VIEW_PRIVATE, Cap.MEMBER_EXPORT, Cap.PROPOSAL_VIEW_ALL,
    Cap.OPINION_VIEW_ALL, Cap.MEETING_VIEW, Cap.CONSULTATION_VIEW, Cap.SUPERVISION_VIEW, Cap.DUTY_VIEW,
})

ROLE_CAPS: dict[str, frozenset[str]] = {
    Role.MEMBER: frozenset({
        Cap.COMMITTEE_VIEW, Cap.MEMBER_VIEW, Cap.PROPOSAL_DRAFT, Cap.OPINION_SUBMIT, Cap.MEETING_ATTEND,
    }),
    Role.OFFICE_STAFF: frozenset(
        {
            Cap.COMMITTEE_VIEW, Cap.ORGANISATION_EDIT, Cap.MEMBER_VIEW, Cap.MEMBER_VIEW_PRIVATE, Cap.MEMBER_EDIT,
            Cap.MEMBER_IMPORT, Cap.MEMBER_EXPORT, Cap.PROPOSAL_VIEW_ALL, Cap.PROPOSAL_DRAFT, Cap.PROPOSAL_REVIEW,
            Cap.OPINION_SUBMIT, Cap.OPINION_VIEW_ALL, Cap.MEETING_VIEW, Cap.MEETING_MANAGE, Cap.CONSULTATION_VIEW,
            Cap.CONSULTATION_MANAGE, Cap.SUPERVISION_VIEW, Cap.SUPERVISION_MANAGE, Cap.DUTY_VIEW, Cap.DUTY_MANAGE,
        }
    ),
    Role.PROPOSAL_STAFF: frozenset({
        Cap.COMMITTEE_VIEW, Cap.MEMBER_VIEW, Cap.MEMBER_VIEW_PRIVATE, Cap.MEMBER_EXPORT, Cap.PROPOSAL_VIEW_ALL,
        Cap.PROPOSAL_REVIEW, Cap.PROPOSAL_MANAGE, Cap.PROPOSAL_DRAFT, Cap.CONSULTATION_VIEW, Cap.CONSULTATION_MANAGE,
        Cap.SUPERVISION_VIEW,
    }),
    Role.RESEARCH_STAFF: frozenset({
        Cap.COMMITTEE_VIEW, Cap.MEMBER_VIEW, Cap.MEMBER_VIEW_PRIVATE, Cap.MEMBER_EXPORT, Cap.OPINION_SUBMIT,
        Cap.OPINION_VIEW_ALL, Cap.OPINION_EDIT,
    }),
    # Review capability lets a role act at the review stages configured for it (ReviewStage.role), no others.
    Role.SPECIAL_COMMITTEE_STAFF: frozenset({
        Cap.COMMITTEE_VIEW, Cap.MEMBER_VIEW, Cap.MEMBER_EXPORT, Cap.PROPOSAL_DRAFT, Cap.PROPOSAL_REVIEW,
        Cap.OPINION_SUBMIT, Cap.MEETING_VIEW, Cap.CONSULTATION_VIEW, Cap.CONSULTATION_MANAGE, Cap.SUPERVISION_VIEW,
        Cap.SUPERVISION_MANAGE,
    }),
    Role.UNIT_STAFF: frozenset({Cap.COMMITTEE_VIEW, Cap.PROPOSAL_HANDLE}),
    Role.LEADER: frozenset({
        Cap.COMMITTEE_VIEW, Cap.MEMBER_VIEW, Cap.MEMBER_VIEW_PRIVATE, Cap.MEMBER_EXPORT, Cap.PROPOSAL_VIEW_ALL,
        Cap.PROPOSAL_SUPERVISE, Cap.PROPOSAL_REVIEW, Cap.OPINION_VIEW_ALL, Cap.MEETING_VIEW, Cap.CONSULTATION_VIEW,
        Cap.SUPERVISION_VIEW, Cap.DUTY_VIEW,
    }),
    Role.SYSTEM_ADMIN: frozenset({Cap.ACCOUNT_MANAGE, Cap.CONFIG_MANAGE}),
    Role.SECURITY_ADMIN: frozenset({Cap.ROLE_MANAGE, Cap.POLICY_MANAGE, Cap.ACCOUNT_UNLOCK}),
    Role.AUDIT_ADMIN: frozenset({Cap.AUDIT_VIEW, Cap.AUDIT_EXPORT}),
}

# Roles whose grants reach the committees below by default (leaders see the whole tree).
SUBTREE_BY_DEFAULT = frozenset({Role.LEADER})


def _grants(user: Any) -> list[RoleGrant]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_lvzhi_grants", None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user).select_related("committee"))
        user._lvzhi_grants = cached
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, "_lvzhi_grants"):
        del user._lvzhi_grants


def grants_of(user: Any) -> list[RoleGrant]:
    """The user's role grants, read once per request."""
    return _grants(user)


def roles_in(user: Any, committee: Committee) -> set[str]:
    return {g.role for g in _grants(user) if g.committee_id == committee.pk}


def unit_ids_of(user: Any) -> set[int]:
    """The handling units `user` works for (unit-staff grants)."""
    return {g.handling_unit_id for g in _grants(user) if g.role == Role.UNIT_STAFF and g.handling_unit_id}


def roles_of(user: Any) -> set[str]:
    return {g.role for g in _grants(user)}


def is_admin(user: Any) -> bool:
    return bool(roles_of(user) & ADMIN_ROLES)


def has_global(user: Any, cap: str) -> bool:
    """A deployment-wide capability: only the three administrators have these."""
    return any(g.committee_id is None and cap in ROLE_CAPS.get(g.role, frozenset()) for g in _grants(user))


def can(user: Any, cap: str, committee: Committee | None) -> bool:
    """May `user` exercise `cap` in `committee`? Reads also reach a granted subtree."""
    if committee is None:
        return has_global(user, cap)
    for g in _grants(user):
        if cap not in ROLE_CAPS.get(g.role, frozenset()) or g.committee is None:
            continue
        if g.committee_id == committee.pk:
            return True
        if cap in READ_CAPS and (g.include_subtree or g.role in SUBTREE_BY_DEFAULT):
            if committee.path.startswith(g.committee.path):
                return True
    return False


def deny(
    user: Any, *, detail: str, committee: Committee | None = None, obj: Any = None,
    message: str = "您没有权限执行此操作。",
) -> NoReturn:
    """Record a refused access (on `obj`, or else on `committee`) and raise PermissionDenied.

    The one place a refusal is written: `require` and the services' own ownership checks all come here.
    """
    from lvzhi.audit.services import audit_record

    target = obj if obj is not None else committee
    payload = {
        "actor": user, "action": "access.denied",
        "object_type": target._meta.label_lower if target is not None else "",
        "object_id": str(target.pk) if target is not None else "",
        "object_repr": str(target or "")[:200],
        "committee_id": committee.pk if committee is not None else getattr(obj, "committee_id", None),
        "outcome": "denied", "detail": detail,
    }
    event = audit_record(**payload)
    exc = PermissionDenied(message)
    # A refusal inside a service's transaction is rolled back with it; the request's error
    # handlers call `record_denial` to write it again once the transaction is over.
    exc.lvzhi_denial = (payload, event.pk)  # type: ignore[attr-defined]
    raise exc


def require(user: Any, cap: str, committee: Committee | None) -> None:
    """Raise PermissionDenied, and record the refusal, unless `user` may exercise `cap` in `committee`."""
    if not can(user, cap, committee):
        deny(user, detail=cap, committee=committee)


def record_denial(exc: BaseException) -> None:
    """Make sure the refusal carried by `exc` is in the audit trail (after any rollback)."""
    denial = getattr(exc, "lvzhi_denial", None)
    if denial is None:
        return
    payload, event_pk = denial
    from lvzhi.audit.models import AuditEvent
    from lvzhi.audit.services import audit_record

    exists = AuditEvent.objects.filter(
        pk=event_pk, action="access.denied", detail=payload["detail"], committee_id=payload["committee_id"]
    ).exists()
    if not exists:
        event = audit_record(**payload)
        exc.lvzhi_denial = (payload, event.pk)  # type: ignore[attr-defined]


def committees_q(user: Any, cap: str, prefix: str = "") -> Q:
    """A filter selecting the committees (via `prefix`) where `user` has `cap`; matches nothing if none."""
    q = Q(pk__in=[])
    for g in _grants(user):
        if g.committee is None or cap not in ROLE_CAPS.get(g.role, frozenset()):
            continue
        if cap in READ_CAPS and (g.include_subtree or g.role in SUBTREE_BY_DEFAULT):
            q |= Q(**{f"{prefix}path__startswith": g.committee.path})
        else:
            q |= Q(**{f"{prefix}pk": g.committee_id})
    return q


def committees_for(user: Any, cap: str) -> QuerySet[Committee]:
    return Committee.objects.filter(committees_q(user, cap)).order_by("path")


def any_committee(user: Any, caps: Iterable[str]) -> bool:
    return any(can_anywhere(user, c) for c in caps)


def can_anywhere(user: Any, cap: str) -> bool:
    return any(cap in ROLE_CAPS.get(g.role, frozenset()) for g in _grants(user))

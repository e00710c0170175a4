"""What every page needs: the navigation this user may use."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from lvzhi.accounts.permissions import Cap, can_anywhere, has_global
from lvzhi.consultations import nav as consultations_nav
from lvzhi.duty_reports import nav as duty_reports_nav
from lvzhi.meetings import nav as meetings_nav
from lvzhi.merits import nav as merits_nav
from lvzhi.opinions import nav as opinions_nav
from lvzhi.study import nav as study_nav
from lvzhi.supervision import nav as supervision_nav


def navigation(user: Any) -> list[dict[str, str]]:
    items = [{"label": "首页", "url": reverse("home"), "key": "home"}]
    if not getattr(user, "is_authenticated", False):
        return []
    if getattr(user, "person", None) is not None:
        items.append({"label": "我的履职档案", "url": reverse("duty:mine"), "key": "duty"})
        items.append({"label": "我的履职得分", "url": reverse("duty:score_mine"), "key": "duty_score"})
    if can_anywhere(user, Cap.MEMBER_VIEW):
        items.append({"label": "委员名册", "url": reverse("members:list"), "key": "members"})
    # Each working line's entries under its own heading, so a member of staff with many roles finds them.
    lines = [("提案", _proposal_items(user))] + [
        (group, nav.nav_items(user)) for group, nav in (("社情民意", opinions_nav), ("会议与考勤", meetings_nav),
                                                       ("协商", consultations_nav), ("民主监督", supervision_nav),
                                                       ("学习培训", study_nav), ("履职报告", duty_reports_nav),
                                                       ("履职申报与表彰", merits_nav))
    ]
    lines.append(("履职考核", _duty_items(user)))
    for group, entries in lines:
        items += [{**entry, "group": group} for entry in entries]
    more: list[dict[str, str]] = []
    if can_anywhere(user, Cap.COMMITTEE_VIEW) or has_global(user, Cap.CONFIG_MANAGE):
        more.append({"label": "组织机构", "url": reverse("committees:tree"), "key": "committees"})
    if has_global(user, Cap.ACCOUNT_MANAGE):
        more.append({"label": "账号管理", "url": reverse("accounts:user_list"), "key": "accounts"})
    if has_global(user, Cap.CONFIG_MANAGE):
        more.append({"label": "基础数据", "url": reverse("committees:config_index"), "key": "config"})
    if has_global(user, Cap.ROLE_MANAGE):
        more.append({"label": "角色授权", "url": reverse("accounts:grant_list"), "key": "grants"})
    if has_global(user, Cap.POLICY_MANAGE):
        more.append({"label": "安全策略", "url": reverse("accounts:policy"), "key": "policy"})
    if has_global(user, Cap.AUDIT_VIEW):
        more.append({"label": "审计日志", "url": reverse("audit:list"), "key": "audit"})
    items += [{**entry, "group": "组织与管理"} for entry in more]
    return items


def _duty_items(user: Any) -> list[dict[str, str]]:
    """履职考核: the ranking and the rule table, for duty staff and leaders."""
    if not can_anywhere(user, Cap.DUTY_VIEW):
        return []
    return [{"label": "履职考核排名", "url": reverse("duty:ranking"), "key": "duty_ranking"},
            {"label": "考核规则", "url": reverse("duty:rules"), "key": "duty_rules"}]


def _proposal_items(user: Any) -> list[dict[str, str]]:
    """提案 and its work queues, for whoever takes part in proposals somewhere."""
    proposal_caps = (Cap.PROPOSAL_DRAFT, Cap.PROPOSAL_VIEW_ALL, Cap.PROPOSAL_HANDLE, Cap.PROPOSAL_SUPERVISE)
    if not any(can_anywhere(user, cap) for cap in proposal_caps):
        return []
    items = [{"label": "提案", "url": reverse("proposals:list"), "key": "proposals"}]
    if can_anywhere(user, Cap.PROPOSAL_REVIEW):
        items.append({"label": "提案审查", "url": reverse("proposals:review"), "key": "proposals_review"})
    if can_anywhere(user, Cap.PROPOSAL_MANAGE):
        items.append({"label": "提案交办", "url": reverse("proposals:assign_queue"), "key": "proposals_assign"})
        items.append({"label": "办理期限", "url": reverse("proposals:deadlines"), "key": "proposals_deadlines"})
        items.append({"label": "提案设置", "url": reverse("proposals:settings"), "key": "proposal_settings"})
    if can_anywhere(user, Cap.PROPOSAL_HANDLE):
        items.append({"label": "承办提案", "url": reverse("proposals:unit"), "key": "proposals_unit"})
    if can_anywhere(user, Cap.PROPOSAL_SUPERVISE):
        items.append({"label": "督办重点提案", "url": reverse("proposals:supervision"), "key": "proposals_supervision"})
    if can_anywhere(user, Cap.PROPOSAL_VIEW_ALL):
        items.append({"label": "重点提案", "url": reverse("proposals:keys"), "key": "proposals_keys"})
        try:
            items.append({"label": "提案统计", "url": reverse("proposals:figures"), "key": "figures"})
        except NoReverseMatch:  # the figures screens are not installed yet
            pass
    return items


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"nav_items": navigation(user) if user is not None else [], "product_name": "履职"}

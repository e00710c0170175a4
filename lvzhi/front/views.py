"""The shell: a home page per role (what this user must do now), health check, error pages."""
from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lvzhi.accounts.models import Role, User
from lvzhi.accounts.permissions import Cap, committees_for, grants_of, has_global, record_denial, roles_of
from lvzhi.audit.models import AuditEvent
from lvzhi.front.todo import line_todo
from lvzhi.members.models import Membership


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = roles_of(user)
    ctx: dict[str, Any] = {"title": "首页", "nav_active": "home", "roles": sorted(roles), "panels": []}
    now = timezone.now()
    if has_global(user, Cap.ACCOUNT_MANAGE):
        ctx["panels"].append({
            "title": "系统管理员待办",
            "items": [
                ("账号总数", User.objects.count(), None),
                ("未授权角色的账号", User.objects.filter(grants__isnull=True).count(), "accounts:user_list"),
                ("已停用账号", User.objects.filter(is_active=False).count(), "accounts:user_list"),
            ],
        })
    if has_global(user, Cap.ROLE_MANAGE):
        ctx["panels"].append({
            "title": "安全管理员待办",
            "items": [
                ("当前被锁定的账号", User.objects.filter(locked_until__gt=now).count(), "accounts:grant_list"),
                ("须修改密码的账号", User.objects.filter(must_change_password=True).count(), None),
            ],
        })
    if has_global(user, Cap.AUDIT_VIEW):
        since = now - datetime.timedelta(days=1)
        recent = AuditEvent.objects.filter(at__gte=since)
        ctx["panels"].append({
            "title": "审计管理员关注（近 24 小时）",
            "items": [
                ("登录失败", recent.filter(action="login.failure").count(), "audit:list"),
                ("越权访问被拒绝", recent.filter(outcome="denied").count(), "audit:list"),
                ("数据变更", recent.exclude(action__startswith="login").exclude(outcome="denied").count(), "audit:list"),
            ],
        })
    committees = list(committees_for(user, Cap.MEMBER_VIEW))
    if committees and roles & {Role.OFFICE_STAFF, Role.PROPOSAL_STAFF, Role.RESEARCH_STAFF,
                               Role.SPECIAL_COMMITTEE_STAFF, Role.LEADER}:
        own_ids = {g.committee_id for g in grants_of(user)}
        own = [c for c in committees if c.pk in own_ids]
        # The user's own committees and the level directly below; deeper levels are a click away in the
        # tree, and counting them here would scan the whole subtree's rosters on every visit.
        shown = [c for c in committees if c.pk in own_ids or c.parent_id in own_ids]
        counts = dict(
            Membership.objects.filter(committee__in=shown, is_active=True, term__is_current=True)
            .values_list("committee").annotate(n=Count("id")).values_list("committee", "n")
        )
        ctx["committee_rows"] = [(c, counts.get(c.pk, 0)) for c in shown]
        ctx["committees_below"] = len(committees) - len(shown)
        if roles & {Role.OFFICE_STAFF}:
            missing = Membership.objects.filter(committee__in=own, is_active=True).filter(
                Q(person__phone="") | Q(sector__isnull=True)
            ).count()
            ctx["panels"].append({
                "title": "办公室待办",
                "items": [("名册中缺少手机号或界别的委员", missing, "members:list")],
            })
    person = getattr(user, "person", None) if roles & {Role.MEMBER} else None
    if person is not None:
        ctx["my_memberships"] = person.memberships.select_related("committee", "term", "sector", "party")
    if Role.UNIT_STAFF in roles:
        ctx["unit_grants"] = [g for g in grants_of(user) if g.role == Role.UNIT_STAFF]
    ctx["todo"] = proposal_todo(user) + [
        {"label": t.label, "url": t.url, "count": t.count, "overdue": t.overdue} for t in line_todo(user)
    ]
    return render(request, "front/home.html", ctx)


# Counted to-do lines point at the queue where the work is done rather than at the whole list.
TODO_QUEUES = {"review": "proposals:review", "assign": "proposals:assign_queue", "overdue": "proposals:deadlines"}


def proposal_todo(user: Any) -> list[dict[str, Any]]:
    """The proposal work waiting on `user` (reminders.todo_for), with links; empty until that module exists."""
    try:
        from lvzhi.proposals.reminders import todo_for
    except ImportError:
        return []
    rows = []
    for item in todo_for(user):
        url = ""
        name = TODO_QUEUES.get(item.kind) or item.url_name
        try:
            url = reverse(name, args=() if item.kind in TODO_QUEUES else item.args) if name else ""
        except NoReverseMatch:
            url = ""
        if item.kind == "close" and url:
            url += "?state=replied"
        rows.append({"label": item.label, "url": url, "count": item.count, "due": item.due,
                     "overdue": item.overdue, "due_soon": item.due_soon})
    return rows


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if exception is not None:
        record_denial(exception)
    message = str(exception) if exception and str(exception) else "您没有权限访问此页面。"
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=403)
    return render(request, "front/error.html", {"title": "无权访问", "message": message}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "未找到。"}, status=404)
    return render(request, "front/error.html", {"title": "页面不存在", "message": "您要找的页面不存在或已被删除。"},
                  status=404)


def _plain_error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """An error page that needs neither the database nor the session, for when those may be what failed."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    html = render_to_string("front/error_plain.html", {"title": title, "message": message})
    return HttpResponse(html, status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    return _plain_error(request, 500, "服务器出错",
                        "服务器处理请求时出错，已记录在日志中。请稍后再试；如果一再出现，请联系系统管理员。")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _plain_error(request, 400, "请求有误", "服务器无法处理这个请求。请检查访问的地址，或返回首页重新操作。")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF refusal, in Chinese: usually a page left open across a sign-out or a long pause."""
    return _plain_error(request, 403, "页面已过期", "这个页面已过期（可能在别处退出了登录或停留过久），表单没有提交。"
                                                   "请返回上一页，刷新后重新填写提交。")

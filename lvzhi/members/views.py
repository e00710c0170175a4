"""Roster screens: the list with filters, the Excel export, a member's page, and adding or editing a member."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_for, require
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.documents.excel import workbook_response
from lvzhi.members import selectors, services
from lvzhi.members.forms import MemberForm, RosterFilterForm
from lvzhi.members.models import Membership, Person
from lvzhi.text.masking import mask_id_number, mask_phone
from lvzhi.web.requests import query_string

PAGE_SIZE = 50
EXPORT_HEADERS = [
    "序号", "姓名", "性别", "民族", "出生日期", "身份证号", "职务", "界别", "党派", "专门委员会", "活动小组",
    "工作单位及职务", "手机号", "电子邮箱", "学历", "任职日期", "状态",
]
MASKED_DATE = "****-**-**"


# ---------------------------------------------------------------- helpers


def _committee_from_query(request: HttpRequest, cap: str) -> Committee:
    return committee_from_query(request, cap, "您没有权限访问委员名册。")


def _private_checker(user: Any) -> Callable[[Membership], bool]:
    """`selectors.can_view_private` with the committee part computed once per committee, not per row."""
    by_committee: dict[int, bool] = {}

    def allowed(membership: Membership) -> bool:
        if membership.person.user_id is not None and membership.person.user_id == user.pk:
            return True
        if membership.committee_id not in by_committee:
            by_committee[membership.committee_id] = selectors.can_view_private(user, membership)
        return by_committee[membership.committee_id]

    return allowed


@dataclass
class RosterRow:
    number: int
    membership: Membership
    phone: str


def _roster_rows(user: Any, memberships: Iterable[Membership], start: int) -> list[RosterRow]:
    private = _private_checker(user)
    return [
        RosterRow(number=start + i, membership=m,
                  phone=m.person.phone if private(m) else mask_phone(m.person.phone))
        for i, m in enumerate(memberships)
    ]



def _partial_template(request: HttpRequest, template: str) -> str:
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request:
        return template
    return f"{template}#roster" if htmx.target == "roster" else f"{template}#results"


def _other_memberships(user: Any, membership: Membership) -> QuerySet[Membership]:
    person = membership.person
    own = person.user_id is not None and person.user_id == user.pk
    qs = person.memberships.all() if own else selectors.memberships_for_user(user).filter(person=person)
    return qs.exclude(pk=membership.pk).select_related("committee", "term", "sector").order_by("committee__path")


# ---------------------------------------------------------------- list and export


@login_required
@require_GET
def roster_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    committee = _committee_from_query(request, Cap.MEMBER_VIEW)
    form = RosterFilterForm(request.GET, committee=committee)
    qs = selectors.roster(user, {"committee": committee.pk, **form.filters()}, form.ordering_value())
    page = Paginator(qs.prefetch_related("special_committees"), PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "title": f"委员名册 · {committee.name}",
        "nav_active": "members",
        "committee": committee,
        "committees": committees_for(user, Cap.MEMBER_VIEW),
        "form": form,
        "page": page,
        "rows": _roster_rows(user, page.object_list, page.start_index()),
        "query_string": query_string(request, committee=str(committee.pk)),
        "filtered": form.is_filtered(),
        "can_export": can(user, Cap.MEMBER_EXPORT, committee),
        "can_edit": can(user, Cap.MEMBER_EDIT, committee),
        "can_import": can(user, Cap.MEMBER_IMPORT, committee),
    }
    response = render(request, _partial_template(request, "members/roster.html"), ctx)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _export_row(number: int, m: Membership, private: bool) -> list[Any]:
    p = m.person
    return [
        number, p.name, p.get_gender_display(), p.ethnicity,
        p.birth_date if private else (MASKED_DATE if p.birth_date else ""),
        p.id_number if private else mask_id_number(p.id_number),
        m.get_role_display(), str(m.sector or ""), str(m.party or ""),
        "、".join(sc.name for sc in m.special_committees.all()), str(m.activity_group or ""),
        p.workplace, p.phone if private else mask_phone(p.phone), p.email, p.education, m.joined_on,
        "在任" if m.is_active else "离任",
    ]


@login_required
@require_GET
def roster_export(request: SignedInRequest) -> HttpResponse:
    user = request.user
    committee = _committee_from_query(request, Cap.MEMBER_VIEW)
    require(user, Cap.MEMBER_EXPORT, committee)
    form = RosterFilterForm(request.GET, committee=committee)
    qs = selectors.roster(user, {"committee": committee.pk, **form.filters()}, form.ordering_value())
    private = _private_checker(user)
    rows, any_private = [], False
    for number, m in enumerate(qs.prefetch_related("special_committees"), start=1):
        unmasked = private(m)
        any_private = any_private or unmasked
        rows.append(_export_row(number, m, unmasked))
    detail = f"导出 {len(rows)} 条" + ("（含手机号、身份证号、出生日期明文）" if any_private else "")
    audit_record(actor=user, action="member.export", obj=committee, committee_id=committee.pk, detail=detail)
    today = timezone.localdate()
    filename = f"{committee.name}委员名册-{today:%Y%m%d}.xlsx"
    return workbook_response(filename, "委员名册", EXPORT_HEADERS, rows)


# ---------------------------------------------------------------- member page


@login_required
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    membership = selectors.get_membership_for_user(user, pk)
    person = membership.person
    private = selectors.can_view_private(user, membership)
    # Another member's record, and above all their numbers in clear: who saw whose, and when.
    selectors.record_member_read(user, membership, private=private)
    ctx = {
        "title": person.name,
        "nav_active": "members",
        "m": membership,
        "person": person,
        "private": private,
        "phone": person.phone if private else mask_phone(person.phone),
        "id_number": person.id_number if private else mask_id_number(person.id_number),
        "birth_date": person.birth_date if private else None,
        "birth_masked": not private and person.birth_date is not None,
        "special_committees": membership.special_committees.all(),
        "others": _other_memberships(user, membership),
        "can_edit": can(user, Cap.MEMBER_EDIT, membership.committee),
        "can_read_record": selectors.can_view_record(user, membership),
        "roster_url": f"{reverse('members:list')}?committee={membership.committee_id}",
    }
    return render(request, "members/detail.html", ctx)


# ---------------------------------------------------------------- add and edit


def _duplicate_person(form: MemberForm, id_number: str) -> Person | None:
    """The person already registered with the ID number the form was refused for, if that was the reason."""
    if not id_number or "id_number" not in form.errors:
        return None
    return Person.objects.filter(id_number=id_number).first()


def _create_membership(user: Any, committee: Committee, form: MemberForm) -> Membership:
    existing_pk = form.cleaned_data.get("use_existing")
    with transaction.atomic():
        if existing_pk:
            person = Person.objects.filter(pk=existing_pk, id_number=form.cleaned_data.get("id_number") or "-").first()
            if person is None:
                raise ValidationError({"id_number": "身份证号与所选的已有人员不一致，请核对。"})
        else:
            person = services.person_create(actor=user, committee=committee, **form.person_values())
        return services.membership_create(actor=user, person=person, committee=committee,
                                          **form.membership_values())


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    committee = _committee_from_query(request, Cap.MEMBER_EDIT)
    form = MemberForm(request.POST or None, committee=committee)
    duplicate, duplicate_membership = None, None
    if request.method == "POST" and form.is_valid():
        id_number = form.cleaned_data.get("id_number", "")
        try:
            membership = _create_membership(user, committee, form)
        except ValidationError as error:
            form.add_service_errors(error)
            duplicate = _duplicate_person(form, id_number)
        except IntegrityError:
            # Two submits racing past the services' checks; the database constraint caught the second.
            form.add_error(None, "该委员刚刚已被保存（可能是重复提交），请在名册中查看。")
        else:
            messages.success(request, f"已添加委员{membership.person.name}。")
            if request.POST.get("next") == "new":
                return redirect(f"{reverse('members:create')}?committee={committee.pk}")
            return redirect("members:detail", pk=membership.pk)
    if duplicate is not None:
        term = committee.current_term()
        duplicate_membership = duplicate.memberships.filter(term=term).select_related("committee", "term").first()
    ctx = {
        "title": "新增委员",
        "nav_active": "members",
        "committee": committee,
        "form": form,
        "duplicate": duplicate,
        "duplicate_membership": duplicate_membership,
        "duplicate_committees": duplicate.memberships.select_related("committee", "term") if duplicate else None,
        "cancel_url": f"{reverse('members:list')}?committee={committee.pk}",
    }
    return render(request, "members/form.html", ctx)


def _versions(membership: Membership) -> dict[str, str]:
    # The two halves of services.member_version, in the form's hidden fields.
    updated_at, person_updated_at = services.member_version(membership).split("|")
    return {"updated_at": updated_at, "person_updated_at": person_updated_at}


def _initial(membership: Membership) -> dict[str, Any]:
    person = membership.person
    initial: dict[str, Any] = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    initial.update({
        "role": membership.role, "sector": membership.sector_id, "party": membership.party_id,
        "special_committees": list(membership.special_committees.values_list("pk", flat=True)),
        "activity_group": membership.activity_group_id, "manual_order": membership.manual_order,
        "joined_on": membership.joined_on, "left_on": membership.left_on, "is_active": membership.is_active,
        **_versions(membership),
    })
    return initial


def _update_membership(user: Any, membership: Membership, form: MemberForm) -> Membership:
    loaded = "|".join(form.cleaned_data.get(k) or "" for k in ("updated_at", "person_updated_at"))
    return services.member_update(actor=user, membership=membership, expected_version=loaded,
                                  person_fields=form.person_values(), membership_fields=form.membership_values())


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    membership = selectors.get_membership_for_user(user, pk)
    # The selector lets members open their own page; editing needs the capability itself.
    require(user, Cap.MEMBER_EDIT, membership.committee)
    private = selectors.can_view_private(user, membership)
    if request.method == "GET":
        selectors.record_member_read(user, membership, private=private, where="修改表单")
    form = MemberForm(request.POST or None, initial=_initial(membership), committee=membership.committee,
                      editing=True, private=private)
    if request.method == "POST" and form.is_valid():
        try:
            _update_membership(user, membership, form)
        except ValidationError as error:
            form.add_service_errors(error)
        except IntegrityError:
            form.add_error("id_number", "已有相同身份证号的其他人员。")
        else:
            messages.success(request, f"已保存{membership.person.name}的信息。")
            return redirect("members:detail", pk=membership.pk)
    ctx = {
        "title": f"修改委员信息 · {membership.person.name}",
        "nav_active": "members",
        "committee": membership.committee,
        "m": membership,
        "form": form,
        "shared_with": _other_memberships(user, membership),
        "cancel_url": reverse("members:detail", args=[membership.pk]),
    }
    return render(request, "members/form.html", ctx)


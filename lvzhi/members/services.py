"""Changes to people and memberships. Screens, the import, the API and the demo data all call these."""
from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record, changes, snapshot
from lvzhi.committees.models import ActivityGroup, Committee, Party, Sector, SpecialCommittee, Term
from lvzhi.members.models import ROLE_RANK, Gender, MemberRole, Membership, Person
from lvzhi.text.chinese import is_chinese_name, normalise, traditional_chars
from lvzhi.text.sortkeys import pinyin_full, pinyin_initials, pinyin_key, stroke_key

PERSON_FIELDS = ["name", "gender", "ethnicity", "birth_date", "id_number", "phone", "email", "education", "workplace"]
MEMBERSHIP_FIELDS = [
    "role", "sector", "party", "special_committees", "activity_group", "manual_order", "joined_on", "left_on",
    "is_active",
]
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PHONE_RE = re.compile(r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$")
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def id_number_problem(value: str) -> str | None:
    """None if `value` is a valid 18-digit resident ID number (GB 11643), else why not."""
    if not _ID_RE.match(value):
        return "身份证号应为 18 位，最后一位可为数字或 X。"
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != value[17]:
        return "身份证号校验位不正确。"
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号中的出生日期无效。"
    return None


def clean_person_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Normalise and validate person fields; raises ValidationError with a Chinese message per field."""
    out = dict(data)
    errors: dict[str, str] = {}
    for key in ("name", "ethnicity", "id_number", "phone", "email", "education", "workplace"):
        if key in out and out[key] is not None:
            out[key] = normalise(str(out[key]))
    if "name" in out:
        name = out["name"].replace(" ", "")
        out["name"] = name
        if not name:
            errors["name"] = "姓名不能为空。"
        elif traditional_chars(name):
            errors["name"] = f"姓名含繁体字“{''.join(traditional_chars(name))}”，请改用简体字录入。"
        elif not is_chinese_name(name):
            errors["name"] = "姓名应为 2 到 20 个汉字（少数民族姓名可用“·”分隔）。"
    if out.get("id_number"):
        out["id_number"] = out["id_number"].upper()
        problem = id_number_problem(out["id_number"])
        if problem:
            errors["id_number"] = problem
    if out.get("phone") and not _PHONE_RE.match(out["phone"]):
        errors["phone"] = "手机号应为 11 位数字（或带区号的固定电话）。"
    if out.get("gender") and out["gender"] not in Gender.values:
        errors["gender"] = "性别只能是男或女。"
    for key, label, limit in (("workplace", "工作单位及职务", 200), ("ethnicity", "民族", 20), ("education", "学历", 20),
                              ("phone", "手机号", 20), ("email", "电子邮箱", 254)):
        if out.get(key) and len(out[key]) > limit and key not in errors:
            errors[key] = f"{label}不能超过 {limit} 个字符。"
    birth = out.get("birth_date")
    if birth and (birth > datetime.date.today() or birth.year < 1900):
        errors["birth_date"] = "出生日期不合理。"
    if errors:
        raise ValidationError(errors)
    return out


def _set_keys(person: Person) -> None:
    person.stroke_key = stroke_key(person.name)
    person.pinyin_key = pinyin_key(person.name)
    person.pinyin = pinyin_full(person.name)
    person.initials = pinyin_initials(person.name)


@transaction.atomic
def person_create(*, actor: Actor, committee: Committee | None = None, check_actor: bool = True, **fields: Any) -> Person:
    """Create a person; `committee` is where the actor is allowed to edit (the roster it is added to)."""
    if check_actor:
        require(actor, Cap.MEMBER_EDIT, committee)
    data = clean_person_fields({k: v for k, v in fields.items() if k in PERSON_FIELDS})
    if data.get("id_number") and Person.objects.filter(id_number=data["id_number"]).exists():
        raise ValidationError({"id_number": "已有相同身份证号的人员，请在名册中查找后为其添加委员身份。"})
    person = Person(**data)
    _set_keys(person)
    person.save()
    audit_record(actor=actor, action="person.create", obj=person, committee_id=committee.pk if committee else None,
                 after=snapshot(person, PERSON_FIELDS))
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, committee: Committee, **fields: Any) -> Person:
    require(actor, Cap.MEMBER_EDIT, committee)
    if not person.memberships.filter(committee=committee).exists():
        require(actor, "never", None)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{', '.join(sorted(unknown))}")
    data = clean_person_fields(fields)
    if data.get("id_number") and Person.objects.filter(id_number=data["id_number"]).exclude(pk=person.pk).exists():
        raise ValidationError({"id_number": "已有相同身份证号的其他人员。"})
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person, PERSON_FIELDS)
    for key, value in data.items():
        setattr(person, key, value)
    _set_keys(person)
    person.save()
    if "name" in data:
        Membership.objects.filter(person=person).update(stroke_key=person.stroke_key, pinyin_key=person.pinyin_key)
    b, a = changes(before, snapshot(person, PERSON_FIELDS))
    if a:
        audit_record(actor=actor, action="person.update", obj=person, committee_id=committee.pk, before=b, after=a)
    return person


def _check_membership_refs(committee: Committee, values: dict[str, Any]) -> None:
    errors = {}
    for key, model in (("sector", Sector), ("activity_group", ActivityGroup)):
        obj = values.get(key)
        if obj is not None and (not isinstance(obj, model) or obj.committee_id != committee.pk):
            errors[key] = "所选项不属于该政协组织。"
    for sc in values.get("special_committees") or []:
        if not isinstance(sc, SpecialCommittee) or sc.committee_id != committee.pk:
            errors["special_committees"] = "所选专门委员会不属于该政协组织。"
    party = values.get("party")
    if party is not None and not isinstance(party, Party):
        errors["party"] = "党派无效。"
    role = values.get("role")
    if role is not None and role not in MemberRole.values:
        errors["role"] = "职务无效。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def membership_create(
    *, actor: Actor, person: Person, committee: Committee, term: Term | None = None, check_actor: bool = True,
    **values: Any,
) -> Membership:
    if check_actor:
        require(actor, Cap.MEMBER_EDIT, committee)
    term = term or committee.current_term()
    if term is None or term.committee_id != committee.pk:
        raise ValidationError({"term": "该政协组织没有当前届次，请先设置届次。"})
    if Membership.objects.filter(person=person, term=term).exists():
        raise ValidationError({"person": f"{person.name}已是{term}委员。"})
    unknown = set(values) - set(MEMBERSHIP_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}")
    _check_membership_refs(committee, values)
    special = values.pop("special_committees", None) or []
    role = values.get("role") or MemberRole.MEMBER
    membership = Membership.objects.create(
        person=person, committee=committee, term=term, role_rank=ROLE_RANK[MemberRole(role)],
        stroke_key=person.stroke_key, pinyin_key=person.pinyin_key, **values,
    )
    if special:
        membership.special_committees.set(special)
    audit_record(actor=actor, action="membership.create", obj=membership,
                 after=snapshot(membership, ["person", "term", *MEMBERSHIP_FIELDS]))
    return membership


@transaction.atomic
def membership_update(*, actor: Actor, membership: Membership, **values: Any) -> Membership:
    require(actor, Cap.MEMBER_EDIT, membership.committee)
    unknown = set(values) - set(MEMBERSHIP_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{', '.join(sorted(unknown))}")
    _check_membership_refs(membership.committee, values)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    special = values.pop("special_committees", None)
    for key, value in values.items():
        setattr(membership, key, value)
    membership.role_rank = ROLE_RANK[MemberRole(membership.role)]
    if values.get("left_on"):
        membership.is_active = False
    membership.save()
    if special is not None:
        membership.special_committees.set(special)
    b, a = changes(before, snapshot(membership, MEMBERSHIP_FIELDS))
    if a:
        audit_record(actor=actor, action="membership.update", obj=membership, before=b, after=a)
    return membership


STALE_MESSAGE = "该委员信息已被他人修改，请刷新后重试。"


def member_version(membership: Membership) -> str:
    """What an editor read, as one token: the membership's and its person's modification times (a person shared
    by several committees may be changed through another membership)."""
    return f"{membership.updated_at.isoformat()}|{membership.person.updated_at.isoformat()}"


@transaction.atomic
def member_update(*, actor: Actor, membership: Membership, expected_version: str, person_fields: dict[str, Any],
                  membership_fields: dict[str, Any]) -> Membership:
    """Edit a member (the person and the membership) as read at `expected_version`; refused (code "stale") when
    someone changed either since. The screen's form and the API both come here."""
    current = Membership.objects.select_for_update().select_related("person", "committee").get(pk=membership.pk)
    if expected_version != member_version(current):
        raise ValidationError(STALE_MESSAGE, code="stale")
    if person_fields:
        person_update(actor=actor, person=current.person, committee=current.committee, **person_fields)
    if membership_fields:
        current = membership_update(actor=actor, membership=current, **membership_fields)
    return current

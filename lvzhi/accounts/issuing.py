"""Issuing accounts in bulk with one-time passwords: roster members (through members.accounts) and staff.

The system administrator issues them (account management, 三员分立); the role each account gets follows from the
data it was issued for (a membership, a handling unit, an office) and nothing else, so it needs no separate grant.
One-time passwords exist in clear only in the service's return value: the result page shows them once and the
Excel list is made from a signed copy the page posts back (`issued_sign` / `issued_load`), never from the database.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction

from lvzhi.accounts.models import ADMIN_ROLES, Role, RoleGrant, User
from lvzhi.accounts.permissions import Cap, require
from lvzhi.accounts.policy import password_problems
from lvzhi.accounts.services import grant_create_unchecked, one_time_password, user_create
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee, HandlingUnit, SpecialCommittee
from lvzhi.documents.excel import workbook_bytes
from lvzhi.text.chinese import normalise
from lvzhi.text.sortkeys import pinyin_full

# Roles an issued account may carry: the business roles whose holders are listed by an office or a unit.
# Leaders and the administrators get theirs from the security administrator only.
STAFF_ROLES = (Role.OFFICE_STAFF, Role.PROPOSAL_STAFF, Role.RESEARCH_STAFF, Role.SPECIAL_COMMITTEE_STAFF,
               Role.UNIT_STAFF)
ISSUABLE_ROLES = frozenset({Role.MEMBER, *STAFF_ROLES})
MAX_BATCH = 2000
EXCEL_HEADERS = ["序号", "姓名", "政协组织/单位", "角色", "账号", "一次性密码", "说明"]
_SIGNING_SALT = "lvzhi.accounts.issued"
# The signed list the result page posts back for the Excel file stays valid this long.
EXPORT_MAX_AGE = 30 * 60


@dataclass
class Issued:
    """One row of a batch's result: an account made (with its one-time password) or a person skipped."""

    name: str
    where: str
    role: str
    username: str
    password: str = ""
    note: str = ""

    @property
    def created(self) -> bool:
        return bool(self.password)


@dataclass
class Batch:
    created: list[Issued] = field(default_factory=list)
    skipped: list[Issued] = field(default_factory=list)

    @property
    def rows(self) -> list[Issued]:
        return [*self.created, *self.skipped]


def username_base(name: str) -> str:
    """张三丰 -> zhangsanfeng; a name without Chinese letters falls back to its own ASCII letters, else `user`."""
    base = re.sub(r"[^a-z0-9]", "", pinyin_full(name).lower()) or re.sub(r"[^a-z0-9]", "", name.lower())
    return (base or "user")[:30]


def unique_username(name: str) -> str:
    """The pinyin of the name, with 2, 3, ... added when an account already has it."""
    base = username_base(name)
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def _password_for(username: str) -> str:
    while True:
        password = one_time_password()
        if not password_problems(password, username):
            return password


def account_issue(
    *, actor: Actor, name: str, grants: Sequence[dict[str, Any]], phone: str = "", email: str = "",
    check_actor: bool = True,
) -> tuple[User, str]:
    """A new account for `name` with a one-time password (returned, to show once) and the given grants.

    Each grant is a dict of `grant_create_unchecked` arguments; only the roles in ISSUABLE_ROLES are allowed.
    """
    if check_actor:
        require(actor, Cap.ACCOUNT_MANAGE, None)
    for g in grants:
        if g["role"] not in ISSUABLE_ROLES:
            raise ValidationError("批量开通账号只能授予委员或工作人员角色；领导和管理员角色由安全管理员授予。")
    with transaction.atomic():
        username = unique_username(name)
        password = _password_for(username)
        user = user_create(actor=actor, username=username, display_name=name, password=password, phone=phone,
                           email=email, must_change_password=True, check_actor=False)
        for g in grants:
            grant_create_unchecked(actor=actor, user=user, **g)
    return user, password


def grants_add_missing(*, actor: Actor, user: User, grants: Sequence[dict[str, Any]]) -> list[RoleGrant]:
    """The grants of `grants` that `user` lacks (a member who joined another committee), for an existing account."""
    if any(g["role"] not in ISSUABLE_ROLES for g in grants):
        raise ValidationError("批量开通账号只能授予委员或工作人员角色。")
    if RoleGrant.objects.filter(user=user, role__in=sorted(r.value for r in ADMIN_ROLES)).exists():
        return []
    have = set(RoleGrant.objects.filter(user=user).values_list("role", "committee_id"))
    made = []
    for g in grants:
        if (g["role"], g["committee"].pk) not in have:
            made.append(grant_create_unchecked(actor=actor, user=user, **g))
    return made


def _clean_names(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for raw in names:
        name = normalise(raw or "").strip()
        if name and name not in out:
            out.append(name)
    return out


def staff_accounts_create(
    *, actor: Actor, committee: Committee, role: str, names: Iterable[str], handling_unit: HandlingUnit | None = None,
    special_committee: SpecialCommittee | None = None, check_actor: bool = True,
) -> Batch:
    """Accounts for the staff of a handling unit or of a committee office, one per name, with one-time passwords.

    A name that already has an account with this role here is skipped and said so; running it twice is harmless.
    """
    if check_actor:
        require(actor, Cap.ACCOUNT_MANAGE, None)
    if role not in STAFF_ROLES:
        raise ValidationError({"role": "请选择工作人员角色（办公室、提案委、研究室、专委会或承办单位）。"})
    if role == Role.UNIT_STAFF:
        if handling_unit is None:
            raise ValidationError({"handling_unit": "承办单位工作人员须选择承办单位。"})
        special_committee = None
    elif role == Role.SPECIAL_COMMITTEE_STAFF:
        if special_committee is None:
            raise ValidationError({"special_committee": "专委会工作人员须选择专门委员会。"})
        handling_unit = None
    else:
        handling_unit = special_committee = None
    if handling_unit is not None and handling_unit.committee_id != committee.pk:
        raise ValidationError({"handling_unit": "承办单位不属于该政协组织。"})
    if special_committee is not None and special_committee.committee_id != committee.pk:
        raise ValidationError({"special_committee": "专门委员会不属于该政协组织。"})
    clean = _clean_names(names)
    if not clean:
        raise ValidationError({"names": "请填写工作人员姓名，每行一个。"})
    if len(clean) > MAX_BATCH:
        raise ValidationError({"names": f"一次最多开通 {MAX_BATCH} 个账号。"})
    bad = [n for n in clean if len(n) > 40]
    if bad:
        raise ValidationError({"names": f"姓名过长：{'、'.join(bad[:5])}"})
    where = str(handling_unit or special_committee or committee.display_name)
    if handling_unit is not None or special_committee is not None:
        where = f"{committee.display_name}·{where}"
    label = Role(role).label
    grant = {"role": role, "committee": committee, "handling_unit": handling_unit,
             "special_committee": special_committee}
    batch = Batch()
    with transaction.atomic():
        existing = {
            u.display_name: u for u in User.objects.filter(
                display_name__in=clean, grants__role=role, grants__committee=committee,
                **({"grants__handling_unit": handling_unit} if handling_unit else {}),
                **({"grants__special_committee": special_committee} if special_committee else {}),
            )
        }
        for name in clean:
            if name in existing:
                batch.skipped.append(Issued(name=name, where=where, role=label, username=existing[name].username,
                                            note="已有账号，未重复开通"))
                continue
            user, password = account_issue(actor=actor, name=name, grants=[grant], check_actor=False)
            batch.created.append(Issued(name=name, where=where, role=label, username=user.username,
                                        password=password))
        audit_record(actor=actor, action="account.batch_create", obj=committee, committee_id=committee.pk,
                     detail=f"{where}·{label}：开通 {len(batch.created)} 个，跳过 {len(batch.skipped)} 个",
                     after={"created": [i.username for i in batch.created],
                            "skipped": [i.username for i in batch.skipped]})
    return batch


# --- The printable list -------------------------------------------------------------------------------------


def issued_workbook(batch: Batch | Sequence[Issued]) -> bytes:
    rows = batch.rows if isinstance(batch, Batch) else list(batch)
    return workbook_bytes("账号与一次性密码", EXCEL_HEADERS, [
        [i, r.name, r.where, r.role, r.username, r.password or "—",
         r.note or "首次登录须修改密码，请妥善交付本人"] for i, r in enumerate(rows, start=1)
    ])


def issued_sign(batch: Batch, *, user: Any) -> str:
    """A signed, compressed copy of the batch for the result page's Excel button; only its issuer can use it."""
    return signing.dumps({"by": user.pk, "rows": [asdict(r) for r in batch.rows]}, salt=_SIGNING_SALT, compress=True)


def issued_load(token: str, *, user: Any) -> list[Issued]:
    try:
        data = signing.loads(token, salt=_SIGNING_SALT, max_age=EXPORT_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError("账号清单已超过 30 分钟，不能再下载；如有遗失，请为相应账号申请重置密码。") from exc
    except signing.BadSignature as exc:
        raise ValidationError("账号清单无效。") from exc
    if data.get("by") != user.pk:
        raise ValidationError("只有开通这批账号的管理员可以下载清单。")
    return [Issued(**row) for row in data["rows"]]

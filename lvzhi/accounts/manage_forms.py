"""Forms of the administrators' screens: accounts, role grants, the security policy."""
from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models

from lvzhi.accounts.models import Role, SecurityPolicy, User
from lvzhi.accounts.services import POLICY_BOUNDS, POLICY_FIELDS
from lvzhi.committees.models import Committee, HandlingUnit, SpecialCommittee

STATUS_CHOICES = [("", "全部状态"), ("active", "正常"), ("disabled", "停用"), ("locked", "锁定")]



def _offices_of_every_committee(form: forms.Form) -> None:
    """The unit and special-committee choices: every active one, named with its committee."""
    for name, model in (("handling_unit", HandlingUnit), ("special_committee", SpecialCommittee)):
        field = form.fields[name]
        field.queryset = (  # type: ignore[attr-defined]
            model.objects.filter(is_active=True).select_related("committee")
            .order_by("committee__path", "sort_order", "id")
        )
        field.label_from_instance = lambda o: f"{o.committee.display_name}·{o.name}"  # type: ignore[attr-defined]

class _PasswordPair(forms.Form):
    password = forms.CharField(label="初始密码", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="再次输入密码", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致。")
        return data


class UserCreateForm(_PasswordPair):
    username = forms.CharField(label="账号", max_length=150, help_text="登录用，创建后不能修改")
    display_name = forms.CharField(label="姓名", max_length=40)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)

    field_order = ["username", "display_name", "phone", "email", "password", "password2"]


class UserEditForm(forms.Form):
    display_name = forms.CharField(label="姓名", max_length=40)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)


class PasswordResetRequestForm(forms.Form):
    reason = forms.CharField(label="申请理由", max_length=200, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="如：本人来电称遗忘密码，已通过单位联系人核实身份。")


class PasswordResetDecideForm(forms.Form):
    remarks = forms.CharField(label="审批意见", max_length=200, required=False)


class StaffAccountsForm(forms.Form):
    """Staff accounts of one office or handling unit: a committee, the office's role, the names (one per line)."""

    committee = forms.ModelChoiceField(label="政协组织", queryset=Committee.objects.none(), empty_label="请选择")
    role = forms.ChoiceField(label="所在部门（角色）", choices=[])
    handling_unit = forms.ModelChoiceField(label="承办单位（承办单位工作人员必选）", required=False,
                                           queryset=HandlingUnit.objects.none())
    special_committee = forms.ModelChoiceField(label="专门委员会（专委会工作人员必选）", required=False,
                                               queryset=SpecialCommittee.objects.none())
    names = forms.CharField(label="姓名（每行一个）", widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from lvzhi.accounts.issuing import STAFF_ROLES

        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.order_by("path")  # type: ignore[attr-defined]
        self.fields["role"].choices = [("", "请选择"), *((r.value, r.label) for r in STAFF_ROLES)]  # type: ignore[attr-defined]
        _offices_of_every_committee(self)

    def name_list(self) -> list[str]:
        return [line for line in self.cleaned_data["names"].splitlines() if line.strip()]


class UserFilterForm(forms.Form):
    q = forms.CharField(label="账号/姓名", required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "账号或姓名"}))
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "全部角色"), ("none", "未授权"), *Role.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)


class GrantFilterForm(forms.Form):
    q = forms.CharField(label="账号/姓名", required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "账号或姓名"}))
    committee = forms.ModelChoiceField(label="政协组织", required=False, queryset=Committee.objects.order_by("path"),
                                       empty_label="全部")
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "全部角色"), ("none", "未授权"), *Role.choices])


class GrantForm(forms.Form):
    username = forms.CharField(label="账号", max_length=150)
    role = forms.ChoiceField(label="角色", choices=[("", "请选择"), *Role.choices])
    committee = forms.ModelChoiceField(label="政协组织", required=False, queryset=Committee.objects.none(),
                                       empty_label="（管理员角色不选）")
    include_subtree = forms.BooleanField(label="可查看下级政协", required=False)
    handling_unit = forms.ModelChoiceField(label="承办单位（承办单位工作人员必选）", required=False,
                                           queryset=HandlingUnit.objects.none())
    special_committee = forms.ModelChoiceField(label="专门委员会（专委会工作人员必选）", required=False,
                                               queryset=SpecialCommittee.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user: User | None = None
        self.fields["committee"].queryset = Committee.objects.order_by("path")  # type: ignore[attr-defined]
        _offices_of_every_committee(self)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        self.user = User.objects.filter(username=username).first()
        if self.user is None:
            raise forms.ValidationError(f"账号“{username}”不存在。")
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, committee = data.get("role"), data.get("committee")
        if role != Role.UNIT_STAFF:
            data["handling_unit"] = None
        if role != Role.SPECIAL_COMMITTEE_STAFF:
            data["special_committee"] = None
        special = data.get("special_committee")
        if role == Role.SPECIAL_COMMITTEE_STAFF and special is None:
            self.add_error("special_committee", "专委会工作人员须指定专门委员会。")
        if special is not None and committee is not None and special.committee_id != committee.pk:
            self.add_error("special_committee", "专门委员会不属于该政协组织。")
        return data

    def grant_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data.get(k) for k in ("committee", "include_subtree", "handling_unit", "special_committee")}


class PolicyForm(forms.Form):
    """Bounds are checked by `policy_update`, which says them in Chinese; the browser gets them as min/max."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in POLICY_FIELDS:
            model_field = cast(models.Field, SecurityPolicy._meta.get_field(name))
            low, high = POLICY_BOUNDS[name]
            self.fields[name] = forms.IntegerField(
                label=str(model_field.verbose_name), help_text=f"{model_field.help_text or ''}（允许 {low}–{high}）",
                widget=forms.NumberInput(attrs={"min": low, "max": high}),
            )

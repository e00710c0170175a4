"""Forms of the roster screens: the list's filters and the add/edit form of a member."""
from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.forms import BoundField

from lvzhi.committees.models import ActivityGroup, Committee, Party, Sector, SpecialCommittee
from lvzhi.members.models import Gender, MemberRole
from lvzhi.members.services import PERSON_FIELDS
from lvzhi.text.chinese import normalise
from lvzhi.web.forms import ServiceErrorsMixin
from lvzhi.web.widgets import CheckboxList

STATUS_CHOICES = [("active", "在任"), ("left", "离任"), ("all", "全部")]
ORDERING_CHOICES = [("strokes", "按姓氏笔画"), ("pinyin", "按拼音")]
PRIVATE_FIELDS = ("birth_date", "id_number", "phone")

_DATE_WIDGET: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def _committee_lists(committee: Committee) -> dict[str, Any]:
    return {
        "sector": Sector.objects.filter(committee=committee, is_active=True),
        "special_committee": SpecialCommittee.objects.filter(committee=committee, is_active=True),
        "group": ActivityGroup.objects.filter(committee=committee, is_active=True),
        "party": Party.objects.filter(is_active=True),
    }


class RosterFilterForm(forms.Form):
    """GET filters of the roster; options are those of the chosen committee. Invalid values are ignored."""

    q = forms.CharField(label="姓名或拼音", required=False, max_length=40, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": "姓名、拼音或首字母", "autocomplete": "off"}))
    sector = forms.ModelChoiceField(label="界别", queryset=Sector.objects.none(), required=False, empty_label="全部")
    party = forms.ModelChoiceField(label="党派", queryset=Party.objects.none(), required=False, empty_label="全部")
    special_committee = forms.ModelChoiceField(label="专委会", queryset=SpecialCommittee.objects.none(),
                                               required=False, empty_label="全部")
    group = forms.ModelChoiceField(label="活动小组", queryset=ActivityGroup.objects.none(), required=False,
                                   empty_label="全部")
    role = forms.ChoiceField(label="职务", choices=[("", "全部"), *MemberRole.choices], required=False)
    status = forms.ChoiceField(label="状态", choices=STATUS_CHOICES, required=False)
    ordering = forms.ChoiceField(label="排序", choices=ORDERING_CHOICES, required=False)

    def __init__(self, data: Any, *, committee: Committee) -> None:
        super().__init__(data)
        for name, queryset in _committee_lists(committee).items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters as `selectors.roster` takes them."""
        self.is_valid()
        data = self.cleaned_data
        out: dict[str, Any] = {"status": data.get("status") or "active"}
        for name in ("sector", "party", "special_committee", "group"):
            if data.get(name) is not None:
                out[name] = data[name].pk
        for name in ("role", "q"):
            if data.get(name):
                out[name] = data[name]
        return out

    def ordering_value(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("ordering") or "strokes"

    def is_filtered(self) -> bool:
        filters = self.filters()
        return len(filters) > 1 or filters["status"] != "active"


class MemberForm(ServiceErrorsMixin, forms.Form):
    """A person and their membership in one committee, entered on one page."""

    name = forms.CharField(label="姓名", max_length=40, error_messages={"required": "请填写姓名。"})
    gender = forms.ChoiceField(label="性别", choices=[("", "—"), *Gender.choices], required=False)
    ethnicity = forms.CharField(label="民族", max_length=20, required=False)
    birth_date = forms.DateField(label="出生日期", required=False, **_DATE_WIDGET)
    id_number = forms.CharField(label="身份证号", max_length=18, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    phone = forms.CharField(label="手机号", max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    email = forms.EmailField(label="电子邮箱", required=False)
    education = forms.CharField(label="学历", max_length=20, required=False)
    workplace = forms.CharField(label="工作单位及职务", max_length=200, required=False)

    role = forms.ChoiceField(label="职务", choices=MemberRole.choices, initial=MemberRole.MEMBER)
    sector = forms.ModelChoiceField(label="界别", queryset=Sector.objects.none(), required=False, empty_label="—")
    party = forms.ModelChoiceField(label="党派", queryset=Party.objects.none(), required=False, empty_label="—")
    special_committees = forms.ModelMultipleChoiceField(
        label="专门委员会", queryset=SpecialCommittee.objects.none(), required=False,
        widget=CheckboxList,
    )
    activity_group = forms.ModelChoiceField(label="活动小组", queryset=ActivityGroup.objects.none(), required=False,
                                            empty_label="—")
    manual_order = forms.IntegerField(label="同笔画排序", min_value=0, required=False, initial=0,
                                      help_text="姓氏笔画相同时，按此数字从小到大排列。")
    joined_on = forms.DateField(label="任职日期", required=False, **_DATE_WIDGET)
    left_on = forms.DateField(label="离任日期", required=False, help_text="填写后即视为离任。", **_DATE_WIDGET)
    is_active = forms.BooleanField(label="在任", required=False, initial=True)

    # Edit only: the versions the form was loaded with, to refuse overwriting someone else's change.
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)
    person_updated_at = forms.CharField(required=False, widget=forms.HiddenInput)
    # Add only: sent by the "add a membership to this existing person" button.
    use_existing = forms.IntegerField(required=False, widget=forms.HiddenInput)

    PERSON_GROUP = ("name", "gender", "ethnicity", "birth_date", "id_number", "phone", "email", "education",
                    "workplace")
    MEMBERSHIP_GROUP = ("role", "sector", "party", "activity_group", "manual_order", "joined_on", "left_on",
                        "is_active", "special_committees")

    def __init__(self, *args: Any, committee: Committee, editing: bool = False, private: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lists = _committee_lists(committee)
        self.fields["sector"].queryset = lists["sector"]  # type: ignore[attr-defined]
        self.fields["party"].queryset = lists["party"]  # type: ignore[attr-defined]
        self.fields["special_committees"].queryset = lists["special_committee"]  # type: ignore[attr-defined]
        self.fields["activity_group"].queryset = lists["group"]  # type: ignore[attr-defined]
        # A member keeps an entry that was deactivated after it was assigned to them.
        for name in ("sector", "party", "activity_group"):
            current = self.initial.get(name)
            if current:
                field = self.fields[name]
                pk = getattr(current, "pk", current)
                field.queryset = field.queryset.model.objects.filter(  # type: ignore[attr-defined]
                    Q(pk__in=field.queryset.values("pk")) | Q(pk=pk)  # type: ignore[attr-defined]
                )
        current_special = self.initial.get("special_committees") or []
        if current_special:
            field = self.fields["special_committees"]
            field.queryset = SpecialCommittee.objects.filter(  # type: ignore[attr-defined]
                Q(pk__in=field.queryset.values("pk")) | Q(pk__in=current_special)  # type: ignore[attr-defined]
            )
        if editing:
            del self.fields["use_existing"]
        else:
            for name in ("left_on", "is_active", "updated_at", "person_updated_at"):
                del self.fields[name]
        if not private:
            # Without the right to see them, an editor neither sees nor overwrites these.
            for name in PRIVATE_FIELDS:
                del self.fields[name]

    def clean_id_number(self) -> str:
        return normalise(self.cleaned_data.get("id_number") or "").upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        joined, left = data.get("joined_on"), data.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", "离任日期不能早于任职日期。")
        return data

    def _group(self, names: tuple[str, ...]) -> list[BoundField]:
        return [self[name] for name in names if name in self.fields]

    def person_group(self) -> list[BoundField]:
        return self._group(self.PERSON_GROUP)

    def membership_group(self) -> list[BoundField]:
        return self._group(self.MEMBERSHIP_GROUP)

    def person_values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in PERSON_FIELDS if k in self.fields}

    def membership_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            "role": data["role"], "sector": data.get("sector"), "party": data.get("party"),
            "special_committees": list(data.get("special_committees") or []),
            "activity_group": data.get("activity_group"), "manual_order": data.get("manual_order") or 0,
            "joined_on": data.get("joined_on"),
        }
        if "is_active" in self.fields:
            values["left_on"] = data.get("left_on")
            values["is_active"] = bool(data.get("is_active")) and not data.get("left_on")
        return values

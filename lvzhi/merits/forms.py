"""The forms of the merits screens: they parse; the services check."""
from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone

from lvzhi.committees.models import Committee
from lvzhi.documents.attachments import ACCEPT
from lvzhi.members.models import Person
from lvzhi.merits.models import ActivityKind, ActivityState, CommendationKind
from lvzhi.web.forms import ServiceErrorsMixin
from lvzhi.web.widgets import PeopleList

_DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (a phone offers the camera and the gallery); each is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data] if data else []


class ActivityForm(ServiceErrorsMixin, forms.Form):
    committee = forms.ModelChoiceField(label="政协组织", queryset=Committee.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="活动类别", choices=ActivityKind.choices)
    date = forms.DateField(label="活动日期", **_DATE)
    title = forms.CharField(label="活动名称", max_length=400,
                            widget=forms.TextInput(attrs={"placeholder": "如：参加“优化营商环境”专题调研"}))
    place = forms.CharField(label="地点", max_length=200, required=False)
    description = forms.CharField(label="活动情况", required=False, max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 3, "placeholder": "做了什么、提出了什么意见（选填）"}))
    evidence_files = MultipleFileField(label="佐证材料（照片、通知、签到表等，可多选）", required=False)
    evidence_note = forms.CharField(label="佐证说明（没有文件时填写）", required=False, max_length=10000,
                                    widget=forms.Textarea(attrs={"rows": 2, "placeholder": "如：市政协办公厅通知（长政协办发〔2025〕12号）"}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, committees: QuerySet[Committee], editing: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees  # type: ignore[attr-defined]
        if editing:  # the committee stays; files are added and removed on the activity's page
            del self.fields["committee"], self.fields["evidence_files"]
        elif committees.count() <= 1:
            self.fields["committee"].widget = forms.HiddenInput()
            if committees:
                self.initial.setdefault("committee", committees[0].pk)


class ReasonForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label="原因", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请写明原因。"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RemarksForm(ServiceErrorsMixin, forms.Form):
    remarks = forms.CharField(label="审核意见（选填）", required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ConfirmForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class WithdrawForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label="撤回原因（选填）", required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


# The form of each move made from the activity's page, and the service argument its text goes to.
MOVE_FORMS: dict[str, type[forms.Form]] = {
    "submit": ConfirmForm, "withdraw": WithdrawForm, "approve": RemarksForm, "return": ReasonForm,
    "revoke": ReasonForm,
}


class ActivityFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False,
                              choices=[("", "全部"), *[c for c in ActivityState.choices if c[0] != ActivityState.DRAFT]])
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *ActivityKind.choices])
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)

    def __init__(self, data: Any, *, years: list[int]) -> None:
        super().__init__(data)
        self.fields["year"].choices = [("", "全部"), *[(y, f"{y}年") for y in years]]  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


def serving_members(committee: Committee) -> QuerySet[Person]:
    return (Person.objects.filter(memberships__committee=committee, memberships__is_active=True).distinct()
            .order_by("stroke_key", "id"))


class PeopleForm(ServiceErrorsMixin, forms.Form):
    """Members credited: picked one by one, typed as a list of names, or read from an Excel sheet of names."""

    people = forms.ModelMultipleChoiceField(label="逐一选择委员", queryset=Person.objects.none(), required=False,
                                            widget=PeopleList)
    names = forms.CharField(label="或录入姓名名单（每行一个，或用顿号分隔；同名委员在姓名后用括号注明界别或工作单位）",
                            required=False, max_length=40000, widget=forms.Textarea(attrs={"rows": 4}))
    names_file = forms.FileField(label="或上传姓名名单（.xlsx，含“姓名”列，可加“界别或工作单位”列）", required=False,
                                 widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = serving_members(committee)  # type: ignore[attr-defined]


class CommendationForm(PeopleForm):
    kind = forms.ChoiceField(label="表彰类别", choices=CommendationKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="表彰名称", max_length=400,
                            widget=forms.TextInput(attrs={"placeholder": "如：2025年度优秀政协委员"}))
    issued_on = forms.DateField(label="表彰日期", **_DATE)
    issuer = forms.CharField(label="表彰单位", max_length=200, required=False)
    document_number = forms.CharField(label="文号", max_length=120, required=False)
    proposal_number = forms.CharField(label="优秀提案的提案编号（仅“优秀提案”填写）", max_length=40, required=False)

    field_order = ["kind", "year", "title", "issued_on", "issuer", "document_number", "proposal_number", "people",
                   "names", "names_file"]

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year - 1)
        super().__init__(*args, committee=committee, **kwargs)
        self.order_fields(self.field_order)

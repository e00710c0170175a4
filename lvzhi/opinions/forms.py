"""Forms of the 社情民意 screens: they parse input; the services check it and say what is wrong."""
from __future__ import annotations

from typing import Any, cast

from django import forms

from lvzhi.committees.models import Committee
from lvzhi.members.models import Person
from lvzhi.opinions.models import (
    AdoptionLevel,
    IssueState,
    OpinionReport,
    Publication,
    State,
    SubmitterKind,
    TargetKind,
)
from lvzhi.opinions.selectors import OUTCOMES
from lvzhi.web.forms import ServiceErrorsMixin
from lvzhi.web.widgets import PeopleList


class FilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *State.choices])
    kind = forms.ChoiceField(label="报送方式", required=False, choices=[("", "全部"), *SubmitterKind.choices])
    urgent = forms.ChoiceField(label="紧急", required=False, choices=[("", "全部"), ("yes", "紧急"), ("no", "非紧急")])
    outcome = forms.ChoiceField(label="成效", required=False, choices=[("", "全部"), *OUTCOMES])

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [("", "全部"), *((y, f"{y}年") for y in sorted(set(years), reverse=True))]

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"q": data["q"], "year": data["year"], "state": data["state"], "kind": data["kind"],
                "urgent": {"yes": True, "no": False}.get(data["urgent"]), "outcome": data["outcome"]}

    def is_filtered(self) -> bool:
        return any(v not in (None, "") for v in self.values().values())


class IssueFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    publication = forms.TypedChoiceField(label="刊物", required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *IssueState.choices])

    def __init__(self, data: Any, *, years: list[int], publications: list[tuple[int, str]]) -> None:
        super().__init__(data)
        self.fields["year"].choices = [("", "全部"), *((y, f"{y}年") for y in years)]  # type: ignore[attr-defined]
        self.fields["publication"].choices = [("", "全部"), *publications]  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class ReportForm(ServiceErrorsMixin, forms.Form):
    submitter_kind = forms.ChoiceField(label="报送方式", choices=SubmitterKind.choices)
    collective_name = forms.CharField(label="报送单位", required=False, max_length=100,
                                      help_text="以党派、团体、专委会、界别、活动小组或工作站名义报送时填写")
    co_authors = forms.ModelMultipleChoiceField(label="联名或署名委员", required=False, queryset=Person.objects.none(),
                                                widget=PeopleList,
                                                help_text="委员联名时选择联名委员；以单位名义报送时可选择执笔委员")
    title = forms.CharField(label="标题", max_length=200, widget=forms.TextInput(attrs={"maxlength": 200}))
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 14}))
    urgent = forms.BooleanField(label="紧急信息（需尽快报送）", required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, committee: Committee, exclude: Person | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(memberships__committee=committee, memberships__is_active=True).distinct()
        if exclude is not None:
            people = people.exclude(pk=exclude.pk)
        self.fields["co_authors"].queryset = people.order_by("name")  # type: ignore[attr-defined]

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"title": data["title"], "body": data["body"], "submitter_kind": data["submitter_kind"],
                "collective_name": data["collective_name"], "co_authors": list(data["co_authors"]),
                "urgent": data["urgent"]}


class ActionForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The services say what is missing, in the words of the move.
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.required = False


class AcceptForm(ActionForm):
    remarks = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReviseForm(ActionForm):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 12}))
    note = forms.CharField(label="修改说明", required=False, max_length=200)


class MergeForm(ActionForm):
    into = forms.ModelChoiceField(label="合并到", queryset=OpinionReport.objects.none())
    remarks = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, report: OpinionReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (  # type: ignore[attr-defined]
            OpinionReport.objects.filter(committee_id=report.committee_id, year=report.year,
                                         state=State.EDITING)
            .exclude(pk=report.pk).order_by("-submitted_at")[:200]
        )


class NotUseForm(ActionForm):
    reason = forms.CharField(label="不予采用的理由", widget=forms.Textarea(attrs={"rows": 2}))


class SendForm(ActionForm):
    target_kind = forms.ChoiceField(label="报送对象类别", choices=TargetKind.choices)
    target_name = forms.CharField(label="报送对象", max_length=100)
    date = forms.DateField(label="报送日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class AdoptForm(ActionForm):
    level = forms.ChoiceField(label="采用层级", choices=AdoptionLevel.choices)
    adopted_by = forms.CharField(label="采用单位", max_length=100)
    date = forms.DateField(label="采用日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="备注", required=False, max_length=200)


class InstructForm(ActionForm):
    level = forms.ChoiceField(label="批示领导层级", choices=AdoptionLevel.choices)
    leader = forms.CharField(label="批示领导（姓名及职务）", max_length=60)
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(label="批示日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class FeedbackForm(ActionForm):
    department = forms.CharField(label="反馈部门", max_length=100)
    text = forms.CharField(label="落实情况", widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(label="反馈日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class IssueCreateForm(ServiceErrorsMixin, forms.Form):
    publication = forms.ModelChoiceField(label="刊物", queryset=Publication.objects.none(), empty_label=None)
    date = forms.DateField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publication"].queryset = Publication.objects.filter(committee=committee)  # type: ignore


ACTION_FORMS: dict[str, tuple[type[ActionForm], str]] = {
    "accept": (AcceptForm, "采编"),
    "revise": (ReviseForm, "保存修改"),
    "merge": (MergeForm, "合并"),
    "not_use": (NotUseForm, "不予采用"),
    "send": (SendForm, "记录报送"),
    "adopt": (AdoptForm, "记录采用"),
    "instruct": (InstructForm, "记录批示"),
    "feedback": (FeedbackForm, "记录反馈"),
}


class SettingsForm(ServiceErrorsMixin, forms.Form):
    max_length = forms.IntegerField(label="正文字数上限", min_value=1)
    publications = forms.CharField(label="刊物（每行一种）", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

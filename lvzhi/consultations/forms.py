"""协商 forms: they parse and show; the services validate and decide."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from lvzhi.committees.models import Committee, SpecialCommittee
from lvzhi.consultations.models import ActivityState, Form, SuggestionState

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def year_choices() -> list[tuple[str, str]]:
    this = timezone.localdate().year
    return [("", "全部年度")] + [(str(y), f"{y}年") for y in range(this + 1, this - 6, -1)]


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    form = forms.ChoiceField(label="形式", required=False, choices=[("", "全部形式"), *Form.choices])
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *ActivityState.choices])
    organiser = forms.CharField(label="组织单位", required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]


class SuggestionFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label="状态", required=False,
                              choices=[("", "未闭环（全部未反馈）"), ("all", "全部"), *SuggestionState.choices])
    form = forms.ChoiceField(label="协商形式", required=False, choices=[("", "全部形式"), *Form.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]


PLAN_ITEM_STATUSES = [("done", "已完成"), ("pending", "未开展"), ("overdue", "已逾期")]


class PlanItemFilterForm(forms.Form):
    """Filters of the plan's items; a plan holds a few dozen, so they are applied to its progress rows."""

    q = forms.CharField(label="搜索", required=False, max_length=100)
    form = forms.ChoiceField(label="协商形式", required=False, choices=[("", "全部形式"), *Form.choices])
    status = forms.ChoiceField(label="完成情况", required=False, choices=[("", "全部"), *PLAN_ITEM_STATUSES])

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ActivityForm(forms.Form):
    form = forms.ChoiceField(label="协商形式", choices=Form.choices)
    title = forms.CharField(label="主题", max_length=200)
    date = forms.DateField(label="日期", widget=DATE_WIDGET)
    place = forms.CharField(label="地点", max_length=200, required=False)
    organiser = forms.CharField(label="组织单位", max_length=100, required=False,
                                help_text="专委会、界别、委员活动小组等")
    special_committee = forms.ModelChoiceField(label="牵头专委会", queryset=SpecialCommittee.objects.none(),
                                               required=False, empty_label="（无）")
    station_name = forms.CharField(label="委员工作站", max_length=100, required=False,
                                   help_text="基层协商填写所在的委员工作站或联络站")
    other_headcount = forms.IntegerField(label="其他参加人数", min_value=0, initial=0, required=False,
                                         help_text="未逐一登记姓名的群众等，计入参加人次")
    summary = forms.CharField(label="情况简介", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(  # type: ignore[attr-defined]
            committee=committee, is_active=True)

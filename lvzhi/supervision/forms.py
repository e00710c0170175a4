"""The forms of the supervision screens; the services do the checking, the forms only parse."""
from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from lvzhi.committees.models import Committee, HandlingUnit
from lvzhi.consultations.models import Suggestion, SuggestionState
from lvzhi.members.models import Person
from lvzhi.proposals.models import Proposal
from lvzhi.supervision.models import AttendanceKind, MatterState, Method, SupervisionGroup
from lvzhi.supervision.selectors import APPOINTMENT_STATES, GROUP_STATES
from lvzhi.web.forms import ServiceErrorsMixin
from lvzhi.web.widgets import CheckboxList, PeopleList, PersonSelect

_DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def serving_members(committee: Committee) -> QuerySet[Person]:
    return (Person.objects.filter(memberships__committee=committee, memberships__is_active=True).distinct()
            .order_by("stroke_key", "id"))


class PlanForm(ServiceErrorsMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="计划名称", max_length=400)
    body = forms.CharField(label="计划内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class GroupForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label="监督组名称", max_length=200)
    topic = forms.CharField(label="监督主题", max_length=400, required=False)
    sent_on = forms.DateField(label="派出日期", **_DATE)
    leader = forms.ModelChoiceField(label="组长", queryset=Person.objects.none(), empty_label="请选择",
                                    widget=PersonSelect)
    members = forms.ModelMultipleChoiceField(label="组员", queryset=Person.objects.none(), required=False,
                                             widget=PeopleList)
    departments = forms.ModelMultipleChoiceField(label="被监督单位", queryset=HandlingUnit.objects.none(),
                                                 widget=CheckboxList)
    methods = forms.MultipleChoiceField(label="监督方式", choices=Method.choices, required=False,
                                        widget=CheckboxList)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = serving_members(committee)
        self.fields["leader"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].queryset = people  # type: ignore[attr-defined]
        self.fields["departments"].queryset = HandlingUnit.objects.filter(  # type: ignore[attr-defined]
            committee=committee, is_active=True).order_by("sort_order", "id")


class MatterForm(ServiceErrorsMixin, forms.Form):
    department = forms.ModelChoiceField(label="被监督单位", queryset=HandlingUnit.objects.none(), empty_label="请选择")
    title = forms.CharField(label="监督事项", max_length=400)
    description = forms.CharField(label="实际情况", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    proposal_number = forms.CharField(label="监督办理的提案编号（可选）", required=False, max_length=40,
                                      help_text="监督某件提案的办理时填写，如“十五届三次第0012号”")
    suggestion = forms.ModelChoiceField(label="监督落实的协商意见建议（可选）", required=False,
                                        queryset=Suggestion.objects.none(), empty_label="—")

    def __init__(self, *args: Any, group: SupervisionGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["department"].queryset = group.departments.order_by("sort_order", "id")  # type: ignore
        # The committee's suggestions already sent, from this year and the last: a few hundred at most.
        self.fields["suggestion"].queryset = (  # type: ignore[attr-defined]
            Suggestion.objects.filter(committee_id=group.committee_id,
                                      activity__date__gte=datetime.date(group.year - 1, 1, 1))
            .exclude(state=SuggestionState.MADE).select_related("activity").order_by("-activity__date", "number"))
        self.fields["suggestion"].label_from_instance = (  # type: ignore[attr-defined]
            lambda s: f"{s.activity.title[:30]} 第{s.number}条：{s.text[:30]}")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = (data.pop("proposal_number", "") or "").strip()
        data["proposal"] = None
        if number:
            data["proposal"] = Proposal.objects.filter(committee_id=self.group.committee_id, number=number).first()
            if data["proposal"] is None:
                self.add_error("proposal_number", f"本政协组织没有编号为“{number}”的提案。")
        return data


class MatterFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *MatterState.choices])
    group = forms.TypedChoiceField(label="监督组", required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label="被监督单位", required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label="只看逾期未反馈", required=False)

    def __init__(self, data: Any, *, years: list[int], groups: list[tuple[int, str]],
                 departments: list[tuple[int, str]]) -> None:
        super().__init__(data)
        self.fields["year"].choices = [("", "全部"), *[(y, f"{y}年") for y in years]]  # type: ignore[attr-defined]
        self.fields["group"].choices = [("", "全部"), *groups]  # type: ignore[attr-defined]
        self.fields["department"].choices = [("", "全部"), *departments]  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


class ListFilterForm(forms.Form):
    """What every list's filter form shares: `values()` gives only the filters set, for the selectors."""

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


class GroupFilterForm(ListFilterForm):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    department = forms.TypedChoiceField(label="被监督单位", required=False, coerce=int, empty_value=None)
    method = forms.ChoiceField(label="监督方式", required=False, choices=[("", "全部"), *Method.choices])
    state = forms.ChoiceField(label="办理情况", required=False, choices=[("", "全部"), *GROUP_STATES])

    def __init__(self, data: Any, *, departments: list[tuple[int, str]]) -> None:
        super().__init__(data)
        self.fields["department"].choices = [("", "全部"), *departments]  # type: ignore[attr-defined]


class SupervisorFilterForm(ListFilterForm):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    state = forms.ChoiceField(label="聘任状态", required=False, choices=[("", "全部"), *APPOINTMENT_STATES])


class AttendanceFilterForm(ListFilterForm):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *AttendanceKind.choices])


class OpinionsForm(ServiceErrorsMixin, forms.Form):
    opinions = forms.CharField(label="监督意见（每行一条）", widget=forms.Textarea(attrs={"rows": 5}))
    issued_on = forms.DateField(label="提出日期", required=False, **_DATE)
    feedback_due = forms.DateField(label="反馈期限（默认30天）", required=False, **_DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def service_values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"opinions": [line for line in d["opinions"].splitlines() if line.strip()],
                "issued_on": d.get("issued_on"), "feedback_due": d.get("feedback_due")}


class FeedbackForm(ServiceErrorsMixin, forms.Form):
    feedback = forms.CharField(label="办理情况", widget=forms.Textarea(attrs={"rows": 4}))
    received_on = forms.DateField(label="反馈日期", required=False, **_DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def service_values(self) -> dict[str, Any]:
        return {"feedback": self.cleaned_data["feedback"], "received_on": self.cleaned_data.get("received_on")}


class VerifyForm(ServiceErrorsMixin, forms.Form):
    verification = forms.CharField(label="核实情况", widget=forms.Textarea(attrs={"rows": 3}))
    verified_on = forms.DateField(label="核实日期", required=False, **_DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def service_values(self) -> dict[str, Any]:
        return {"verification": self.cleaned_data["verification"], "verified_on": self.cleaned_data.get("verified_on")}


class RejectForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label="未达效果的理由", widget=forms.Textarea(attrs={"rows": 3}))
    feedback_due = forms.DateField(label="新的反馈期限（默认30天）", required=False, **_DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def service_values(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"], "feedback_due": self.cleaned_data.get("feedback_due")}


class EditForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label="监督事项", max_length=400)
    description = forms.CharField(label="实际情况", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def service_values(self) -> dict[str, Any]:
        return {"title": self.cleaned_data["title"], "description": self.cleaned_data.get("description", "")}


MOVE_FORMS: dict[str, type[forms.Form]] = {
    "edit": EditForm, "issue_opinions": OpinionsForm, "record_feedback": FeedbackForm, "verify": VerifyForm,
    "reject_effect": RejectForm,
}


class AppointmentForm(ServiceErrorsMixin, forms.Form):
    person = forms.ModelChoiceField(label="委员", queryset=Person.objects.none(), empty_label="请选择",
                                    widget=PersonSelect)
    body = forms.CharField(label="聘请单位", max_length=200)
    title = forms.CharField(label="监督员名称", max_length=120, initial="特约监督员")
    appointed_on = forms.DateField(label="聘任日期", **_DATE)
    ends_on = forms.DateField(label="期满日期", required=False, **_DATE)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = serving_members(committee)  # type: ignore[attr-defined]


class DutyForm(ServiceErrorsMixin, forms.Form):
    body = forms.CharField(label="单位", max_length=200)
    title = forms.CharField(label="活动内容", max_length=400)
    date = forms.DateField(label="日期", **_DATE)
    participants = forms.ModelMultipleChoiceField(label="参加的特约监督员", queryset=Person.objects.none(),
                                                  widget=PeopleList)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from lvzhi.supervision.models import SupervisorAppointment

        ids = SupervisorAppointment.objects.filter(committee=committee).values("person_id")
        self.fields["participants"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=ids).order_by("stroke_key", "id")


class AttendanceForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=AttendanceKind.choices)
    body = forms.CharField(label="单位", max_length=200)
    title = forms.CharField(label="会议或案件", max_length=400)
    date = forms.DateField(label="日期", **_DATE)
    attendees = forms.ModelMultipleChoiceField(label="参加委员", queryset=Person.objects.none(),
                                               widget=PeopleList)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = serving_members(committee)  # type: ignore[attr-defined]


class FiguresForm(forms.Form):
    subtree = forms.BooleanField(label="含下级政协", required=False)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
    start = forms.DateField(label="起始日期", required=False, **_DATE)
    end = forms.DateField(label="截止日期", required=False, **_DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "截止日期不能早于起始日期。")
        return data

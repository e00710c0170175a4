"""The forms of the study screens; the services do the checking, the forms only parse."""
from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from lvzhi.committees.models import Committee
from lvzhi.meetings.models import AttendanceSheet, SheetKind
from lvzhi.members.models import Person
from lvzhi.study.models import ReadingGroup, SessionKind, SessionState, StudySession
from lvzhi.web.forms import ServiceErrorsMixin
from lvzhi.web.widgets import PeopleList, PersonSelect

_DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def serving_members(committee: Committee) -> QuerySet[Person]:
    return (Person.objects.filter(memberships__committee=committee, memberships__is_active=True).distinct()
            .order_by("stroke_key", "id"))


class SessionForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=[("", "请选择"), *SessionKind.choices])
    # Not required here: the service says what is missing, in its own words ("请填写主题。").
    title = forms.CharField(label="主题", max_length=400, required=False)
    date = forms.DateField(label="日期（培训班为开班日期）", required=False, **_DATE)
    end_date = forms.DateField(label="结束日期（培训班为结业日期）", required=False, **_DATE)
    days = forms.IntegerField(label="培训天数（培训班，默认按起止日期计）", required=False, min_value=1, max_value=366)
    place = forms.CharField(label="地点", max_length=200, required=False)
    organiser = forms.CharField(label="组织单位", max_length=200, required=False)
    speaker = forms.CharField(label="主讲人", max_length=200, required=False)
    description = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    non_member_count = forms.IntegerField(label="非委员参加人次（机关干部等）", min_value=0, initial=0, required=False)
    held = forms.BooleanField(label="已经举办（补登已举办的活动）", required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["held"]

    def values(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d.pop("version", None)
        d["non_member_count"] = d.get("non_member_count") or 0
        return d


class CancelForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label="取消原因", max_length=1000, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RollForm(ServiceErrorsMixin, forms.Form):
    members = forms.ModelMultipleChoiceField(label="出席委员", queryset=Person.objects.none(), required=False,
                                             widget=PeopleList)
    non_member_count = forms.IntegerField(label="非委员参加人次", min_value=0, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, session: StudySession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = serving_members(session.committee)  # type: ignore[attr-defined]
        if session.is_class:
            self.fields["members"].label = "委员学员"


class TraineeForm(ServiceErrorsMixin, forms.Form):
    person = forms.ModelChoiceField(label="委员学员", queryset=Person.objects.none(), required=False,
                                    empty_label="（非委员学员请在下方填写姓名）", widget=PersonSelect)
    name = forms.CharField(label="非委员学员姓名", max_length=80, required=False)
    unit = forms.CharField(label="工作单位", max_length=200, required=False)

    def __init__(self, *args: Any, session: StudySession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = serving_members(session.committee)  # type: ignore[attr-defined]


class SheetForm(ServiceErrorsMixin, forms.Form):
    sheet = forms.ModelChoiceField(label="签到表（学习培训类）", queryset=AttendanceSheet.objects.none(),
                                   required=False, empty_label="（不关联，在本页登记名单）")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, session: StudySession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sheet"].queryset = (  # type: ignore[attr-defined]
            AttendanceSheet.objects.filter(committee_id=session.committee_id, kind=SheetKind.TRAINING,
                                           date=session.date).order_by("-date", "-id"))


class SessionFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *SessionKind.choices])
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *SessionState.choices])

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


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


class ReadingGroupForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label="读书群名称", max_length=200)
    theme = forms.CharField(label="读书主题", max_length=400, required=False)
    founded_on = forms.DateField(label="成立日期", **_DATE)
    leader = forms.ModelChoiceField(label="群主", queryset=Person.objects.none(), required=False, empty_label="（暂无）",
                                    widget=PersonSelect)
    members = forms.ModelMultipleChoiceField(label="成员", queryset=Person.objects.none(), required=False,
                                             widget=PeopleList)
    is_active = forms.BooleanField(label="正常活动", required=False, initial=True)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = serving_members(committee)
        self.fields["leader"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].queryset = people  # type: ignore[attr-defined]


class ActivityForm(ServiceErrorsMixin, forms.Form):
    date = forms.DateField(label="活动日期", **_DATE)
    title = forms.CharField(label="活动名称", max_length=400, initial="读书分享会")
    participants = forms.ModelMultipleChoiceField(label="参加成员", queryset=Person.objects.none(), required=False,
                                                  widget=PeopleList)
    notes = forms.CharField(label="活动情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, group: ReadingGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(pk__in=group.memberships.values("person_id")).order_by("stroke_key", "id"))

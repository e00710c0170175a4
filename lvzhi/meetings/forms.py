"""Forms of the 会议与考勤 screens: they parse input; the services decide what is allowed."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from lvzhi.committees.models import Committee, Meeting, Session
from lvzhi.meetings.models import SheetKind, SheetState, SpeechKind, Status
from lvzhi.meetings.selectors import LEAVE_STATES
from lvzhi.meetings.services.sheets import INVITE_SCOPES, PLACE_MAX, TITLE_MAX
from lvzhi.members.models import Membership, Person
from lvzhi.web.forms import ServiceErrorsMixin
from lvzhi.web.widgets import PeopleList, PersonSelect

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _year_choices(years: list[int]) -> list[tuple[Any, str]]:
    choices = sorted(set(years) | {timezone.localdate().year}, reverse=True)
    return [("", "全部"), *[(y, f"{y}年") for y in choices]]


class FilterForm(forms.Form):
    """A list's filters: what is valid and set, for the selector; anything invalid is ignored."""

    def values(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class SheetFilterForm(FilterForm):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *SheetKind.choices])
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *SheetState.choices])

    def __init__(self, data: Any, *, years: list[int]) -> None:
        super().__init__(data)
        self.fields["year"].choices = _year_choices(years)  # type: ignore[attr-defined]


class LeaveFilterForm(FilterForm):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    state = forms.ChoiceField(label="审批状态", required=False, choices=LEAVE_STATES)
    kind = forms.ChoiceField(label="会议类型", required=False, choices=[("", "全部"), *SheetKind.choices])
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)

    def __init__(self, data: Any, *, years: list[int]) -> None:
        super().__init__(data)
        self.fields["year"].choices = _year_choices(years)  # type: ignore[attr-defined]


class MyMeetingsFilterForm(FilterForm):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="出席情况", required=False, choices=[("", "全部"), *Status.choices])

    def __init__(self, data: Any, *, years: list[int]) -> None:
        super().__init__(data)
        self.fields["year"].choices = _year_choices(years)  # type: ignore[attr-defined]


class SheetForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SheetKind.choices)
    session = forms.ModelChoiceField(label="关联全体会议", queryset=Session.objects.none(), required=False,
                                     empty_label="（不关联）")
    meeting = forms.ModelChoiceField(label="关联常委会议/主席会议", queryset=Meeting.objects.none(), required=False,
                                     empty_label="（不关联）")
    title = forms.CharField(label="名称", max_length=TITLE_MAX, required=False,
                            help_text="关联会议时可不填，默认用会议名称")
    date = forms.DateField(label="日期", required=False, widget=DATE)
    start_time = forms.TimeField(label="开始时间", required=False, widget=TIME)
    end_time = forms.TimeField(label="结束时间", required=False, widget=TIME)
    place = forms.CharField(label="地点", max_length=PLACE_MAX, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, committee: Committee, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        if editing:
            del self.fields["session"]
            del self.fields["meeting"]
            return
        self.fields["session"].queryset = (  # type: ignore[attr-defined]
            Session.objects.filter(term__committee=committee, attendance_sheets__isnull=True)
            .select_related("term", "term__committee").order_by("-term__number", "-number"))
        self.fields["meeting"].queryset = (  # type: ignore[attr-defined]
            Meeting.objects.filter(term__committee=committee, attendance_sheets__isnull=True)
            .select_related("term").order_by("-date"))
        self.fields["session"].label_from_instance = lambda s: s.label  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    scope = forms.ChoiceField(label="邀请范围", choices=INVITE_SCOPES, widget=forms.RadioSelect, initial="all")
    people = forms.ModelMultipleChoiceField(label="指定人员", queryset=Person.objects.none(), required=False,
                                            widget=PeopleList)

    def __init__(self, data: Any = None, *, committee: Committee) -> None:
        super().__init__(data)
        term = committee.current_term()
        ids = Membership.objects.filter(committee=committee, term=term, is_active=True).values("person_id")
        self.fields["people"].queryset = Person.objects.filter(pk__in=ids).order_by("stroke_key")  # type: ignore[attr-defined]


class LeaveForm(forms.Form):
    reason = forms.CharField(label="请假事由", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CodeForm(forms.Form):
    code = forms.CharField(label="签到码", max_length=12, widget=forms.TextInput(attrs={
        "inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*", "placeholder": "6 位数字",
        "autofocus": True}))


class SpeechFilterForm(FilterForm):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label="发言类型", required=False, choices=[("", "全部"), *SpeechKind.choices])
    session = forms.ModelChoiceField(label="全体会议", queryset=Session.objects.none(), required=False,
                                     empty_label="全部")

    def __init__(self, data: Any, *, years: list[int], committee: Committee) -> None:
        super().__init__(data)
        self.fields["year"].choices = _year_choices(years)  # type: ignore[attr-defined]
        self.fields["session"].queryset = (  # type: ignore[attr-defined]
            Session.objects.filter(term__committee=committee).select_related("term", "term__committee")
            .order_by("-start_date"))
        self.fields["session"].label_from_instance = lambda s: s.label  # type: ignore[attr-defined]


class SpeechForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label="发言类型", choices=SpeechKind.choices)
    title = forms.CharField(label="题目", max_length=200)
    speaker = forms.ModelChoiceField(label="发言委员", queryset=Person.objects.none(), required=False,
                                     empty_label="（以单位名义发言）", widget=PersonSelect)
    organisation = forms.CharField(label="发言单位", max_length=100, required=False,
                                   help_text="以党派、界别、专委会等名义发言时填写")
    date = forms.DateField(label="日期", widget=DATE)
    session = forms.ModelChoiceField(label="全体会议", queryset=Session.objects.none(), required=False,
                                     empty_label="（无）")
    file = forms.FileField(label="发言稿", required=False)

    def __init__(self, data: Any = None, files: Any = None, *, committee: Committee) -> None:
        super().__init__(data, files)
        ids = Membership.objects.filter(committee=committee, is_active=True).values("person_id")
        self.fields["speaker"].queryset = Person.objects.filter(pk__in=ids).order_by("stroke_key")  # type: ignore[attr-defined]
        self.fields["session"].queryset = (Session.objects.filter(term__committee=committee)  # type: ignore[attr-defined]
                                           .select_related("term", "term__committee").order_by("-start_date"))
        self.fields["session"].label_from_instance = lambda s: s.label  # type: ignore[attr-defined]

"""The forms of the duty-report screens; the services do the checking, the forms only parse."""
from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from lvzhi.committees.models import ActivityGroup, Committee, SpecialCommittee
from lvzhi.members.models import Person
from lvzhi.web.forms import ServiceErrorsMixin
from lvzhi.web.widgets import PeopleList

_DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def serving_members(committee: Committee) -> QuerySet[Person]:
    return (Person.objects.filter(memberships__committee=committee, memberships__is_active=True).distinct()
            .order_by("stroke_key", "id"))


class ReportForm(ServiceErrorsMixin, forms.Form):
    # Lengths are the service's to refuse, in its words; the form only keeps a runaway post in bounds.
    title = forms.CharField(label="标题", max_length=1000, required=False)
    body = forms.CharField(label="本人撰写的内容", required=False, max_length=100_000,
                           widget=forms.Textarea(attrs={"rows": 18}),
                           help_text="在各标题下写明本人的履职情况；以标题单独成行，系统生成的数据会排在各部分开头。")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReturnForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label="退回理由", required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class SessionForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label="述职会名称", max_length=1000)
    date = forms.DateField(label="日期", **_DATE)
    place = forms.CharField(label="地点", max_length=1000, required=False)
    activity_group = forms.ModelChoiceField(label="委员活动小组", queryset=ActivityGroup.objects.none(),
                                            required=False, empty_label="—")
    special_committee = forms.ModelChoiceField(label="专门委员会", queryset=SpecialCommittee.objects.none(),
                                               required=False, empty_label="—")
    reporters = forms.ModelMultipleChoiceField(label="述职人", queryset=Person.objects.none(), widget=PeopleList,
                                               required=False,
                                               help_text="各述职人本年度（或上一年度）已提交的履职报告会自动关联。")
    attendees = forms.ModelMultipleChoiceField(label="参加人员", queryset=Person.objects.none(), required=False,
                                               widget=PeopleList)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = serving_members(committee)
        self.fields["reporters"].queryset = people  # type: ignore[attr-defined]
        self.fields["attendees"].queryset = people  # type: ignore[attr-defined]
        self.fields["activity_group"].queryset = ActivityGroup.objects.filter(  # type: ignore[attr-defined]
            committee=committee, is_active=True).order_by("sort_order", "id")
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(  # type: ignore[attr-defined]
            committee=committee, is_active=True).order_by("sort_order", "id")

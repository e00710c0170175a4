"""Forms of the organisation screens; rules live in the services, forms only parse input."""
from __future__ import annotations

from typing import Any

from django import forms

from lvzhi.committees.models import Committee, Level, MeetingKind, Term

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitteeForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=40, required=False)
    level = forms.ChoiceField(label="层级", choices=Level.choices)
    parent = forms.ModelChoiceField(label="上级政协", queryset=Committee.objects.none(), required=False,
                                    empty_label="（无，顶级）")
    region_code = forms.CharField(label="行政区划代码", max_length=12, required=False)
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Committee.objects.order_by("path")  # type: ignore[attr-defined]


class ConfigItemForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    sort_order = forms.IntegerField(label="排序", min_value=0, required=False)
    kind = forms.CharField(label="类别", max_length=40, required=False)
    contact_name = forms.CharField(label="联系人", max_length=40, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=40, required=False)

    EXTRA = ("kind", "contact_name", "contact_phone")

    def __init__(self, *args: Any, with_extra: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_extra:
            for name in self.EXTRA:
                del self.fields[name]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("sort_order") is None:
            data.pop("sort_order", None)
        return data


class TermForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "term_%s")  # several forms share the committee page: keep ids unique
        super().__init__(*args, **kwargs)

    number = forms.IntegerField(label="届次", min_value=1, max_value=99, help_text="如第十五届填 15")
    start_date = forms.DateField(label="开始日期", widget=DATE)
    end_date = forms.DateField(label="结束日期", widget=DATE, required=False)
    is_current = forms.BooleanField(label="本届", required=False, initial=True)


class _TermScopedForm(forms.Form):
    """Adding picks the term (the current one by default); editing keeps it, so the field goes."""

    auto_prefix = "id"

    def __init__(self, *args: Any, committee: Committee, editing: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.auto_prefix}_%s")
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["term"]
            return
        field = self.fields["term"]
        field.queryset = Term.objects.filter(committee=committee).order_by("-number")  # type: ignore[attr-defined]
        field.label_from_instance = lambda t: t.label + ("（本届）" if t.is_current else "")  # type: ignore[attr-defined]
        current = committee.current_term()
        if current is not None and not self.is_bound:
            self.fields["term"].initial = current.pk


class SessionForm(_TermScopedForm):
    auto_prefix = "session"
    term = forms.ModelChoiceField(label="届", queryset=Term.objects.none(), empty_label=None)
    number = forms.IntegerField(label="次", min_value=1, max_value=99, help_text="如三次会议填 3")
    start_date = forms.DateField(label="开幕日期", widget=DATE)
    end_date = forms.DateField(label="闭幕日期", widget=DATE)
    proposal_deadline = forms.DateField(label="大会提案截止日期", widget=DATE, required=False)
    place = forms.CharField(label="地点", max_length=100, required=False)


class MeetingForm(_TermScopedForm):
    auto_prefix = "meeting"
    term = forms.ModelChoiceField(label="届", queryset=Term.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="类型", choices=MeetingKind.choices)
    number = forms.IntegerField(label="次", min_value=1, max_value=999)
    date = forms.DateField(label="日期", widget=DATE)
    title = forms.CharField(label="议题", max_length=200, required=False)
    place = forms.CharField(label="地点", max_length=100, required=False)

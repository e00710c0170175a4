"""Forms of the proposal screens: list filters, the draft, review, assignment, handling and evaluation."""
from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.core.validators import FileExtensionValidator
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.urls import reverse_lazy
from django.utils import timezone

from lvzhi.accounts.models import Role
from lvzhi.committees.models import Committee, HandlingUnit, Meeting, MeetingKind, Session
from lvzhi.members.models import Person
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CollectiveKind,
    ContactPhase,
    Decision,
    Evaluation,
    Proposal,
    ProposalCategory,
    ProposalKind,
    Rating,
    RejectionReason,
    ReplyClass,
    State,
    SupervisionKind,
)
from lvzhi.web.forms import ServiceErrorsMixin
from lvzhi.web.widgets import CheckboxList

STALE_MESSAGE = "该提案已被他人修改，请刷新页面后重试。"
_DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
_AREA: dict[str, Any] = {"widget": forms.Textarea(attrs={"rows": 3})}
SCOPE_CHOICES = [("all", "全部提案"), ("mine", "我的提案"), ("unit", "交办给本单位的提案")]
KEY_CHOICES = [("", "全部"), ("yes", "重点提案"), ("no", "非重点提案")]
ASSIGN_MODES = [
    (AssignmentRole.SOLE.value, "单办"),
    (AssignmentRole.SEPARATE.value, "分办"),
    (AssignmentRole.LEAD.value, "主办会办"),
]
REPLY_FILE_TYPES = ["pdf", "doc", "docx", "wps", "ofd", "jpg", "jpeg", "png"]
APPROVE_CHOICES = [("yes", "同意"), ("no", "不同意")]
SOLVED_CHOICES = [("yes", "问题已实际解决（结果满意）"), ("no", "问题尚未解决")]


def categories(committee: Committee) -> QuerySet[ProposalCategory]:
    return ProposalCategory.objects.filter(committee=committee, is_active=True)


def units(committee: Committee) -> QuerySet[HandlingUnit]:
    return HandlingUnit.objects.filter(committee=committee, is_active=True)


def committee_people(committee: Committee) -> QuerySet[Person]:
    """People with a current, active membership of the committee, in roster order."""
    return (
        Person.objects.filter(memberships__committee=committee, memberships__is_active=True,
                              memberships__term__is_current=True)
        .order_by("memberships__role_rank", "stroke_key", "id").distinct()
    )


def leader_people(committee: Committee) -> QuerySet[Person]:
    """Who may supervise or attend a supervision: people with a leader account in the committee and its
    current members, in surname-stroke order."""
    leaders = Q(user__grants__role=Role.LEADER, user__grants__committee=committee)
    members = Q(memberships__committee=committee, memberships__is_active=True, memberships__term__is_current=True)
    ids = Person.objects.filter(leaders | members).values("pk")
    return Person.objects.filter(pk__in=ids).order_by("stroke_key", "id")


class BaseForm(ServiceErrorsMixin, forms.Form):
    pass


# ---------------------------------------------------------------- list


class ProposalFilterForm(BaseForm):
    """GET filters of the list; invalid values are ignored."""

    q = forms.CharField(label="关键词", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    session = forms.ChoiceField(label="大会/平时", required=False)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *State.choices])
    category = forms.ModelChoiceField(label="类别", queryset=ProposalCategory.objects.none(), required=False,
                                      empty_label="全部")
    kind = forms.ChoiceField(label="提案方式", required=False, choices=[("", "全部"), *ProposalKind.choices])
    key = forms.ChoiceField(label="重点", required=False, choices=KEY_CHOICES)
    unit = forms.ModelChoiceField(label="承办单位", queryset=HandlingUnit.objects.none(), required=False,
                                  empty_label="全部")

    def __init__(self, data: Any, *, committee: Committee, years: list[int]) -> None:
        super().__init__(data)
        this_year = timezone.localdate().year
        choices = sorted(set(years) | {this_year}, reverse=True)
        self.fields["year"].choices = [("", "全部"), *[(y, f"{y}年") for y in choices]]  # type: ignore[attr-defined]
        sessions = Session.objects.filter(term__committee=committee).select_related("term").order_by(
            "-term__number", "-number")
        self.fields["session"].choices = [  # type: ignore[attr-defined]
            ("", "全部"), ("plenary", "大会提案"), ("interim", "平时提案"),
            *[(str(s.pk), s.label) for s in sessions],
        ]
        self.fields["category"].queryset = categories(committee)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units(committee)  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}

    def is_filtered(self) -> bool:
        return bool(self.values())


# ---------------------------------------------------------------- drafting


# The writing-help panel is refreshed when the member leaves a changed part of the text (htmx); the latest
# request replaces any still under way, so the panel always shows the current text.
HELP_ON_CHANGE = {
    "hx-post": reverse_lazy("proposals:help"), "hx-trigger": "change", "hx-include": "#draft-form",
    "hx-target": "#help", "hx-swap": "outerHTML", "hx-sync": "#draft-form:replace",
}


class DraftForm(BaseForm):
    kind = forms.ChoiceField(label="提案方式", choices=ProposalKind.choices, initial=ProposalKind.INDIVIDUAL,
                             widget=forms.RadioSelect)
    collective_kind = forms.ChoiceField(label="提案单位类别", required=False,
                                        choices=[("", "—"), *CollectiveKind.choices])
    collective_name = forms.CharField(label="提案单位名称", required=False, max_length=100)
    cosigners = forms.ModelMultipleChoiceField(label="联名提案人", queryset=Person.objects.none(), required=False,
                                               widget=CheckboxList)
    title = forms.CharField(label="案由", max_length=200, error_messages={"required": "请填写案由（提案标题）。"},
                            widget=forms.TextInput(attrs={"placeholder": "关于……的建议", **HELP_ON_CHANGE}))
    situation = forms.CharField(label="情况", required=False,
                                widget=forms.Textarea(attrs={"rows": 6, **HELP_ON_CHANGE}))
    analysis = forms.CharField(label="分析", required=False, widget=forms.Textarea(attrs={"rows": 6, **HELP_ON_CHANGE}))
    suggestions = forms.CharField(label="建议", required=False,
                                  widget=forms.Textarea(attrs={"rows": 6, **HELP_ON_CHANGE}))
    category = forms.ModelChoiceField(label="类别", queryset=ProposalCategory.objects.none(), required=False,
                                      empty_label="—")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    TEXT_FIELDS = ("title", "situation", "analysis", "suggestions")

    def __init__(self, *args: Any, committee: Committee, exclude_person: Person | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = committee_people(committee)
        if exclude_person is not None:
            people = people.exclude(pk=exclude_person.pk)
        self.fields["cosigners"].queryset = people  # type: ignore[attr-defined]
        self.fields["category"].queryset = categories(committee)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == ProposalKind.JOINT and not data.get("cosigners"):
            self.add_error("cosigners", "联名提案请至少选择一位联名提案人。")
        if kind == ProposalKind.COLLECTIVE:
            if not data.get("collective_kind"):
                self.add_error("collective_kind", "集体提案请选择提案单位类别。")
            if not data.get("collective_name"):
                self.add_error("collective_name", "集体提案请填写提案单位名称。")
        return data

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "kind": kind, "title": data["title"], "situation": data.get("situation", ""),
            "analysis": data.get("analysis", ""), "suggestions": data.get("suggestions", ""),
            "category": data.get("category"),
            "cosigners": list(data.get("cosigners") or []) if kind == ProposalKind.JOINT else [],
            "collective_kind": data.get("collective_kind", "") if kind == ProposalKind.COLLECTIVE else "",
            "collective_name": data.get("collective_name", "") if kind == ProposalKind.COLLECTIVE else "",
        }

    def chosen_cosigners(self) -> list[Person]:
        """The co-signers to show ticked: the submitted choice, else the draft's."""
        field = self.fields["cosigners"]
        raw = cast(QueryDict, self.data).getlist("cosigners") if self.is_bound else self.initial.get("cosigners") or []
        ids = [int(getattr(v, "pk", v)) for v in raw if str(getattr(v, "pk", v)).isdigit()]
        by_id = {p.pk: p for p in field.queryset.filter(pk__in=ids)}  # type: ignore[attr-defined]
        return [by_id[i] for i in ids if i in by_id]


# ---------------------------------------------------------------- simple moves


class VersionForm(BaseForm):
    """A move made on the version of the proposal the user saw: a stale one is refused, the input kept."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class WithdrawForm(VersionForm):
    reason = forms.CharField(label="撤回理由", max_length=500, error_messages={"required": "请填写撤回理由。"},
                             widget=forms.Textarea(attrs={"rows": 2}))


# ---------------------------------------------------------------- review


class ReviewForm(BaseForm):
    decision = forms.ChoiceField(label="审查结论", widget=forms.RadioSelect,
                                 error_messages={"required": "请选择审查结论。"})
    category = forms.ModelChoiceField(label="类别", queryset=ProposalCategory.objects.none(), required=False,
                                      empty_label="—")
    suggested_units = forms.ModelMultipleChoiceField(label="建议承办单位", queryset=HandlingUnit.objects.none(),
                                                     required=False, widget=CheckboxList)
    rejection_reason = forms.ModelChoiceField(label="不予立案理由", queryset=RejectionReason.objects.none(),
                                              required=False, empty_label="—")
    explanation = forms.CharField(label="向提案人说明", required=False, **_AREA)
    merge_into = forms.ModelChoiceField(label="并入提案", queryset=Proposal.objects.none(), required=False,
                                        widget=forms.RadioSelect, empty_label=None)
    merge_number = forms.CharField(label="或输入提案编号", required=False, max_length=40)
    proposer_consented = forms.BooleanField(label="已征得提案人同意", required=False)
    remarks = forms.CharField(label="审查意见", required=False, **_AREA)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    # Field: (the decisions it belongs to, the decisions that require it), as services.review checks them.
    DECISION_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
        "category": ((Decision.FILE,), (Decision.FILE,)),
        "suggested_units": ((Decision.FILE,), ()),
        "rejection_reason": ((Decision.NOT_FILE,), (Decision.NOT_FILE,)),
        "explanation": ((Decision.NOT_FILE, Decision.CONVERT_SUGGESTION, Decision.CONVERT_OPINION, Decision.MERGE),
                        (Decision.CONVERT_SUGGESTION, Decision.CONVERT_OPINION)),
        "proposer_consented": ((Decision.CONVERT_SUGGESTION, Decision.CONVERT_OPINION),
                               (Decision.CONVERT_SUGGESTION, Decision.CONVERT_OPINION)),
        "merge_into": ((Decision.MERGE,), ()),
        "merge_number": ((Decision.MERGE,), ()),
        "remarks": ((), (Decision.RETURN,)),
    }

    def __init__(self, *args: Any, proposal: Proposal, final: bool, candidates: list[Proposal],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        committee = proposal.committee
        if final:
            choices = [(d.value, d.label) for d in Decision if d != Decision.PASS]
        else:
            choices = [(Decision.PASS.value, Decision.PASS.label), (Decision.RETURN.value, Decision.RETURN.label)]
        self.fields["decision"].choices = choices  # type: ignore[attr-defined]
        self.fields["category"].queryset = categories(committee)  # type: ignore[attr-defined]
        self.fields["suggested_units"].queryset = units(committee)  # type: ignore[attr-defined]
        self.fields["rejection_reason"].queryset = RejectionReason.objects.filter(  # type: ignore[attr-defined]
            is_active=True)
        self.fields["merge_into"].queryset = Proposal.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in candidates])
        self.candidates = candidates
        if final and not candidates:
            del self.fields["merge_into"]  # only the number search is left
        if not final:
            # Before the last stage a reviewer only passes or returns; the outcome fields would mislead.
            for name in ("category", "suggested_units", "rejection_reason", "explanation", "merge_into",
                         "merge_number", "proposer_consented"):
                del self.fields[name]
        # The page shows the chosen decision's fields only, marking those it requires (static/lvzhi/choices.js).
        for name, (shown, needed) in self.DECISION_FIELDS.items():
            if name in self.fields:
                self.fields[name].shown_for = " ".join(shown)  # type: ignore[attr-defined]
                self.fields[name].required_for = " ".join(needed)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = (data.get("merge_number") or "").strip()
        if data.get("decision") == Decision.MERGE and number and not data.get("merge_into"):
            target = Proposal.objects.filter(committee_id=self.proposal.committee_id, number=number).exclude(
                pk=self.proposal.pk).order_by("-term__number").first()
            if target is None:
                self.add_error("merge_number", f"未找到编号为“{number}”的提案。")
            else:
                data["merge_into"] = target
        if data.get("decision") == Decision.MERGE and not data.get("merge_into") and "merge_number" not in self.errors:
            field = "merge_into" if "merge_into" in self.fields else "merge_number"
            self.add_error(field, "请选择要并入的提案，或输入其编号。")
        return data


# ---------------------------------------------------------------- assignment and handling


class AssignForm(VersionForm):
    mode = forms.ChoiceField(label="交办方式", choices=ASSIGN_MODES, initial=AssignmentRole.SOLE,
                             widget=forms.RadioSelect)
    units = forms.ModelMultipleChoiceField(label="承办单位（主办）", queryset=HandlingUnit.objects.none(),
                                           widget=CheckboxList,
                                           error_messages={"required": "请选择承办单位。"})
    co_units = forms.ModelMultipleChoiceField(label="会办单位", queryset=HandlingUnit.objects.none(), required=False,
                                              widget=CheckboxList)
    due_date = forms.DateField(label="答复期限", required=False, **_DATE)
    remarks = forms.CharField(label="交办意见", required=False, **_AREA)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units(committee)  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = units(committee)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mode, chosen = data.get("mode"), list(data.get("units") or [])
        if mode == AssignmentRole.SOLE and len(chosen) > 1:
            self.add_error("units", "单办只能选择一个承办单位。")
        if mode == AssignmentRole.LEAD:
            if len(chosen) > 1:
                self.add_error("units", "主办会办只能有一个主办单位。")
            if not data.get("co_units"):
                self.add_error("co_units", "主办会办请至少选择一个会办单位。")
        if mode != AssignmentRole.LEAD:
            data["co_units"] = []
        return data


class AssignmentForm(VersionForm):
    """A form about one assignment of the proposal (the hidden `assignment` field names it)."""

    assignment = forms.ModelChoiceField(queryset=Assignment.objects.none(), widget=forms.HiddenInput,
                                        error_messages={"invalid_choice": "该交办记录已不存在。"})

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["assignment"].queryset = proposal.assignments.all()  # type: ignore[attr-defined]


class ReassignRequestForm(AssignmentForm):
    reason = forms.CharField(label="申请调整理由", error_messages={"required": "请填写申请调整的理由。"}, **_AREA)


class ExtensionRequestForm(AssignmentForm):
    until = forms.DateField(label="申请延期至", error_messages={"required": "请填写延期至哪一天。"}, **_DATE)
    reason = forms.CharField(label="延期理由", error_messages={"required": "请填写延期理由。"}, **_AREA)


class ContactForm(AssignmentForm):
    phase = forms.ChoiceField(label="阶段", choices=ContactPhase.choices)
    date = forms.DateField(label="日期", initial=timezone.localdate, **_DATE)
    way = forms.CharField(label="方式", max_length=40,
                          widget=forms.TextInput(attrs={"placeholder": "当面座谈、实地察看、电话"}))
    participants = forms.CharField(label="参加人员", max_length=200)
    summary = forms.CharField(label="内容摘要", **_AREA)


class CoUnitViewForm(AssignmentForm):
    text = forms.CharField(label="会办意见", error_messages={"required": "请填写会办意见。"},
                           widget=forms.Textarea(attrs={"rows": 4}))


class ReplyForm(AssignmentForm):
    text = forms.CharField(label="答复内容", error_messages={"required": "请填写答复内容。"},
                           widget=forms.Textarea(attrs={"rows": 8}))
    reply_class = forms.ModelChoiceField(label="答复分类", queryset=ReplyClass.objects.none(), empty_label="—",
                                         error_messages={"required": "请选择答复分类。"})
    file = forms.FileField(label="答复函（扫描件或 Word/PDF）", required=False, validators=[FileExtensionValidator(
        REPLY_FILE_TYPES, message="答复函请上传 PDF、Word、OFD 或图片文件。")])

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, proposal=proposal, **kwargs)
        self.fields["reply_class"].queryset = ReplyClass.objects.filter(  # type: ignore[attr-defined]
            committee_id=proposal.committee_id, is_active=True)


class DecideReassignForm(AssignmentForm):
    approve = forms.ChoiceField(label="审批", choices=APPROVE_CHOICES, widget=forms.RadioSelect)
    new_units = forms.ModelMultipleChoiceField(label="改由以下单位承办", queryset=HandlingUnit.objects.none(),
                                               required=False, widget=CheckboxList)
    remarks = forms.CharField(label="说明", required=False, **_AREA)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, proposal=proposal, **kwargs)
        self.fields["new_units"].queryset = units(proposal.committee)  # type: ignore[attr-defined]


class DecideExtensionForm(AssignmentForm):
    approve = forms.ChoiceField(label="审批", choices=APPROVE_CHOICES, widget=forms.RadioSelect)
    remarks = forms.CharField(label="说明", required=False, **_AREA)


class CorrectClassForm(AssignmentForm):
    reply_class = forms.ModelChoiceField(label="更正为", queryset=ReplyClass.objects.none(), empty_label="—")
    remarks = forms.CharField(label="更正理由", error_messages={"required": "请填写更正理由。"}, **_AREA)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, proposal=proposal, **kwargs)
        self.fields["reply_class"].queryset = ReplyClass.objects.filter(  # type: ignore[attr-defined]
            committee_id=proposal.committee_id, is_active=True)


class RehandlingForm(VersionForm):
    assignments = forms.ModelMultipleChoiceField(label="重新办理的单位", queryset=Assignment.objects.none(),
                                                 widget=CheckboxList,
                                                 error_messages={"required": "请选择重新办理的单位。"})
    due_date = forms.DateField(label="新的答复期限", error_messages={"required": "请填写新的答复期限。"}, **_DATE)
    remarks = forms.CharField(label="说明", required=False, **_AREA)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignments"].queryset = proposal.assignments.filter(  # type: ignore[attr-defined]
            state=AssignmentState.REPLIED).select_related("unit")
        self.fields["assignments"].label_from_instance = lambda a: str(a)  # type: ignore[attr-defined]


class RemarksForm(VersionForm):
    remarks = forms.CharField(label="说明", required=False, **_AREA)


class ResultForm(VersionForm):
    evaluation = forms.ModelChoiceField(label="评价", queryset=Evaluation.objects.none(),
                                        error_messages={"required": "请选择要回访的评价。"})
    solved = forms.ChoiceField(label="回访结果", choices=SOLVED_CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(label="回访情况", **_AREA)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["evaluation"]
        field.queryset = Evaluation.objects.filter(  # type: ignore[attr-defined]
            assignment__proposal=proposal).select_related("person", "assignment__unit")
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda e: f"{e.person.name}对{e.assignment.unit}的评价：{e.get_rating_display()}")


class EvaluationForm(AssignmentForm):
    rating = forms.ChoiceField(label="评价", choices=Rating.choices, widget=forms.RadioSelect,
                               error_messages={"required": "请选择满意、基本满意或不满意。"})
    comment = forms.CharField(label="意见", required=False, **_AREA)


# ---------------------------------------------------------------- key proposals


class KeyProposeForm(VersionForm):
    supervisors = forms.ModelMultipleChoiceField(label="督办领导", queryset=Person.objects.none(),
                                                 widget=forms.SelectMultiple(attrs={"size": 6}),
                                                 error_messages={"required": "请选择督办领导。"})
    leader_led = forms.BooleanField(label="党政领导领办", required=False)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisors"].queryset = leader_people(proposal.committee)  # type: ignore[attr-defined]


class KeyConfirmForm(VersionForm):
    meeting = forms.ModelChoiceField(label="主席会议", queryset=Meeting.objects.none(), empty_label="—",
                                     error_messages={"required": "请选择确定重点提案的主席会议。"})

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            term__committee_id=proposal.committee_id, kind=MeetingKind.CHAIRS).order_by("-date")


class SupervisionForm(VersionForm):
    kind = forms.ChoiceField(label="形式", choices=SupervisionKind.choices)
    date = forms.DateField(label="日期", initial=timezone.localdate, **_DATE)
    leaders = forms.ModelMultipleChoiceField(label="参加领导", queryset=Person.objects.none(), required=False,
                                             widget=forms.SelectMultiple(attrs={"size": 5}))
    summary = forms.CharField(label="情况", **_AREA)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = leader_people(proposal.committee)  # type: ignore[attr-defined]


def default_due_date(reply_days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=reply_days)

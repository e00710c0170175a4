"""API representations. Read serializers shape rows the selectors fetched; write serializers only parse input
for the services — none of them saves a model."""
from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.accounts.models import RoleGrant
from lvzhi.committees.models import (
    ActivityGroup,
    Committee,
    Level,
    Party,
    Sector,
    Session,
    SpecialCommittee,
    Term,
)
from lvzhi.members.models import Gender, MemberRole, Membership
from lvzhi.members.selectors import ORDERINGS, can_view_private
from lvzhi.members.services import member_version
from lvzhi.text.masking import mask_id_number, mask_phone


class RefSerializer(serializers.Serializer):
    """A related object by id and name."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, obj: Any) -> str:
        return getattr(obj, "display_name", None) or str(obj)


class SessionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="如 十五届二次会议")  # type: ignore[assignment]  # a field named label, not Field.label

    class Meta:
        model = Session
        fields = ["id", "number", "label", "start_date", "end_date", "proposal_deadline", "place"]


class TermSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="如 第十五届")  # type: ignore[assignment]  # a field named label, not Field.label
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta:
        model = Term
        fields = ["id", "number", "label", "start_date", "end_date", "is_current", "sessions"]


class CommitteeSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    parent_name = serializers.SerializerMethodField()
    depth = serializers.IntegerField(read_only=True, help_text="在组织树中的层次，最上级为 0")
    current_term = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = ["id", "name", "short_name", "display_name", "level", "level_display", "parent", "parent_name",
                  "depth", "region_code", "is_active", "current_term"]

    def get_parent_name(self, obj: Committee) -> str | None:
        return obj.parent.display_name if obj.parent is not None else None

    @extend_schema_field(TermSerializer(allow_null=True))
    def get_current_term(self, obj: Committee) -> dict[str, Any] | None:
        terms = getattr(obj, "current_terms", None)
        term = terms[0] if terms else (obj.current_term() if terms is None else None)
        return TermSerializer(term).data if term is not None else None


class CommitteeCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="名称，如 长春市政协")
    short_name = serializers.CharField(required=False, allow_blank=True, max_length=40, help_text="简称")
    level = serializers.ChoiceField(choices=Level.choices, help_text="层级，须低于上级政协")
    parent = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), required=False, allow_null=True,  # type: ignore[assignment]  # a field named parent, not Field.parent
                                                help_text="上级政协编号（顶级不填）")
    region_code = serializers.CharField(required=False, allow_blank=True, max_length=12, help_text="行政区划代码")
    sort_order = serializers.IntegerField(required=False, min_value=0, default=0, help_text="排序")


class MemberSerializer(serializers.Serializer):
    """One roster row: a membership with its person. Phone, ID number and birth date are masked (birth date
    left out) unless the reader may see them (`private_visible`)."""

    id = serializers.IntegerField(read_only=True)
    person_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    gender = serializers.ChoiceField(source="person.gender", choices=Gender.choices, read_only=True)
    ethnicity = serializers.CharField(source="person.ethnicity", read_only=True)
    birth_date = serializers.SerializerMethodField()
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    email = serializers.CharField(source="person.email", read_only=True)
    education = serializers.CharField(source="person.education", read_only=True)
    workplace = serializers.CharField(source="person.workplace", read_only=True)
    committee = RefSerializer(read_only=True)
    term = serializers.SerializerMethodField()
    role = serializers.ChoiceField(choices=MemberRole.choices, read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    sector = RefSerializer(read_only=True, allow_null=True)
    party = RefSerializer(read_only=True, allow_null=True)
    special_committees = RefSerializer(many=True, read_only=True)
    activity_group = RefSerializer(read_only=True, allow_null=True)
    manual_order = serializers.IntegerField(read_only=True)
    joined_on = serializers.DateField(read_only=True, allow_null=True)
    left_on = serializers.DateField(read_only=True, allow_null=True)
    is_active = serializers.BooleanField(read_only=True)
    private_visible = serializers.SerializerMethodField(help_text="为 false 时手机号、身份证号已打码，出生日期不提供")
    version = serializers.SerializerMethodField(help_text="修改时原样提交，以免覆盖他人在此期间的修改")

    def get_version(self, obj: Membership) -> str:
        return member_version(obj)

    def _private(self, obj: Membership) -> bool:
        cache = self.context.setdefault("_private_visible", {})
        if obj.pk not in cache:
            cache[obj.pk] = can_view_private(self.context["request"].user, obj)
        return bool(cache[obj.pk])

    def get_private_visible(self, obj: Membership) -> bool:
        return self._private(obj)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_birth_date(self, obj: Membership) -> str | None:
        if not self._private(obj) or obj.person.birth_date is None:
            return None
        return obj.person.birth_date.isoformat()

    def get_id_number(self, obj: Membership) -> str:
        value = obj.person.id_number
        return value if self._private(obj) else mask_id_number(value)

    def get_phone(self, obj: Membership) -> str:
        value = obj.person.phone
        return value if self._private(obj) else mask_phone(value)

    @extend_schema_field(RefSerializer)
    def get_term(self, obj: Membership) -> dict[str, Any]:
        return {"id": obj.term_id, "name": obj.term.label}


class MemberFilterSerializer(serializers.Serializer):
    """The roster screen's filters, as query parameters."""

    committee = serializers.IntegerField(required=False, min_value=1, help_text="政协组织编号")
    term = serializers.IntegerField(required=False, min_value=1, help_text="届编号；默认为本届")
    all_terms = serializers.BooleanField(required=False, default=False, help_text="包括往届")
    sector = serializers.IntegerField(required=False, min_value=1, help_text="界别编号")
    party = serializers.IntegerField(required=False, min_value=1, help_text="党派编号")
    special_committee = serializers.IntegerField(required=False, min_value=1, help_text="专门委员会编号")
    group = serializers.IntegerField(required=False, min_value=1, help_text="委员活动小组编号")
    role = serializers.ChoiceField(required=False, choices=MemberRole.choices, help_text="职务")
    status = serializers.ChoiceField(required=False, default="active",
                                     choices=[("active", "在任"), ("left", "离任"), ("all", "全部")])
    q = serializers.CharField(required=False, max_length=50, help_text="姓名（简繁均可）、拼音或首字母")
    ordering = serializers.ChoiceField(required=False, default="strokes",
                                       choices=[(k, {"strokes": "按姓氏笔画", "pinyin": "按拼音"}[k]) for k in ORDERINGS])


def _optional_text(max_length: int) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length)


class _MemberFieldsSerializer(serializers.Serializer):
    """Fields a writer may send; the services normalise and validate them (Traditional names, ID numbers ...)."""

    name = serializers.CharField(max_length=40, help_text="姓名（简体字）")
    gender = serializers.ChoiceField(required=False, allow_blank=True, choices=Gender.choices)
    ethnicity = _optional_text(20)
    birth_date = serializers.DateField(required=False, allow_null=True)
    id_number = _optional_text(18)
    phone = _optional_text(20)
    email = serializers.EmailField(required=False, allow_blank=True)
    education = _optional_text(20)
    workplace = _optional_text(200)
    role = serializers.ChoiceField(required=False, choices=MemberRole.choices)
    sector = serializers.PrimaryKeyRelatedField(required=False, allow_null=True, queryset=Sector.objects.all())
    party = serializers.PrimaryKeyRelatedField(required=False, allow_null=True, queryset=Party.objects.all())
    special_committees = serializers.PrimaryKeyRelatedField(
        required=False, many=True, queryset=SpecialCommittee.objects.all()
    )
    activity_group = serializers.PrimaryKeyRelatedField(
        required=False, allow_null=True, queryset=ActivityGroup.objects.all()
    )
    manual_order = serializers.IntegerField(required=False, min_value=0)
    joined_on = serializers.DateField(required=False, allow_null=True)


class MemberCreateSerializer(_MemberFieldsSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="加入哪个政协组织的本届名册")


class MemberUpdateSerializer(_MemberFieldsSerializer):
    left_on = serializers.DateField(required=False, allow_null=True, help_text="填写后即为离任")
    is_active = serializers.BooleanField(required=False)
    version = serializers.CharField(help_text="读取委员时得到的 version；他人已修改时答复 409")


class GrantSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    committee = RefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = RoleGrant
        fields = ["role", "role_display", "committee", "include_subtree"]


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    person_id = serializers.IntegerField(allow_null=True)
    roles = GrantSerializer(many=True)
    capabilities = serializers.ListField(child=serializers.CharField(), help_text="在任一政协组织或全系统拥有的权限")
    committees = RefSerializer(many=True, help_text="可查看的政协组织")



class ErrorSerializer(serializers.Serializer):
    """Every error comes in this shape, with Chinese messages."""

    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,  # type: ignore[assignment]  # a field named errors, not Serializer.errors
                                   help_text="按字段列出的错误")


class LineFiguresParamSerializer(serializers.Serializer):
    """A line's figures: a committee (or its subtree) and a year, or dates (each line subclasses it, so the schema
    names its own)."""

    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    include_subtree = serializers.BooleanField(required=False, default=False, help_text="含下级政协")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="年度；默认今年")
    start = serializers.DateField(required=False, help_text="起始日期（给出则按日期统计）")
    end = serializers.DateField(required=False, help_text="截止日期（含）")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("start") and attrs.get("end") and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": ["截止日期不能早于起始日期。"]})
        return attrs


class LineFigureSerializer(serializers.Serializer):
    """One figure: its code, label, unit and value."""

    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label, not Field.label
    unit = serializers.CharField()
    value = serializers.IntegerField()


class WorkflowEventSerializer(serializers.Serializer):
    """One row of a record's history (a lvzhi.workflows.WorkflowEvent): when, which move, who, from, to, remarks.
    Each line subclasses it, so the schema names its own."""

    at = serializers.DateTimeField()
    action = serializers.CharField()
    label = serializers.SerializerMethodField()  # type: ignore[assignment]  # a field named label, not Field.label
    actor = serializers.SerializerMethodField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    remarks = serializers.CharField()

    def get_label(self, obj: Any) -> str:
        return str(obj.label)

    def get_actor(self, obj: Any) -> str | None:
        return str(obj.actor) if obj.actor_id else None

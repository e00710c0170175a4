"""履职量化考核 through the API: rule tables (read by the committee's members and duty staff, changed by duty
managers through lvzhi.duty.services_rules, as on the screen) and scores (a member's own, any member's for duty
staff, the ranking with the screen's filters), read through the same selectors as the screens."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvzhi.accounts.permissions import Cap, committees_for
from lvzhi.api.permissions import AnyCapabilityPermission
from lvzhi.api.serializers import ErrorSerializer
from lvzhi.api.views import ERRORS, CapabilityViewSet, signed_in
from lvzhi.api.views import parse_request as _parse
from lvzhi.committees.models import Committee
from lvzhi.committees.selectors import get_committee_or_404
from lvzhi.duty import services_rules as svc
from lvzhi.duty.models import (
    DutyEvent,
    DutyRole,
    GradeBand,
    Level,
    MemberScore,
    MinimumDuty,
    Outcome,
    ScoringCategory,
    ScoringPreset,
    ScoringRule,
    ScoringRuleSet,
)
from lvzhi.duty.selectors import (
    LISTS,
    RankMember,
    get_ruleset_for_user,
    get_ruleset_row_for_user,
    get_score_membership_for_user,
    member_score,
    own_memberships,
    ranking,
    rule_table,
    rulesets_for_user,
)
from lvzhi.members.models import Membership

# Who may ask at all: members (their committee's table, their own score) and duty staff; the selectors decide
# which table or score, and record refusals.
READERS = (Cap.DUTY_VIEW, Cap.MEMBER_VIEW)
STALE = {409: OpenApiResponse(ErrorSerializer, description="考核规则已被他人修改，请重新读取")}


def _stale_to_409(change: Callable[[], Any]) -> Any:
    """Run a change; a stale version is a 409 with the Chinese message, as members' edits answer."""
    try:
        return change()
    except ValidationError as error:
        if getattr(error, "code", None) == "stale":
            return Response({"detail": error.messages[0]}, status=409)
        raise


# ---------------------------------------------------------------- serializers


class RuleSerializer(serializers.ModelSerializer):
    event_label = serializers.CharField(source="get_event_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = ScoringRule
        fields = ["id", "category", "event", "event_label", "role_code", "outcome", "outcome_label", "level",
                  "points", "note"]


class CategorySerializer(serializers.ModelSerializer):
    rules = RuleSerializer(many=True, read_only=True)

    class Meta:
        model = ScoringCategory
        fields = ["id", "name", "cap", "order", "rules"]


class BandSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeBand
        fields = ["id", "label", "min_points"]


class MinimumSerializer(serializers.ModelSerializer):
    class Meta:
        model = MinimumDuty
        fields = ["id", "label", "alternatives", "at_least", "order"]


class RuleSetSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)

    class Meta:
        model = ScoringRuleSet
        fields = ["id", "committee", "committee_name", "year", "name", "preset", "base_points", "notes", "version"]


class RuleSetDetailSerializer(RuleSetSerializer):
    categories = serializers.SerializerMethodField()
    bands = serializers.SerializerMethodField()
    minimums = serializers.SerializerMethodField()

    class Meta(RuleSetSerializer.Meta):
        fields = [*RuleSetSerializer.Meta.fields, "categories", "bands", "minimums"]

    @extend_schema_field(CategorySerializer(many=True))
    def get_categories(self, obj: ScoringRuleSet) -> list[dict[str, Any]]:
        return list(CategorySerializer(self.context["table"].categories, many=True).data)

    @extend_schema_field(BandSerializer(many=True))
    def get_bands(self, obj: ScoringRuleSet) -> list[dict[str, Any]]:
        return list(BandSerializer(self.context["table"].bands, many=True).data)

    @extend_schema_field(MinimumSerializer(many=True))
    def get_minimums(self, obj: ScoringRuleSet) -> list[dict[str, Any]]:
        return list(MinimumSerializer(self.context["table"].minimums, many=True).data)


class RuleSetFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="年度")


class RuleSetCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    year = serializers.IntegerField(help_text="年度")
    preset = serializers.ChoiceField(choices=ScoringPreset.choices, help_text="参照模板",
                                     error_messages={"invalid_choice": "请选择参照的考核模板。"})
    name = serializers.CharField(required=False, allow_blank=True, help_text="名称，不填用模板名称")


class RuleSetUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="读取时的版本")
    name = serializers.CharField(allow_blank=True, help_text="名称")
    base_points = serializers.CharField(help_text="基础分")
    notes = serializers.CharField(required=False, allow_blank=True, help_text="说明")


class CopySerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="复制到的年度")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="读取时的考核规则版本")


class RowWriteSerializer(VersionSerializer):
    ruleset = serializers.IntegerField(required=False, help_text="考核规则编号（新增时必填）")


class CategoryWriteSerializer(RowWriteSerializer):
    name = serializers.CharField(allow_blank=True, help_text="类别名称")
    cap = serializers.CharField(required=False, allow_blank=True, allow_null=True, help_text="加分上限，空为不设")
    order = serializers.IntegerField(required=False, help_text="排序")


class RuleWriteSerializer(RowWriteSerializer):
    category = serializers.IntegerField(help_text="类别编号")
    event = serializers.ChoiceField(choices=DutyEvent.choices, help_text="履职事项")
    role_code = serializers.ChoiceField(choices=[("", "任何身份"), *DutyRole.choices], required=False,
                                        allow_blank=True, help_text="身份，空为任何身份")
    outcome = serializers.ChoiceField(choices=Outcome.choices, help_text="结果")
    level = serializers.ChoiceField(choices=[("", "任何层级"), *Level.choices], required=False, allow_blank=True,
                                    help_text="层级，空为任何层级")
    points = serializers.CharField(help_text="分值，扣分为负数")
    note = serializers.CharField(required=False, allow_blank=True, help_text="说明")


class BandWriteSerializer(RowWriteSerializer):
    label = serializers.CharField(allow_blank=True, help_text="等次")  # type: ignore[assignment]
    min_points = serializers.CharField(help_text="最低分")


class MinimumWriteSerializer(RowWriteSerializer):
    label = serializers.CharField(allow_blank=True, help_text="基本要求")  # type: ignore[assignment]
    alternatives = serializers.ListField(child=serializers.CharField(), help_text='可计入的履职事项，如 "inspection:took_part"')
    at_least = serializers.IntegerField(required=False, default=1, help_text="至少次数")
    order = serializers.IntegerField(required=False, help_text="排序")


class CreateInSerializer(serializers.Serializer):
    ruleset = serializers.IntegerField(help_text="考核规则编号")


class ScoreSerializer(serializers.Serializer):
    rank = serializers.IntegerField(required=False)
    membership = serializers.IntegerField()
    person = serializers.IntegerField()
    name = serializers.CharField()
    sector = serializers.CharField(allow_blank=True)
    party = serializers.CharField(allow_blank=True)
    group = serializers.CharField(allow_blank=True)
    total = serializers.DecimalField(max_digits=8, decimal_places=2)
    grade = serializers.CharField(allow_blank=True)
    minimum_met = serializers.BooleanField()
    minimum_missed = serializers.ListField(child=serializers.CharField())
    only_plenary = serializers.BooleanField()
    ruleset_version = serializers.IntegerField()


class ScoreLineSerializer(serializers.Serializer):
    record = serializers.IntegerField(allow_null=True)
    date = serializers.DateField(allow_null=True)
    title = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True, help_text="来源记录的页面")
    event = serializers.CharField()
    outcome = serializers.CharField()
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    note = serializers.CharField(allow_blank=True)


class ScoreCategorySerializer(serializers.Serializer):
    name = serializers.CharField()
    cap = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    gained = serializers.DecimalField(max_digits=8, decimal_places=2)
    deducted = serializers.DecimalField(max_digits=8, decimal_places=2)
    counted = serializers.DecimalField(max_digits=8, decimal_places=2)
    lines = ScoreLineSerializer(many=True)


class ScoreDetailSerializer(serializers.Serializer):
    committee = serializers.IntegerField()
    year = serializers.IntegerField()
    ruleset = serializers.IntegerField(allow_null=True, help_text="未设置考核规则时为空")
    score = ScoreSerializer(allow_null=True)
    base = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    categories = ScoreCategorySerializer(many=True)


class ScoreFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号，不填为第一个可查看的")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="年度，默认今年")
    sector = serializers.IntegerField(required=False, help_text="界别编号")
    party = serializers.IntegerField(required=False, help_text="党派编号")
    group = serializers.IntegerField(required=False, help_text="活动小组编号")
    special_committee = serializers.IntegerField(required=False, help_text="专门委员会编号")
    grade = serializers.CharField(required=False, max_length=20, help_text="等次，如 优秀")
    list = serializers.ChoiceField(choices=list(LISTS.items()), required=False, help_text="名单")


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="年度，默认今年")
    committee = serializers.IntegerField(required=False, help_text="政协组织编号（本人在多个政协组织任委员时）")


def _score_row(membership: Membership | RankMember, score: MemberScore, rank: int | None = None) -> dict[str, Any]:
    if isinstance(membership, Membership):
        who = {"name": membership.person.name, "sector": getattr(membership.sector, "name", ""),
               "party": getattr(membership.party, "name", ""),
               "group": getattr(membership.activity_group, "name", "")}
    else:
        who = {"name": membership.name, "sector": membership.sector, "party": membership.party,
               "group": membership.group}
    return {"rank": rank, "membership": membership.pk, "person": membership.person_id, **who,
            "total": score.total, "grade": score.grade, "minimum_met": score.minimum_met,
            "minimum_missed": score.minimum_missed, "only_plenary": score.only_plenary,
            "ruleset_version": score.ruleset_version}


def _score_detail(membership: Membership, year: int) -> dict[str, Any]:
    view = member_score(membership, year)
    score = view.score
    return {
        "committee": membership.committee_id, "year": year, "ruleset": view.ruleset.pk if view.ruleset else None,
        "score": _score_row(membership, score) if score is not None else None,
        "base": score.breakdown.get("base") if score is not None else None,
        "categories": [{"name": c.name, "cap": c.cap, "gained": c.gained, "deducted": c.deducted,
                        "counted": c.counted, "lines": [
                            {"record": ln.record.pk if ln.record else None,
                             "date": ln.record.date if ln.record else None,
                             "title": ln.record.title if ln.record else "", "url": ln.url, "event": ln.event,
                             "outcome": ln.outcome, "points": ln.points, "note": ln.note} for ln in c.lines]}
                       for c in view.categories],
    }


# ---------------------------------------------------------------- rule tables


@extend_schema_view(
    list=extend_schema(summary="履职考核规则", description="本人所在政协组织及有权查看的政协组织的考核规则。",
                       parameters=[RuleSetFilterSerializer], responses={200: RuleSetSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="考核规则详情", description="类别（含计分规则）、等次和履职基本要求。",
                           responses={200: RuleSetDetailSerializer, **ERRORS}),
    create=extend_schema(summary="按模板建立考核规则", request=RuleSetCreateSerializer,
                         responses={201: RuleSetDetailSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改考核规则的名称、基础分和说明", request=RuleSetUpdateSerializer,
                                 responses={200: RuleSetDetailSerializer, **ERRORS, **STALE}),
)
class RuleSetViewSet(mixins.ListModelMixin, CapabilityViewSet):
    serializer_class = RuleSetSerializer
    permission_classes = CapabilityViewSet.permission_classes[:1] + [AnyCapabilityPermission]
    http_method_names = ["get", "head", "post", "patch"]
    capabilities = {"list": READERS, "retrieve": READERS, "create": Cap.DUTY_MANAGE,
                    "partial_update": Cap.DUTY_MANAGE, "copy": Cap.DUTY_MANAGE}

    def get_queryset(self) -> QuerySet[ScoringRuleSet]:
        if self.is_schema_request():
            return ScoringRuleSet.objects.none()
        params = _parse(RuleSetFilterSerializer, self.request, self.request.query_params)
        qs = rulesets_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(committee_id=params["committee"])
        if params.get("year"):
            qs = qs.filter(year=params["year"])
        return qs

    def _detail(self, ruleset: ScoringRuleSet, status: int = 200) -> Response:
        ruleset.refresh_from_db()
        return Response(RuleSetDetailSerializer(ruleset, context={"table": rule_table(ruleset)}).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(get_ruleset_for_user(request.user, self.lookup_pk()))

    def create(self, request: Request) -> Response:
        data = _parse(RuleSetCreateSerializer, request)
        ruleset = svc.ruleset_create(actor=signed_in(request), **data)
        return self._detail(ruleset, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        ruleset = get_ruleset_for_user(request.user, self.lookup_pk(), manage=True)
        data = _parse(RuleSetUpdateSerializer, request)
        version = data.pop("version")
        result = _stale_to_409(lambda: svc.ruleset_update(actor=signed_in(request), ruleset=ruleset,
                                                          expected_version=version, **data))
        return result if isinstance(result, Response) else self._detail(ruleset)

    @extend_schema(summary="复制为其他年度的考核规则", request=CopySerializer,
                   responses={201: RuleSetDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def copy(self, request: Request, pk: str) -> Response:
        source = get_ruleset_for_user(request.user, self.lookup_pk(), manage=True)
        data = _parse(CopySerializer, request)
        return self._detail(svc.ruleset_copy(actor=signed_in(request), source=source, year=data["year"]), 201)


class _RowViewSet(CapabilityViewSet):
    """A row of a rule table: created in a table, changed and deleted by its id, each with the table's version."""

    model: type[Any]
    write_serializer: type[serializers.Serializer]
    read_serializer: type[serializers.Serializer]
    http_method_names = ["post", "patch", "delete"]
    permission_classes = CapabilityViewSet.permission_classes[:1] + [AnyCapabilityPermission]
    capabilities = {"create": Cap.DUTY_MANAGE, "partial_update": Cap.DUTY_MANAGE, "destroy": Cap.DUTY_MANAGE}

    def add(self, user: Any, ruleset: ScoringRuleSet, version: int, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def change(self, user: Any, row: Any, version: int, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def remove(self, user: Any, row: Any, version: int) -> None:
        raise NotImplementedError

    def create(self, request: Request) -> Response:
        ruleset = get_ruleset_for_user(request.user, _parse(CreateInSerializer, request)["ruleset"], manage=True)
        data = _parse(self.write_serializer, request)
        data.pop("ruleset", None)
        version = data.pop("version")
        result = _stale_to_409(lambda: self.add(signed_in(request), ruleset, version, data))
        return result if isinstance(result, Response) else Response(self.read_serializer(result).data, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        row = get_ruleset_row_for_user(request.user, self.model, self.lookup_pk())
        data = _parse(self.write_serializer, request, partial=True)
        data.pop("ruleset", None)
        if "version" not in data:
            raise serializers.ValidationError({"version": ["请提交读取时的考核规则版本，以免覆盖他人的修改。"]})
        version = data.pop("version")
        result = _stale_to_409(lambda: self.change(signed_in(request), row, version, data))
        return result if isinstance(result, Response) else Response(self.read_serializer(result).data)

    def destroy(self, request: Request, pk: str) -> Response:
        row = get_ruleset_row_for_user(request.user, self.model, self.lookup_pk())
        version = _parse(VersionSerializer, request, request.query_params)["version"]
        result = _stale_to_409(lambda: self.remove(signed_in(request), row, version))
        return result if isinstance(result, Response) else Response(status=204)


def _row_schema(noun: str, write: type[serializers.Serializer], read: type[serializers.Serializer]) -> Any:
    version = OpenApiParameter("version", int, required=True, description="读取时的考核规则版本")
    return extend_schema_view(
        create=extend_schema(summary=f"新增{noun}", request=write, responses={201: read, **ERRORS, **STALE}),
        partial_update=extend_schema(summary=f"修改{noun}", request=write, responses={200: read, **ERRORS, **STALE}),
        destroy=extend_schema(summary=f"删除{noun}", parameters=[version], responses={204: None, **ERRORS, **STALE}),
    )


def _merged(row: Any, fields: tuple[str, ...], data: dict[str, Any]) -> dict[str, Any]:
    values = {f: getattr(row, f) for f in fields}
    values.update(data)
    return values


@_row_schema("考核类别", CategoryWriteSerializer, CategorySerializer)
class CategoryViewSet(_RowViewSet):
    model, write_serializer, read_serializer = ScoringCategory, CategoryWriteSerializer, CategorySerializer

    def add(self, user: Any, ruleset: ScoringRuleSet, version: int, data: dict[str, Any]) -> Any:
        return svc.category_add(actor=user, ruleset=ruleset, expected_version=version, **data)

    def change(self, user: Any, row: Any, version: int, data: dict[str, Any]) -> Any:
        return svc.category_update(actor=user, category=row, expected_version=version,
                                   **_merged(row, ("name", "cap", "order"), data))

    def remove(self, user: Any, row: Any, version: int) -> None:
        svc.category_delete(actor=user, category=row, expected_version=version)


@_row_schema("计分规则", RuleWriteSerializer, RuleSerializer)
class RuleViewSet(_RowViewSet):
    model, write_serializer, read_serializer = ScoringRule, RuleWriteSerializer, RuleSerializer

    def add(self, user: Any, ruleset: ScoringRuleSet, version: int, data: dict[str, Any]) -> Any:
        return svc.rule_add(actor=user, ruleset=ruleset, expected_version=version, **data)

    def change(self, user: Any, row: Any, version: int, data: dict[str, Any]) -> Any:
        return svc.rule_update(actor=user, rule=row, expected_version=version, **data)

    def remove(self, user: Any, row: Any, version: int) -> None:
        svc.rule_delete(actor=user, rule=row, expected_version=version)


@_row_schema("考核等次", BandWriteSerializer, BandSerializer)
class BandViewSet(_RowViewSet):
    model, write_serializer, read_serializer = GradeBand, BandWriteSerializer, BandSerializer

    def add(self, user: Any, ruleset: ScoringRuleSet, version: int, data: dict[str, Any]) -> Any:
        return svc.band_add(actor=user, ruleset=ruleset, expected_version=version, **data)

    def change(self, user: Any, row: Any, version: int, data: dict[str, Any]) -> Any:
        return svc.band_update(actor=user, band=row, expected_version=version,
                               **_merged(row, ("label", "min_points"), data))

    def remove(self, user: Any, row: Any, version: int) -> None:
        svc.band_delete(actor=user, band=row, expected_version=version)


@_row_schema("履职基本要求", MinimumWriteSerializer, MinimumSerializer)
class MinimumViewSet(_RowViewSet):
    model, write_serializer, read_serializer = MinimumDuty, MinimumWriteSerializer, MinimumSerializer

    def add(self, user: Any, ruleset: ScoringRuleSet, version: int, data: dict[str, Any]) -> Any:
        return svc.minimum_add(actor=user, ruleset=ruleset, expected_version=version, **data)

    def change(self, user: Any, row: Any, version: int, data: dict[str, Any]) -> Any:
        return svc.minimum_update(actor=user, minimum=row, expected_version=version,
                                  **_merged(row, ("label", "alternatives", "at_least", "order"), data))

    def remove(self, user: Any, row: Any, version: int) -> None:
        svc.minimum_delete(actor=user, minimum=row, expected_version=version)


# ---------------------------------------------------------------- scores


@extend_schema_view(
    list=extend_schema(summary="履职考核排名", description="与排名页面相同的筛选；得分在读取前按最新记录和规则计算。",
                       parameters=[ScoreFilterSerializer], responses={200: ScoreSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="委员的履职得分", description="编号为委员（任职）编号；含各类得分和每一项的来源记录。",
                           parameters=[YearSerializer], responses={200: ScoreDetailSerializer, **ERRORS}),
)
class ScoreViewSet(CapabilityViewSet):
    permission_classes = CapabilityViewSet.permission_classes[:1] + [AnyCapabilityPermission]
    capabilities = {"list": Cap.DUTY_VIEW, "retrieve": READERS, "me": READERS}

    def list(self, request: Request) -> Response:
        params = _parse(ScoreFilterSerializer, request, request.query_params)
        committee = (get_committee_or_404(params["committee"]) if params.get("committee")
                     else committees_for(request.user, Cap.DUTY_VIEW).first())
        if committee is None:
            raise Http404("未找到可查看的政协组织。")
        year = params.get("year") or timezone.localdate().year
        result = ranking(request.user, committee, year, params)
        page: list[Any] = self.paginate_queryset(result.rows) or []  # type: ignore[arg-type]
        return self.get_paginated_response(
            ScoreSerializer([_score_row(r.membership, r.score, r.rank) for r in page], many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        params = _parse(YearSerializer, request, request.query_params)
        membership = get_score_membership_for_user(request.user, self.lookup_pk())
        return Response(ScoreDetailSerializer(_score_detail(membership, params.get("year") or timezone.localdate().year)).data)

    @extend_schema(summary="我的履职得分", parameters=[YearSerializer], responses={200: ScoreDetailSerializer, **ERRORS})
    @action(detail=False, methods=["get"])
    def me(self, request: Request) -> Response:
        params = _parse(YearSerializer, request, request.query_params)
        mine = own_memberships(request.user)
        if not mine:
            raise Http404("您的账号未关联委员，没有履职得分。")
        chosen = next((m for m in mine if m.committee_id == params.get("committee")), None) or next(
            (m for m in mine if m.is_active), mine[0])
        return Response(ScoreDetailSerializer(_score_detail(chosen, params.get("year") or timezone.localdate().year)).data)


def register(router: SimpleRouter) -> None:
    router.register("duty-rulesets", RuleSetViewSet, basename="api-duty-ruleset")
    router.register("duty-categories", CategoryViewSet, basename="api-duty-category")
    router.register("duty-rules", RuleViewSet, basename="api-duty-rule")
    router.register("duty-bands", BandViewSet, basename="api-duty-band")
    router.register("duty-minimums", MinimumViewSet, basename="api-duty-minimum")
    router.register("duty-scores", ScoreViewSet, basename="api-duty-score")

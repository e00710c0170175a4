"""Issuing accounts through the API (system administrator only): a roster's members, an office's or a unit's staff.

The same services as the screens and the commands; the one-time passwords are in the response and nowhere else.
"""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.accounts.issuing import MAX_BATCH, STAFF_ROLES, Batch, staff_accounts_create
from lvzhi.accounts.permissions import Cap
from lvzhi.api.permissions import CapabilityPermission
from lvzhi.api.views import ERRORS, signed_in
from lvzhi.committees.models import Committee, HandlingUnit, SpecialCommittee
from lvzhi.members import accounts
from lvzhi.members.models import Person


class IssuedSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="姓名")
    where = serializers.CharField(help_text="政协组织或单位")
    role = serializers.CharField(help_text="角色")
    username = serializers.CharField(help_text="账号")
    one_time_password = serializers.CharField(source="password", help_text="一次性密码（仅此一次返回，首次登录须修改）")
    note = serializers.CharField(help_text="说明（跳过的原因等）")


class BatchSerializer(serializers.Serializer):
    created = IssuedSerializer(many=True)
    skipped = IssuedSerializer(many=True)


class MemberAccountsSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    person_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=MAX_BATCH,
        help_text="只为这些人员开通（须是该政协组织本届在任委员）；不填则为全体尚无账号的本届在任委员开通",
    )


class StaffAccountsSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    role = serializers.ChoiceField(choices=[(r.value, r.label) for r in STAFF_ROLES])
    handling_unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), required=False,
                                                       allow_null=True)
    special_committee = serializers.PrimaryKeyRelatedField(queryset=SpecialCommittee.objects.all(), required=False,
                                                           allow_null=True)
    names = serializers.ListField(child=serializers.CharField(max_length=40), min_length=1, max_length=MAX_BATCH)


def _result(batch: Batch) -> Response:
    response = Response(BatchSerializer(batch).data, status=201 if batch.created else 200)
    response["Cache-Control"] = "no-store"
    return response


class MemberAccountsView(APIView):
    permission_classes = [IsAuthenticated, CapabilityPermission]
    http_method_names = ["post"]
    capabilities = {"post": Cap.ACCOUNT_MANAGE}

    @extend_schema(summary="为委员开通账号", request=MemberAccountsSerializer,
                   description="每人一个账号，在其担任本届委员的每个政协组织均为委员；已有账号的跳过。仅系统管理员。",
                   responses={201: BatchSerializer, 200: BatchSerializer, 400: ERRORS[400], 403: ERRORS[403]})
    def post(self, request: Request) -> Response:
        form = MemberAccountsSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        committee = form.validated_data["committee"]
        memberships = accounts.current_memberships().filter(committee=committee)
        ids = form.validated_data.get("person_ids")
        if ids is not None:
            memberships = memberships.filter(person_id__in=ids)
            missing = set(ids) - set(memberships.values_list("person_id", flat=True))
            if missing:
                raise serializers.ValidationError(
                    {"person_ids": f"以下人员不是{committee.display_name}本届在任委员：{sorted(missing)}"})
        else:
            memberships = memberships.filter(person__user__isnull=True)
        people: QuerySet[Person] = Person.objects.filter(pk__in=memberships.values("person_id"))
        return _result(accounts.member_accounts_create(actor=signed_in(request), people=people))


class StaffAccountsView(APIView):
    permission_classes = [IsAuthenticated, CapabilityPermission]
    http_method_names = ["post"]
    capabilities = {"post": Cap.ACCOUNT_MANAGE}

    @extend_schema(summary="为工作人员开通账号", request=StaffAccountsSerializer,
                   description="承办单位或政协各部门的工作人员，每个姓名一个账号；同部门已有的跳过。仅系统管理员。",
                   responses={201: BatchSerializer, 200: BatchSerializer, 400: ERRORS[400], 403: ERRORS[403]})
    def post(self, request: Request) -> Response:
        form = StaffAccountsSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data: dict[str, Any] = form.validated_data
        return _result(staff_accounts_create(
            actor=signed_in(request), committee=data["committee"], role=data["role"], names=data["names"],
            handling_unit=data.get("handling_unit"), special_committee=data.get("special_committee"),
        ))


urlpatterns = [
    path("accounts/members/", never_cache(MemberAccountsView.as_view()), name="api-member-accounts"),
    path("accounts/staff/", never_cache(StaffAccountsView.as_view()), name="api-staff-accounts"),
]

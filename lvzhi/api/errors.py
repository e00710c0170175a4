"""API errors in Chinese, in one shape: {"detail": ..., "errors": {...}}."""
from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from lvzhi.accounts.permissions import record_denial

INVALID = "提交的数据有误。"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"detail": INVALID, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        record_denial(exc)
        exc = exceptions.PermissionDenied(str(exc) or "您没有权限执行此操作。")
    if isinstance(exc, exceptions.Throttled):
        # DRF's own text ends with an English "Expected available in N seconds.": one Chinese sentence instead.
        exc.detail = exceptions.ErrorDetail(
            f"请求过于频繁，请 {math.ceil(exc.wait)} 秒后再试。" if exc.wait else "请求过于频繁，请稍后再试。", "throttled")
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        # Serializer errors: the same shape as the services' errors.
        data = response.data
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"detail": INVALID, "errors": errors}
    return response

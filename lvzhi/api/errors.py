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
        errors: dict[str, list[str]] = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"detail": INVALID, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        record_denial(exc)
        exc = exceptions.PermissionDenied(str(exc) or "您没有权限执行此操作。")
    if isinstance(exc, exceptions.Throttled):
        # DRF's own text ends with an English "Expected available in N seconds.": one Chinese sentence instead.
        exc.detail = exceptions.ErrorDetail(
            f"请求过于频繁，请 {math.ceil(exc.wait)} 秒后再试。" if exc.wait else "请求过于频繁，请稍后再试。", "throttled")  # type: ignore[attr-defined]  # DRF sets Throttled.wait; the stubs omit it
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        # Serializer errors: the same shape as the services' errors.
        data = response.data
        errors = {}
        _flatten(data if isinstance(data, dict) else {"non_field_errors": data}, "", errors)
        response.data = {"detail": INVALID, "errors": errors}
    return response


def _flatten(value: Any, key: str, into: dict[str, list[str]]) -> None:
    """Nested errors (an item of a list, a field of a nested object) under one dotted key each — "opinions.2" —
    so every error answer has the one documented shape: field → list of messages."""
    if isinstance(value, dict):
        for name, inner in value.items():
            _flatten(inner, f"{key}.{name}" if key else str(name), into)
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        if value:
            into.setdefault(key or "non_field_errors", []).extend(str(item) for item in value)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _flatten(inner, f"{key}.{index}" if key else str(index), into)
    else:
        into.setdefault(key or "non_field_errors", []).append(str(value))

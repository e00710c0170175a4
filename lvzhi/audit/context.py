"""The acting user and address of the current request, for services that record audit events."""
from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    user_agent: str = ""


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar("lvzhi_request", default=RequestContext())


def current() -> RequestContext:
    return _current.get()


def set_current(ctx: RequestContext) -> Any:
    return _current.set(ctx)


def reset(token: Any) -> None:
    _current.reset(token)

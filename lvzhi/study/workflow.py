"""A study session's states, declared once: 计划 → 已举办, or 取消. Only held sessions count in the figures and
in the members' duty records."""
from __future__ import annotations

from lvzhi.study.models import SessionState
from lvzhi.workflows import Workflow
from lvzhi.workflows import move as _m


class Role:
    STAFF = "staff"  # staff holding duty.manage in the session's committee


_P, _H, _C = SessionState.PLANNED, SessionState.HELD, SessionState.CANCELLED

SESSION = Workflow("该活动", SessionState, [
    _m("edit", "修改", {_P, _H}, None, Role.STAFF),
    _m("roll", "登记名单", {_P, _H}, None, Role.STAFF),
    _m("hold", "确认已举办", {_P}, _H, Role.STAFF, hint="活动举办后确认，出席委员记入履职档案。"),
    _m("cancel", "取消", {_P, _H}, _C, Role.STAFF, hint="取消后不计入统计，本页登记的委员履职记录一并撤销。"),
], quoted=True)

# The moves a screen offers as buttons on the session page.
BUTTONS = ("hold", "cancel")

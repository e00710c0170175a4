"""The duty report's moves, declared once: the member drafts, edits and submits; staff acknowledge or return it;
a returned report is edited and submitted again."""
from __future__ import annotations

from lvzhi.duty_reports.models import DutyReportEvent, ReportState
from lvzhi.workflows import Workflow
from lvzhi.workflows import move as _m


class Role:
    MEMBER = "member"  # the member whose report it is, and no one else
    STAFF = "staff"  # holders of duty.manage in the report's committee


EDITABLE = frozenset({ReportState.DRAFT, ReportState.RETURNED})
WAITING = frozenset({ReportState.SUBMITTED, ReportState.RESUBMITTED})

REPORT = Workflow("履职报告", ReportState, [
    _m("edit", "修改", EDITABLE, None, Role.MEMBER, hint="修改标题和本人撰写的内容。"),
    _m("regenerate", "重新生成数据", EDITABLE, None, Role.MEMBER,
       hint="按履职档案重新统计本年度履职数据；本人撰写的内容保持不变。"),
    _m("submit", "提交", EDITABLE, None, Role.MEMBER, ends={ReportState.SUBMITTED, ReportState.RESUBMITTED},
       hint="提交后由委员工作部门确认；退回修改的报告再次提交。"),
    _m("acknowledge", "确认", WAITING, ReportState.ACKNOWLEDGED, Role.STAFF, hint="已阅，确认该履职报告。"),
    _m("return", "退回修改", WAITING, ReportState.RETURNED, Role.STAFF, hint="说明理由，退回委员本人修改。"),
])

EVENT_LABELS: dict[str, str] = {**REPORT.labels(), "create": "生成草稿"}
DutyReportEvent.labels = EVENT_LABELS

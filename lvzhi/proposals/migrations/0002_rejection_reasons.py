"""The standard reasons for 不予立案 (全国政协提案工作条例), editable afterwards by the system administrator."""
from __future__ import annotations

from django.db import migrations

REASONS = [
    "涉及党和国家秘密的",
    "违反宪法和法律法规、与党和国家方针政策相抵触的",
    "涉及党派团体内部事务的",
    "涉及民主党派成员对中共党员干部人事安排意见的",
    "属于司法机关正在审理或者已进入仲裁程序的案件的",
    "属于学术讨论的",
    "属于提案人个人或者亲属的事项的",
    "宣传推介具体的产品、作品等的",
    "点名批评、指责具体人员的",
    "内容空泛、没有具体建议的",
    "其他不宜作为提案的",
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    RejectionReason = apps.get_model("proposals", "RejectionReason")
    for i, name in enumerate(REASONS):
        RejectionReason.objects.get_or_create(name=name, defaults={"sort_order": (i + 1) * 10})


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

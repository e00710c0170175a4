from __future__ import annotations

from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "lvzhi.members"
    label = "members"
    verbose_name = "委员"

    def ready(self) -> None:
        from lvzhi.audit.labels import register_action_labels

        register_action_labels({
            "person.create": "新增人员", "person.update": "修改人员信息", "membership.create": "新增委员",
            "membership.update": "修改委员信息", "member.export": "导出名册", "member.import": "导入名册",
            "member.import_upload": "上传导入文件", "member.account_link": "为委员开通账号",
            "member.detail_read": "查看委员信息", "member.list_read": "读取名册明文个人信息",
        })

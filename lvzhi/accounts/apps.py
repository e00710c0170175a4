from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lvzhi.accounts"
    label = "accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        from lvzhi.audit.labels import register_action_labels

        register_action_labels({
            "login.success": "登录成功", "login.failure": "登录失败", "logout": "退出", "logout.timeout": "超时退出",
            "access.denied": "越权访问被拒绝", "account.create": "新建账号", "account.update": "修改账号",
            "account.password_change": "修改密码", "account.password_reset": "重置密码", "account.unlock": "解锁账号",
            "role.grant": "授予角色", "role.revoke": "撤销角色", "policy.update": "修改安全策略",
            "login.throttled": "登录过于频繁被拒绝", "account.batch_create": "批量开通账号",
            "account.password_reset_request": "申请重置密码", "account.password_reset_approve": "批准重置密码",
            "account.password_reset_reject": "驳回重置密码申请",
        })

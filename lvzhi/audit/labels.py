"""The Chinese name of every audit action code, registered by the app that records it (in AppConfig.ready), so
the audit screens label every code without importing the domain apps."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

_LABELS: dict[str, str] = {}


def register_action_labels(labels: Mapping[str, str]) -> None:
    _LABELS.update(labels)


def config_list_labels(key: str, name: str) -> dict[str, str]:
    """The configuration screens record `config.<list>.<verb>` for each list."""
    return {f"config.{key}.create": f"新增{name}", f"config.{key}.update": f"修改{name}",
            f"config.{key}.reorder": f"调整{name}顺序"}


def move_labels(prefix: str, subject: str, moves: Iterable[tuple[str, str]]) -> dict[str, str]:
    """`<prefix><move>` → '<subject>：<move label>' for a workflow's moves."""
    return {f"{prefix}{name}": f"{subject}：{label}" for name, label in moves}


def action_label(action: str) -> str:
    """The Chinese name of an action; an unregistered one is shown as recorded, except audit_read's default
    "<app>.<model>_read", which reads "查看<model>"."""
    if action in _LABELS:
        return _LABELS[action]
    if action.endswith("_read") and action.count(".") == 1:
        from django.apps import apps

        try:
            return f"查看{apps.get_model(action[: -len('_read')])._meta.verbose_name}"
        except (LookupError, ValueError):
            pass
    return action


def action_labels() -> dict[str, str]:
    return dict(_LABELS)

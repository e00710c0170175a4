"""Widgets for long lists of choices (a committee's roster runs to hundreds of members): the markup of Django's
own widgets, written in one pass instead of one template render per option (30 ms for a roster of 250)."""
from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _options(widget: dict[str, Any]) -> list[dict[str, Any]]:
    return [option for _, group, _ in widget["optgroups"] for option in group]


class CheckboxList(forms.CheckboxSelectMultiple):
    """CheckboxSelectMultiple's markup: a <div> of <div><label><input> name</label></div>, one per choice."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        rows = format_html_join("", '<div{}><label{}><input type="{}" name="{}" value="{}"{}> {}</label></div>', (
            (self.row_attrs(o), format_html(' for="{}"', o["attrs"]["id"]) if o["attrs"].get("id") else "",
             o["type"], o["name"], o["value"], flatatt({k: v for k, v in o["attrs"].items()}), o["label"])
            for o in _options(widget)))
        outer = {k: widget["attrs"][k] for k in ("id", "class") if widget["attrs"].get(k)}
        return format_html("<div{}>{}</div>", flatatt(outer), rows)

    def row_attrs(self, option: dict[str, Any]) -> str:
        return ""


class LongSelect(forms.Select):
    """Select's markup: <select> with one <option> per choice."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join("", "<option value=\"{}\"{}>{}</option>", (
            (o["value"], flatatt({**o["attrs"], **self.option_attrs(o)}), o["label"]) for o in _options(widget)))
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)

    def option_attrs(self, option: dict[str, Any]) -> dict[str, str]:
        return {}


class LongSelectMultiple(LongSelect, forms.SelectMultiple):
    """SelectMultiple's markup, as LongSelect writes it."""


# --- people pickers: a search box over a committee's roster (static/lvzhi/choices.js) --------------------------

def _search_text(option: dict[str, Any]) -> str:
    """What the search box matches: the name, its full pinyin and its initials (张三丰 zhangsanfeng zsf)."""
    person = getattr(option["value"], "instance", None)
    if person is None:
        return str(option["label"])
    return " ".join(part for part in (person.name, getattr(person, "pinyin", ""), getattr(person, "initials", ""))
                    if part)


def _search_box() -> SafeString:
    # Hidden until the script shows it: without script the whole list shows and a box would do nothing.
    return mark_safe(render_to_string("includes/picker_search.html").strip())


class PeopleList(CheckboxList):
    """A checkbox list of people with a search box above it: typing 张, zhang or zsf narrows the list."""

    def row_attrs(self, option: dict[str, Any]) -> str:
        return format_html(' data-search="{}"', _search_text(option))

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        return format_html('<div class="picker" data-picker>{}{}<p class="muted small" data-picker-empty hidden>'
                           '没有符合的人员。</p></div>', _search_box(),
                           super().render(name, value, attrs, renderer))


class PersonSelect(LongSelect):
    """A drop-down of people with a search box above it, as PeopleList."""

    def option_attrs(self, option: dict[str, Any]) -> dict[str, str]:
        return {"data-search": _search_text(option)} if option["value"] not in ("", None) else {}

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        return format_html('<div class="picker" data-picker>{}{}</div>', _search_box(),
                           super().render(name, value, attrs, renderer))

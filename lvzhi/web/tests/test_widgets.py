"""The one-pass widgets write the markup Django's own widgets write (whitespace aside), selections included."""
from __future__ import annotations

import re

import pytest
from django import forms

from lvzhi.web.widgets import CheckboxList, LongSelect, LongSelectMultiple

CHOICES = [("", "请选择"), ("1", "丁玉艳"), ("2", "王<小>明"), ("3", "李“四”")]


def _same(html: str) -> str:
    """Markup with whitespace between tags and attribute order ignored."""
    html = re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html.strip()))
    return re.sub(r"<(\w+)([^>]*)>", lambda m: "<" + m.group(1) + " ".join(sorted(m.group(2).split())) + ">", html)


@pytest.mark.parametrize(("fast", "django", "value"), [
    (CheckboxList, forms.CheckboxSelectMultiple, ["2", "3"]),
    (LongSelect, forms.Select, "2"),
    (LongSelectMultiple, forms.SelectMultiple, ["1", "3"]),
])
def test_same_markup_as_django(fast: type, django: type, value: object) -> None:
    attrs = {"id": "id_people", "class": "wide"}
    ours = fast(choices=CHOICES).render("people", value, attrs=attrs)
    theirs = django(choices=CHOICES).render("people", value, attrs=attrs)
    assert _same(ours) == _same(theirs)
    assert "王&lt;小&gt;明" in ours  # names are escaped
    assert ("checked" if fast is CheckboxList else "selected") in ours


def test_a_bound_form_posts_back_what_it_shows() -> None:
    class PeopleForm(forms.Form):
        people = forms.MultipleChoiceField(choices=CHOICES[1:], widget=CheckboxList)

    form = PeopleForm(data={"people": ["1", "3"]})
    assert form.is_valid() and form.cleaned_data["people"] == ["1", "3"]
    html = str(form["people"])
    assert re.findall(r'value="(\d)" id="id_people_\d" checked', html) == ["1", "3"]


@pytest.mark.django_db
def test_people_pickers_carry_pinyin_and_initials_for_the_search_box() -> None:
    from lvzhi.members.models import Person
    from lvzhi.members.services import person_create
    from lvzhi.web.widgets import PeopleList, PersonSelect

    person_create(actor=None, check_actor=False, name="张三丰")

    class PickForm(forms.Form):
        people = forms.ModelMultipleChoiceField(queryset=Person.objects.all(), widget=PeopleList)
        leader = forms.ModelChoiceField(queryset=Person.objects.all(), widget=PersonSelect)

    form = PickForm()
    many, one = str(form["people"]), str(form["leader"])
    assert 'data-search="张三丰 zhangsanfeng zsf"' in many and 'name="people"' in many
    assert 'data-search="张三丰 zhangsanfeng zsf"' in one and "<select" in one
    # The box is hidden until the script shows it: without script the list is all there is.
    assert re.search(r'<input type="search"[^>]*data-picker-search[^>]*hidden', many)

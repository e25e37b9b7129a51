"""Every filter of every list says "全部" for "no filter": never Django's "未知" (unknown) on a
yes/no filter nor "---------" in a drop-down (issue 21, defect 11)."""

import contextlib
import importlib

import django_filters as df
import pytest
from django.apps import apps
from django.test import RequestFactory
from django.utils import translation


def _filtersets():
    for config in apps.get_app_configs():
        if config.name.startswith("gonghui."):
            with contextlib.suppress(ModuleNotFoundError):
                importlib.import_module(f"{config.name}.filtersets")
    seen, todo = [], [df.FilterSet]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("gonghui.") and sub._meta.model is not None:
                seen.append(sub)
    return sorted(set(seen), key=lambda c: f"{c.__module__}.{c.__name__}")


FILTERSETS = _filtersets()


def test_every_filterset_is_found():
    assert len(FILTERSETS) > 40


@pytest.mark.django_db
@pytest.mark.parametrize("filterset_class", FILTERSETS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_filters_say_all(city, filterset_class):
    request = RequestFactory().get("/")
    request.user = city.users["city"]
    with translation.override("zh-hans"):
        html = str(filterset_class({}, queryset=filterset_class._meta.model.objects.none(), request=request).form)
    assert "---------" not in html
    assert "未知" not in html
    assert "Unknown" not in html


@pytest.mark.django_db
def test_the_yes_no_filter_reads_all_yes_no(city):
    from gonghui.members.filtersets import MemberFilterSet

    request = RequestFactory().get("/")
    request.user = city.users["city"]
    with translation.override("zh-hans"):
        form = MemberFilterSet({}, queryset=MemberFilterSet._meta.model.objects.none(), request=request).form
        choices = [str(label) for _v, label in form.fields["is_gig_worker"].widget.choices]
        status = [str(label) for _v, label in form.fields["status"].widget.choices]
    assert choices == ["全部", "是", "否"]
    assert status[0] == "全部"

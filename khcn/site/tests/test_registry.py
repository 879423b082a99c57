"""Plugging a module in: what an app declares in its ``site.py`` reaches the home page, the
menu and the demo without touching any other module."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from khcn.accounts.choices import Role
from khcn.core.permissions import Policy
from khcn.core.plugins import Contribution, DemoContext, DemoLoader, HomeBlock, MenuEntry
from khcn.site import registry, services
from khcn.site.models import DemoLoad


class OnlyDost(Policy):
    actions = ("view",)

    def check(self, user, action, obj):
        from khcn.accounts.permissions import RolePolicy

        return RolePolicy.is_dost(user)


only_dost = OnlyDost()
ran: list[str] = []


def _loader(name: str, after: tuple[str, ...] = ()) -> DemoLoader:
    return DemoLoader(name, lambda context: ran.append(name), after=after)


def test_demo_loaders_run_after_what_they_need():
    loaders = [_loader("c", ("b",)), _loader("a"), _loader("b", ("a",))]
    assert [d.name for d in registry._ordered(loaders)] == ["a", "b", "c"]
    with pytest.raises(ImproperlyConfigured, match="unknown"):
        registry._ordered([_loader("x", ("nowhere",))])
    with pytest.raises(ImproperlyConfigured, match="depend on each other"):
        registry._ordered([_loader("x", ("y",)), _loader("y", ("x",))])


def test_every_installed_app_declares_through_site_py():
    labels = [label for label, _c in registry.collect()]
    assert {"accounts", "organizations", "councils", "plans", "site"} <= set(labels)
    names = [d.name for d in registry.demo_loaders()]
    assert names.index("accounts") < names.index("organizations") < names.index("plans")
    assert {m.name for m in registry.menu_entries()} >= {
        "plans",
        "organizations",
        "accounts.users",
        "site.rules",
    }
    assert "plans.reporting" in {r.code for r in registry.rulesets()}


@pytest.fixture
def new_module(monkeypatch):
    """A module added beside the others: a home block, a menu entry, a demo loader."""
    contribution = Contribution(
        home=[
            HomeBlock(
                "newmod.block",
                "newmod/block.html",
                lambda *, user: (
                    {"greeting": "Xin chào từ mô-đun mới"} if only_dost.can(user, "view") else None
                ),
                only_dost,
                order=5,
            )
        ],
        menu=[MenuEntry("newmod", "Mô-đun mới", "site:ruleset_list", only_dost, order=1, current=("x:",))],
        demo=[_loader("newmod", ("plans",))],
    )
    collected = (*registry.collect(), ("newmod", contribution))
    monkeypatch.setattr(registry, "collect", lambda: collected)
    return contribution


@pytest.mark.django_db
def test_a_new_module_reaches_home_and_menu_for_its_roles(new_module, client, make_user, settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.locmem.Loader",
            {"newmod/block.html": '<p data-testid="newmod">{{ greeting }}</p>'},
        ),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = templates
    dost = make_user(Role.DOST_SPECIALIST)
    reporter = make_user(Role.AGENCY_REPORTER)
    client.force_login(dost)
    page = client.get("/").content.decode()
    assert 'data-testid="newmod">Xin chào từ mô-đun mới' in page
    assert ">Mô-đun mới</a>" in page
    client.force_login(reporter)
    page = client.get("/").content.decode()
    assert "newmod" not in page and "Mô-đun mới" not in page


@pytest.mark.django_db
@override_settings(KHCN_DEMO=True)
def test_a_module_added_later_gets_its_demo_once(new_module):
    ran.clear()
    DemoLoad.objects.bulk_create(
        [DemoLoad(name=d.name) for d in registry.demo_loaders() if d.name != "newmod"]
    )
    result = services.demo_load()
    assert result.loaded == ["newmod"] and ran == ["newmod"]
    assert services.demo_load().loaded == [] and ran == ["newmod"]


def test_demo_context_is_shared_between_loaders():
    context = DemoContext(password="x")
    context.shared["council"] = 1
    assert context.actor is None and context.shared == {"council": 1}


@pytest.mark.django_db
def test_the_menu_marks_the_current_page_only(client, make_user):
    import re

    client.force_login(make_user(Role.DOST_SPECIALIST))

    def current(url):
        return re.findall(r'<a href="([^"]+)" aria-current="page">', client.get(url).content.decode())

    assert current("/") == []
    assert current("/plans/") == ["/plans/"]
    assert current("/rules/") == ["/rules/"]
    assert current("/organizations/") == ["/organizations/"]

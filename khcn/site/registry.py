"""Collects what every installed app declares in its ``site.py`` (a ``contribution``, see
``khcn.core.plugins``) and answers the site layer's questions: the home blocks, the menu, the
demo loaders in dependency order, the rule sets. Nothing here names an app."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

from khcn.core.permissions import Policy
from khcn.core.plugins import Contribution, DemoLoader, HomeBlock, MenuEntry, RuleSetVersion

MODULE = "site"  # each app's khcn/<app>/site.py


@cache
def collect() -> tuple[tuple[str, Contribution], ...]:
    """(app label, contribution) for every installed app that has a ``site.py``, in
    ``INSTALLED_APPS`` order. Checked once: duplicate names, unknown or circular demo
    dependencies raise ``ImproperlyConfigured``."""
    found: list[tuple[str, Contribution]] = []
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, MODULE):
            continue
        module = import_module(f"{config.name}.{MODULE}")
        contribution = getattr(module, "contribution", None)
        if not isinstance(contribution, Contribution):
            raise ImproperlyConfigured(
                f"{config.name}.{MODULE} must define `contribution = Contribution(...)`."
            )
        found.append((config.label, contribution))
    result = tuple(found)
    for kind, names in (
        ("home block", [b.name for _label, c in result for b in c.home]),
        ("menu entry", [m.name for _label, c in result for m in c.menu]),
        ("demo loader", [d.name for _label, c in result for d in c.demo]),
    ):
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ImproperlyConfigured(f"Duplicate {kind} names: {', '.join(duplicates)}")
    _ordered([d for _label, c in result for d in c.demo])
    return result


def home_blocks() -> list[HomeBlock]:
    return sorted((b for _label, c in collect() for b in c.home), key=lambda b: (b.order, b.name))


def home_policies() -> tuple[Policy, ...]:
    """The policies the home page asks (through its blocks' selectors), each once."""
    return tuple({id(b.policy): b.policy for b in home_blocks()}.values())


def menu_entries() -> list[MenuEntry]:
    return sorted((m for _label, c in collect() for m in c.menu), key=lambda m: (m.order, m.name))


def menu_policies() -> tuple[Policy, ...]:
    return tuple({id(m.policy): m.policy for m in menu_entries()}.values())


def rulesets() -> list[RuleSetVersion]:
    return [r for _label, c in collect() for r in c.rulesets]


def demo_loaders() -> list[DemoLoader]:
    """Every demo loader, each after the loaders it names in ``after``."""
    return _ordered([d for _label, c in collect() for d in c.demo])


def _ordered(loaders: list[DemoLoader]) -> list[DemoLoader]:
    by_name = {d.name: d for d in loaders}
    for loader in loaders:
        unknown = [n for n in loader.after if n not in by_name]
        if unknown:
            raise ImproperlyConfigured(f"Demo loader {loader.name} comes after unknown {', '.join(unknown)}")
    ordered: list[DemoLoader] = []
    state: dict[str, str] = {}

    def visit(loader: DemoLoader, chain: tuple[str, ...]) -> None:
        if state.get(loader.name) == "done":
            return
        if state.get(loader.name) == "visiting":
            raise ImproperlyConfigured(
                f"Demo loaders depend on each other: {' → '.join((*chain, loader.name))}"
            )
        state[loader.name] = "visiting"
        for name in loader.after:
            visit(by_name[name], (*chain, loader.name))
        state[loader.name] = "done"
        ordered.append(loader)

    for loader in loaders:
        visit(loader, ())
    return ordered

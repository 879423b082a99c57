"""The ground floor knows no domain: no module under ``khcn/core/`` (its tests included) imports
a ``khcn`` app other than ``core`` itself and ``audit`` (the one app below it: the workflow
engine records audit events). The site layer, the top floor, names no domain module either: it
learns what the apps give it from their ``site.py`` (``khcn.core.plugins``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KHCN = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every ``khcn.…`` module a file imports (import statements, ``from`` imports, and
    ``import_module("khcn.…")`` / ``import_string("khcn.…")`` calls), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("import_module", "import_string")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return [(line, name) for line, name in found if name == "khcn" or name.startswith("khcn.")]


def _offenders(folder: str, allowed: set[str], *, tests: bool) -> list[str]:
    problems = []
    for path in sorted((KHCN / folder).rglob("*.py")):
        if not tests and "tests" in path.relative_to(KHCN).parts:
            continue
        for line, name in _imports(path):
            app = name.split(".")[1] if "." in name else ""
            if app not in allowed:
                problems.append(f"{path.relative_to(KHCN.parent)}:{line} imports {name}")
    return problems


def test_core_imports_no_app_above_it():
    problems = _offenders("core", {"core", "audit"}, tests=True)
    assert not problems, "khcn/core must not know the apps above it:\n" + "\n".join(problems)


def test_the_site_layer_names_no_domain_module():
    """Accounts (users, roles) is the only app the site layer uses by name; everything else
    reaches it through the apps' contributions."""
    problems = _offenders("site", {"core", "audit", "accounts", "site"}, tests=False)
    assert not problems, "khcn/site must learn the modules from their site.py:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from khcn.plans.models import Plan\n", ["khcn.plans.models"]),
        ("import khcn.organizations\n", ["khcn.organizations"]),
        ("def f():\n    from khcn.accounts.roles import Role\n", ["khcn.accounts.roles"]),
        ("import_module('khcn.plans.demo')\n", ["khcn.plans.demo"]),
        ("from django.db import models\nfrom . import x\n", []),
    ],
)
def test_the_check_sees_every_kind_of_import(tmp_path, source, expected):
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert [name for _line, name in _imports(path)] == expected

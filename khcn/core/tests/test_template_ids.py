"""Ids in templates are never localised: with ``USE_THOUSAND_SEPARATOR`` (Vietnamese groups
digits with dots), ``{{ item.pk }}`` renders 1540 as "1.540", which breaks anchors
(``#item-1.540``), links (``?item=1.540``) and hidden inputs the views compare with the id.
Every id printed outside ``{% url %}`` goes through ``|stringformat:"d"``."""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]
BARE_ID = re.compile(r"\{\{\s*[A-Za-z_][\w.]*(?:\.pk|\.id|_pk)\s*\}\}")


def test_no_template_prints_an_id_that_the_locale_would_group():
    offenders = []
    for path in [*ROOT.joinpath("khcn").rglob("*.html"), *ROOT.joinpath("templates").rglob("*.html")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if BARE_ID.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, 'print ids with |stringformat:"d":\n' + "\n".join(offenders)


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_why_a_bare_id_is_wrong():
    with translation.override("vi"):
        bare = Template("{{ pk }}").render(Context({"pk": 1540}))
        safe = Template('{{ pk|stringformat:"d" }}').render(Context({"pk": 1540}))
    assert (bare, safe) == ("1.540", "1540")

"""Agency names written with the tone marks placed the other way ("Thanh Hoá" / "Thanh Hóa",
"Uỷ ban" / "Ủy ban") resolve as if written the same: the exact match is made on
``khcn.core.text.exact_key``, so a name with other accents that folds the same ("Thanh Hòa")
does not tie with it."""

from __future__ import annotations

import pytest

from khcn.core.text import fold
from khcn.organizations.choices import AliasKind, OrganizationKind
from khcn.organizations.models import Organization, OrganizationAlias
from khcn.organizations.selectors import organization_resolve, organization_resolve_many
from khcn.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _agency(name: str, *aliases: str) -> Organization:
    org = OrganizationFactory(name=name, kind=OrganizationKind.COMMUNE_COMMITTEE)
    OrganizationAlias.objects.create(
        organization=org, name=name, name_folded=fold(name), kind=AliasKind.OFFICIAL
    )
    for alias in aliases:
        OrganizationAlias.objects.create(
            organization=org, name=alias, name_folded=fold(alias), kind=AliasKind.SHORT
        )
    return org


@pytest.fixture
def two_communes() -> tuple[Organization, Organization]:
    """Two communes whose names fold alike: "Thanh Hóa" (its short name written in the new
    convention, "Thanh Hoá") and "Thanh Hòa"."""
    hoa_sac = _agency("Ủy ban nhân dân xã Thanh Hóa", "UBND xã Thanh Hoá")
    hoa_huyen = _agency("Ủy ban nhân dân xã Thanh Hòa", "UBND xã Thanh Hòa")
    return hoa_sac, hoa_huyen


@pytest.mark.parametrize(
    "written",
    [
        "UBND xã Thanh Hóa",  # the alias is stored "Thanh Hoá"
        "UBND xã Thanh Hoá",
        "Uỷ ban nhân dân xã Thanh Hoá",  # the official name is stored "Ủy ban … Thanh Hóa"
        "ỦY BAN NHÂN DÂN XÃ THANH HOÁ",
    ],
)
def test_a_name_in_the_other_tone_convention_resolves_to_its_agency(two_communes, written):
    hoa_sac, _hoa_huyen = two_communes
    result = organization_resolve(written)
    assert result.matched == hoa_sac
    assert result.exact and not result.ambiguous
    assert result.current == [hoa_sac]


def test_other_accents_are_still_another_name(two_communes):
    _hoa_sac, hoa_huyen = two_communes
    result = organization_resolve("Uỷ ban nhân dân xã Thanh Hòa")
    assert (result.matched, result.exact, result.ambiguous) == (hoa_huyen, True, False)
    folded_only = organization_resolve("UBND xa Thanh Hoa")  # no accents: both fit, equally
    assert folded_only.ambiguous and not folded_only.exact


def test_many_names_resolve_at_once_as_each_alone(two_communes, django_assert_num_queries):
    names = [
        "UBND xã Thanh Hoá",
        "Uỷ ban nhân dân xã Thanh Hòa",
        "Sở Không Có",
        "",
        "ỦY BAN NHÂN DÂN XÃ THANH HOÁ",
    ]
    alone = {name: organization_resolve(name) for name in names}
    with django_assert_num_queries(1):  # every alias at once; both communes are in operation
        together = organization_resolve_many(names)
    for name in names:
        a, b = alone[name], together[name]
        assert (a.matched, a.exact, a.candidates, a.current) == (
            b.matched,
            b.exact,
            b.candidates,
            b.current,
        ), name

"""Every short name in the agency data follows one convention (docs/glossary.md § Short names):

- "Ủy ban nhân dân" becomes "UBND", "Bộ Chỉ huy Quân sự" becomes "Bộ CHQS"; the level and the
  place stay as written, in lower case: "UBND tỉnh Cà Mau", "UBND thành phố Cà Mau",
  "UBND xã Thới Bình", "Bộ CHQS tỉnh";
- "Sở", "Trung tâm", "Chi cục", "Ban", "Viện", "Văn phòng" followed by a field of one term of at
  most two words keep it written out ("Sở Y tế", "Sở Tài chính", "Sở Công Thương"); a longer field
  is written with the initial capitals of its words (Đ, Ư kept), "và" as "&", "-" and "," kept:
  "Sở KH&CN", "Sở NN&MT", "Sở GTVT", "Sở LĐ-TB&XH", "Trung tâm ƯDTBKH&CN";
- a place after the field ("tỉnh Bạc Liêu") stays as written: "Sở KH&CN tỉnh Bạc Liêu";
- anything else keeps its name ("Công an tỉnh").

Acronyms written without spaces ("SKHCN", "SYT", "STC") are other names (aliases), not short
names: they still find the agency, but lists and reports show the short name.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.test import override_settings

from khcn.accounts import demo as accounts_demo
from khcn.core.plugins import DemoContext
from khcn.organizations import demo
from khcn.organizations.models import Organization, OrganizationAlias

pytestmark = pytest.mark.django_db

RENAMED_TYPES = {"Ủy ban nhân dân": "UBND", "Bộ Chỉ huy Quân sự": "Bộ CHQS"}
FIELD_TYPES = ("Sở", "Trung tâm", "Chi cục", "Ban", "Viện", "Văn phòng")
PLACE = re.compile(r"^(?P<field>.*?)(?P<place> (?:tỉnh|thành phố) .+)?$")


TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def initial(word: str) -> str:
    """The word's first letter in capitals without its tone mark: "Ứng" → "Ư", "đào" → "Đ"."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", word[0]).translate(TONE_MARKS)).upper()


def initials(field: str) -> str:
    """ "Khoa học và Công nghệ" → "KH&CN"; "Lao động - Thương binh và Xã hội" → "LĐ-TB&XH"."""
    out = []
    for token in re.split(r"(\s+và\s+|\s*-\s*|\s*,\s*)", field):
        if token.strip() == "và":
            out.append("&")
        elif token.strip() in ("-", ","):
            out.append(token.strip())
        elif token.strip():
            out.append("".join(initial(word) for word in token.split()))
    return "".join(out)


def conventional_short_name(name: str) -> str:
    for long, short in RENAMED_TYPES.items():
        if name.startswith(f"{long} "):
            return f"{short}{name[len(long) :]}"
    for kind in FIELD_TYPES:
        if name.startswith(f"{kind} "):
            match = PLACE.match(name[len(kind) + 1 :])
            assert match is not None
            field, place = match["field"], match["place"] or ""
            one_term = len(field.split()) <= 2 and not re.search(r"\svà\s|-|,", field)
            return f"{kind} {field if one_term else initials(field)}{place}"
    return name


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Sở Khoa học và Công nghệ", "Sở KH&CN"),
        ("Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
        ("Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH"),
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở VH,TT&DL"),
        ("Sở Giao thông vận tải", "Sở GTVT"),
        ("Sở Y tế", "Sở Y tế"),
        ("Sở Giáo dục và Đào tạo tỉnh Bạc Liêu", "Sở GD&ĐT tỉnh Bạc Liêu"),
        ("Trung tâm Ứng dụng tiến bộ khoa học và công nghệ", "Trung tâm ƯDTBKH&CN"),
        ("Ủy ban nhân dân xã Đất Mũi", "UBND xã Đất Mũi"),
        ("Ủy ban nhân dân thị xã Giá Rai", "UBND thị xã Giá Rai"),
        ("Bộ Chỉ huy Quân sự tỉnh", "Bộ CHQS tỉnh"),
        ("Công an tỉnh", "Công an tỉnh"),
    ],
)
def test_the_convention(name, short):
    assert conventional_short_name(name) == short


@override_settings(KHCN_DEMO=True)
def test_every_short_name_in_the_agency_data_follows_the_convention():
    """The demo registry as loaded: Cà Mau and Bạc Liêu before 2025, the March mergers, the
    merged province, the communes that replaced the districts."""
    context = DemoContext(password="KhcnDemo@2026")
    accounts_demo.load(context)
    demo.load(context)
    wrong = [
        f"{o.name}: “{o.short_name}”, expected “{conventional_short_name(o.name)}”"
        for o in Organization.objects.all()
        if o.short_name != conventional_short_name(o.name)
    ]
    assert Organization.objects.count() > 60
    assert not wrong, "\n".join(wrong)
    # the acronyms the data used to give as short names still find their agency
    for acronym in ("SYT", "STC", "SCT", "SNV", "SXD", "CAT", "SKHCN"):
        assert OrganizationAlias.objects.filter(name=acronym).exists(), acronym

"""Advance widths of Times New Roman (regular and bold), for sizing drawn rules.

Widths are in thousandths of an em for the printable ASCII characters, from the metric-compatible
Liberation Serif; Vietnamese letters are measured by their base letter (marks do not add width).
"""

from __future__ import annotations

import unicodedata

_FIRST = 32

# fmt: off
_REGULAR: tuple[int, ...] = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
)
# fmt: on

# fmt: off
_BOLD: tuple[int, ...] = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,
    930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778,
    611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500,
    333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
)
# fmt: on

_DEFAULT = 500
_MM_PER_POINT = 25.4 / 72


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Estimate how wide ``text`` prints in Times New Roman at ``size_pt`` points, in millimetres."""
    table = _BOLD if bold else _REGULAR
    base = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    units = 0
    for ch in base:
        if unicodedata.combining(ch):
            continue
        index = ord(ch) - _FIRST
        units += table[index] if 0 <= index < len(table) else _DEFAULT
    return units / 1000 * size_pt * _MM_PER_POINT

"""Item paths are keys in English ("IV.9 (second)") and read in the user's language."""

from __future__ import annotations

from django.utils import translation

from khcn.plans.paths import display_path, path_key


def test_paths_read_in_vietnamese_and_typed_back_in_either_language():
    with translation.override("vi"):
        assert display_path("IV.9 (second)") == "IV.9 (thứ hai)"
        assert display_path("IV (closing paragraph)") == "IV (đoạn kết)"
        assert display_path("II.3.c") == "II.3.c"
        assert display_path("IV.9 (7)") == "IV.9 (7)"
    for typed in ("IV.9 (thứ hai)", "IV.9 (thu hai)", "IV.9 (second)", " IV.9 (Thứ hai) "):
        assert path_key(typed) == "IV.9 (second)"
    assert path_key("II.3.c") == "II.3.c"
    assert path_key("II (ghi chú)") == "II (ghi chú)"

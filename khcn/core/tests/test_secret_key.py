"""Without DJANGO_SECRET_KEY, a production install generates one key and keeps it."""

from __future__ import annotations

import stat

from config.settings.base import _stored_secret_key


def test_the_key_is_generated_once_private_and_kept(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = _stored_secret_key(path)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _stored_secret_key(path) == first
    path.write_text("short")  # a damaged file is replaced, never used
    assert _stored_secret_key(path) not in ("short", first)

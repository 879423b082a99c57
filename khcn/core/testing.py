"""Test helpers every app reuses: the role × action matrix, texts as pages show them, the text of
a Word file, a scanned page of Vietnamese text. (One user per role:
``khcn.accounts.testing.role_users``.)

``assert_policy_matrix`` calls an action (a service call or a view request) once per actor,
each inside a savepoint that is rolled back, and checks three things per case:

- allowed actors get through (no ``PermissionDenied``; views answer neither 401/403/404 nor
  a redirect to the login page);
- denied actors are refused;
- a denied attempt changes nothing (the ``state`` snapshot is equal before and after) and
  writes no audit row.

Example (``role_users`` from ``khcn.accounts.testing``)::

    actors = role_users(organization=dept)
    assert_policy_matrix(
        actors=actors,
        expected={"dost_specialist": True, "sysadmin": True, "*": False},
        attempt=lambda user: organization_create(actor=user, name="Sở Mới", kind="department"),
        state=lambda: list(Organization.objects.values_list("id", "name")),
    )
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from khcn.audit.models import AuditEvent

ANONYMOUS = "anonymous"


class _Rollback(Exception):
    pass


def _expected(expected: Mapping[str, bool], name: str) -> bool:
    if name in expected:
        return expected[name]
    if "*" in expected:
        return expected["*"]
    raise AssertionError(f"No expectation for actor {name!r}")


def _denied_response(response: HttpResponse) -> bool:
    """Refused: 401/403, 404 for an object the actor may not see, or a redirect to log in."""
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "/accounts/login/" in response.get("Location", "")


def assert_policy_matrix(
    *,
    actors: Mapping[str, Any],
    expected: Mapping[str, bool],
    attempt: Callable[[Any], Any],
    state: Callable[[], Any],
    view: bool = False,
) -> dict[str, bool]:
    """Run ``attempt(actor)`` for every actor and check the outcome against ``expected``
    (actor name → allowed; ``"*"`` for the rest). With ``view=True``, ``attempt`` receives a
    logged-in ``django.test.Client`` (anonymous for None) and returns the response.
    Returns the observed outcome per actor, for reporting."""
    observed: dict[str, bool] = {}
    failures: list[str] = []
    for name, actor in actors.items():
        for cached in [name for name in getattr(actor, "__dict__", {}) if name.startswith("_khcn_")]:
            delattr(actor, cached)  # what a previous attempt read about the actor's roles
        before_state, before_audit = state(), AuditEvent.objects.count()
        allowed = True
        changed = audited = False
        try:
            with transaction.atomic():
                try:
                    if view:
                        client = Client()
                        if actor is not None:
                            client.force_login(actor)
                        allowed = not _denied_response(attempt(client))
                    else:
                        attempt(actor)
                except PermissionDenied:
                    allowed = False
                if not allowed:
                    # Checked inside the savepoint, before it is rolled back: a refused action
                    # must not have written anything, even temporarily.
                    changed = state() != before_state
                    audited = AuditEvent.objects.count() != before_audit
                raise _Rollback
        except _Rollback:
            pass
        observed[name] = allowed
        want = _expected(expected, name)
        if allowed != want:
            outcome = {True: "allowed", False: "denied"}
            failures.append(f"{name}: expected {outcome[want]}, got {outcome[allowed]}")
        if changed:
            failures.append(f"{name}: a denied attempt changed data")
        if audited:
            failures.append(f"{name}: a denied attempt wrote an audit row")
    assert not failures, "Policy matrix failures:\n" + "\n".join(failures)
    return observed


def t(msgid: str, **params: Any) -> str:
    """``msgid`` as the (Vietnamese) pages show it, escaped like the templates escape it."""
    from django.utils import translation
    from django.utils.html import escape

    with translation.override("vi"):
        text = translation.gettext(msgid)
    return escape(text % params if params else text)


def docx_text(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """A Word file's paragraph texts (the body's, then the table cells') and its tables' cells."""
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in doc.tables]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += [p.text for p in cell.paragraphs]
    return paragraphs, tables


# --------------------------------------------------------------------------------------------------
# Scans: Vietnamese text drawn into page images, as a scanner gives them (tests and benchmarks of OCR)
# --------------------------------------------------------------------------------------------------

VIETNAMESE_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # fonts-dejavu-core (CI: with chromium)
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)


def vietnamese_font() -> str | None:
    """A font file with the Vietnamese letters (DejaVu Sans), or None when none is installed."""
    import os
    from pathlib import Path

    for path in VIETNAMESE_FONTS:
        if os.path.exists(path):
            return path
    try:  # matplotlib ships DejaVu Sans, when it is installed
        import matplotlib  # type: ignore[import-not-found,unused-ignore]

        bundled = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
        return str(bundled) if bundled.exists() else None
    except ImportError:
        return None


def scanned_pdf(
    pages: Any,
    *,
    font_size: int = 40,
    dpi: float = 300.0,
    width: int = 2480,
    height: int | None = 3508,
    left: int = 180,
    top: int = 200,
    leading: int = 66,
) -> bytes:
    """A PDF of page images, no text layer: each item of ``pages`` is the lines of one page,
    drawn in DejaVu Sans (A4 at 300 dpi by default; ``height=None``: as tall as the lines)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    path = vietnamese_font()
    assert path is not None, "no DejaVu Sans font to draw Vietnamese with"
    font = ImageFont.truetype(path, font_size)
    images = []
    for lines in pages:
        size = (width, height if height is not None else 2 * top + leading * len(lines))
        image = Image.new("L", size, 255)
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((left, top + leading * i), line, font=font, fill=0)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()

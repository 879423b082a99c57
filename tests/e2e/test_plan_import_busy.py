"""A large paste on the import page shows at once that the plan is being read: the button is
disabled and a status line (role=status, in Vietnamese) appears before the server answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

SEED = Path(__file__).resolve().parents[2] / "khcn" / "plans" / "fixtures" / "ke-hoach-kl50-ca-mau.txt"


def _vi(msgid: str) -> str:
    from django.utils import translation

    with translation.override("vi"):
        return translation.gettext(msgid)


def test_a_large_paste_shows_the_busy_indicator_before_the_answer(page, server, actors, log_in):
    log_in(actors.specialist)
    page.goto(f"{server}/plans/import/")
    status = page.get_by_test_id("import-busy")
    button = page.get_by_test_id("read-plan")
    expect(status).to_be_empty()
    expect(button).to_be_enabled()
    text = "\n\n".join([SEED.read_text(encoding="utf-8")] * 4)  # about 100,000 characters
    page.locator("#id_text").fill(text)

    held: list[Any] = []
    seen: list[dict[str, Any]] = []

    def hold(route: Any) -> None:
        if route.request.method == "POST":
            held.append(route)  # the server's answer waits until the page has been checked
        else:
            route.continue_()

    # What the page shows once the submit has been handled, reported by the page itself while
    # the answer is held (locators would wait for the pending navigation to finish).
    page.expose_function("reportBusy", lambda state: seen.append(state))
    page.evaluate(
        """() => document.addEventListener("submit", () => setTimeout(() => {
            const form = document.querySelector("[data-testid=import-form]");
            const status = document.querySelector("[data-testid=import-busy]");
            window.reportBusy({
                disabled: document.querySelector("[data-testid=read-plan]").disabled,
                formBusy: form.getAttribute("aria-busy"),
                role: status.getAttribute("role"),
                text: status.textContent.trim(),
                spinner: status.querySelectorAll('[aria-busy="true"]').length,
                visible: status.checkVisibility() && status.getBoundingClientRect().height > 0,
            });
        }))"""
    )
    page.route(f"{server}/plans/import/", hold)
    button.click(no_wait_after=True)
    for _ in range(600):  # Playwright runs the route handler and the report as they come
        if held and seen:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1, "the form was not sent"
    assert held[0].request.post_data and "Kết luận số 50-KL/TW" in held[0].request.post_data
    assert seen == [
        {
            "disabled": True,
            "formBusy": "true",
            "role": "status",
            "text": _vi(
                "Reading the plan… A long document may take a little while; please keep this page open."
            ),
            "spinner": 1,
            "visible": True,
        }
    ]
    held[0].continue_()
    page.wait_for_url(f"{server}/plans/import/*/review/**", wait_until="domcontentloaded", timeout=60_000)
    expect(page.get_by_test_id("review-summary")).to_be_visible()

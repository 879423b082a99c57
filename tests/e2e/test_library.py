"""The library in the browser: an applicant deposits a record with its file and submits it; the
collection's curator returns it with a note, the applicant corrects it and submits again, the
curator publishes it; an anonymous visitor finds it by a query written without diacritics,
narrows by a facet, opens it and downloads its file; on a phone the search fits the screen."""

from __future__ import annotations

from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, PHONE, sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _vi(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


def test_a_record_is_deposited_returned_published_and_found(page, server, actors, tmp_path):
    from khcn.accounts.choices import Role
    from khcn.accounts.services import membership_add, user_create
    from khcn.library import services

    applicant = user_create(actor=None, username="ungvien.lib", full_name="Huỳnh Quốc Bảo", password=PASSWORD)
    membership_add(actor=None, user=applicant, role=Role.APPLICANT)
    collection = services.collection_create(
        actor=None, code="bai-bao", name="Bài báo khoa học", curators=[actors.specialist]
    )
    page.on("dialog", lambda dialog: dialog.accept())

    # The applicant deposits a record and attaches its file.
    sign_in(page, server, applicant.username)
    page.goto(f"{server}/library/")
    page.get_by_test_id("deposit").click()
    form = page.get_by_test_id("record-form")
    form.locator("#id_collection").select_option(label=collection.name)
    form.locator("#id_kind").select_option("article")
    form.locator("#id_title").fill("Phục hồi rừng ngập mặn ven biển Tây")
    form.locator("#id_authors").fill("Lê Hoàng Yến\nPhan Văn Lộc")
    form.locator("#id_issued_year").fill("2025")
    form.locator("#id_keywords").fill("rừng ngập mặn; Cà Mau")
    form.get_by_role("button", name=_vi("Save")).click()
    expect(page.get_by_test_id("record-title")).to_have_text("Phục hồi rừng ngập mặn ven biển Tây")
    pdf = tmp_path / "bai-bao.pdf"
    pdf.write_bytes(PDF)
    files = page.get_by_test_id("file-form")
    files.locator("input[type=file]").set_input_files(str(pdf))
    files.locator("button[type=submit]").click()
    expect(page.get_by_test_id("record-files")).to_contain_text("bai-bao.pdf")
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_test_id("record-status")).to_have_text(_vi("Submitted"))

    # The curator returns it with a note.
    page.context.clear_cookies()
    sign_in(page, server, actors.specialist.username)
    page.get_by_test_id("home-library").get_by_role("link").first.click()
    page.get_by_role("link", name="Phục hồi rừng ngập mặn ven biển Tây").click()
    actions = page.get_by_test_id("record-actions")
    actions.locator("form", has=page.get_by_test_id("step-return")).locator("textarea").fill(
        "Bổ sung năm chính xác."
    )
    page.get_by_test_id("step-return").click()
    expect(page.get_by_test_id("record-status")).to_contain_text(_vi("Returned with a note"))

    # The applicant reads the note, corrects and submits again; the curator publishes.
    page.context.clear_cookies()
    sign_in(page, server, applicant.username)
    page.get_by_test_id("home-library").get_by_role("link", name="Phục hồi", exact=False).click()
    expect(page.get_by_test_id("record-note")).to_have_text("Bổ sung năm chính xác.")
    page.get_by_test_id("record-edit").click()
    page.get_by_test_id("record-form").locator("#id_issued_year").fill("2024")
    page.get_by_test_id("record-form").get_by_role("button", name=_vi("Save")).click()
    page.get_by_test_id("step-submit").click()
    page.context.clear_cookies()
    sign_in(page, server, actors.specialist.username)
    page.goto(f"{server}/library/queue/")
    page.get_by_test_id("queue").get_by_role("link").first.click()
    page.get_by_test_id("step-publish").click()
    expect(page.get_by_test_id("record-status")).to_have_count(0)

    # Anyone finds it without diacritics, narrows by a facet, opens it and downloads the file.
    page.context.clear_cookies()
    page.goto(f"{server}/library/")
    search = page.get_by_test_id("library-search")
    search.locator("input[name=q]").fill("rung ngap man")
    search.get_by_role("button").click()
    results = page.get_by_test_id("library-results")
    expect(results).to_contain_text("Phục hồi rừng ngập mặn ven biển Tây")
    page.get_by_test_id("facets").get_by_role("link", name="2024").click()
    expect(results.locator("li")).to_have_count(1)
    results.get_by_role("link").first.click()
    expect(page.get_by_test_id("record-facts")).to_contain_text("Lê Hoàng Yến")
    with page.expect_download() as download:
        page.get_by_test_id("record-files").get_by_role("link", name="bai-bao.pdf").click()
    assert download.value.suggested_filename == "bai-bao.pdf"

    # On a phone the search page fits the screen.
    page.set_viewport_size(PHONE)
    page.goto(f"{server}/library/?q=rung+ngap+man")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1

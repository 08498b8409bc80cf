"""In chromium: upload a document on "Add documents", find its figure on the Overview, review it on "Review"."""

from __future__ import annotations

import json

import pytest

from harness import StreamlitServer, page_problems, page_url, wait_ready
from lagebild.store.db import current, effective_tables, open_store

pytestmark = pytest.mark.browser

TEXT = ("Weitere nordkoreanische Truppen in Kursk\nNach Angaben des ukrainischen Militärgeheimdienstes hat Nordkorea "
        "weitere 4.321 Soldaten in die russische Region Kursk entsandt. Russland bestritt die Angaben am Mittwoch.\n")


@pytest.fixture
def store_app(browser, tmp_path, monkeypatch):
    """The dashboard on its own fresh SQLite database (seeded from seeds/ on first start)."""
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    monkeypatch.setenv("LAGEBILD_DATABASE_URL", url)
    server = StreamlitServer("dashboard.py")
    yield server, url
    server.stop()


def test_upload_find_on_overview_and_review(store_app, page, guard, tmp_path, screenshots):
    server, url = store_app
    (tmp_path / "kursk.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "kursk.meta.json").write_text(json.dumps({"language": "de", "published": "2025-01-15",
                                                          "source": "Test <i>Agentur</i>"}), encoding="utf-8")
    page.goto(page_url(server.url, "add_documents"))
    wait_ready(page)
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]',
                         [str(tmp_path / "kursk.txt"), str(tmp_path / "kursk.meta.json")])
    page.get_by_role("button", name="Add to the store").click()
    page.get_by_text("Added 1 document(s)").wait_for(timeout=30_000)
    wait_ready(page)
    assert page_problems(page) == []

    page.goto(page_url(server.url, "overview", "?doc=kursk"))  # the uploaded document, by its file name
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    assert "4,321" in main.inner_text() and "Weitere nordkoreanische Truppen in Kursk" in main.inner_text()
    page.screenshot(path=str(screenshots / "store-overview-after-upload.png"))

    figure = next(r for r in effective_tables(open_store(url))["troop_figures"].to_dict("records")
                  if r["value"] == 4321)
    page.goto(page_url(server.url, "review", f"?fact={figure['fact_id']}"))
    wait_ready(page)
    page.get_by_label("Reviewer name").fill("Ana")
    page.get_by_role("button", name="Start reviewing").click()
    page.locator("#lb-target").wait_for(timeout=30_000)
    assert page.locator("#lb-target").inner_text() == figure["quote"]
    page.get_by_role("button", name="Accept").click()
    page.get_by_text("Confirmed: 4,321").wait_for(timeout=30_000)
    done = current(open_store(url), figure["fact_id"])
    assert (done["status"], done["log"][0]["reviewer"]) == ("confirmed", "Ana")

    page.goto(page_url(server.url, "overview", "?doc=kursk&reviewed=1"))
    wait_ready(page)
    text = main.inner_text()
    assert "4,321" in text and "confirmed" in text
    assert page_problems(page) == [] and guard.distinct() == []

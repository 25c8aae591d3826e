"""A programme manager requests an evaluation report, watches it being prepared, downloads it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from improvement_portal.celery import app
from tests.brokers import redis_url, reset_celery_connections
from tests.browser.support import assert_accessible, log_in, screenshot
from tests.factories.reports import engagement, inspection

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_redis(settings):
    """Tasks published to the real Redis (a database of their own) instead of run in-process."""
    settings.CELERY_BROKER_URL = redis_url("reports")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_celery_connections()
    app.connection_for_write().default_channel.client.flushdb()
    yield
    reset_celery_connections()


def test_a_programme_manager_requests_watches_and_downloads_a_report(
    page, live_server, programme_manager, camden, islington, real_redis
):
    from celery.contrib.testing.worker import start_worker

    inspection(camden, date(2017, 6, 1), overall=3, leadership=3)
    inspection(camden, date(2019, 9, 1), overall=2, leadership=2)
    engagement(camden, date(2018, 6, 1), "2")
    engagement(islington, date(2019, 1, 10), "1.5")

    # A real worker on the real Redis, so the page shows the report being prepared.
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        log_in(page, live_server.url, programme_manager.email)
        page.get_by_role("link", name="Reports", exact=True).click()
        assert page.get_by_role("heading", level=1).inner_text() == "Evaluation reports"
        assert_accessible(page)

        page.get_by_label("Period", exact=True).select_option(
            label="April 2018 to March 2020 (the independent evaluation's period)"
        )
        page.get_by_role("button", name="Request the report").click()

        assert page.get_by_text("Your report is being prepared.").is_visible()
        assert page.locator("[data-poll-url]").count() == 1
        download_link = page.get_by_role("link", name="Download the report (PDF)")
        download_link.wait_for(timeout=60_000)  # the progress area refreshes itself

    assert page.get_by_text("councils where advisers spent time").is_visible()
    screenshot(page, "report-ready")
    assert_accessible(page)
    with page.expect_download() as download:
        download_link.click()
    pdf_path = Path(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf_path).pages).split())
    assert "England, 1 April 2018 to 31 March 2020" in text
    assert "2 councils where advisers spent time" in text
    assert "3.5 adviser days" in text
    assert "100.0% of councils improved or maintained" in text
    assert download.value.suggested_filename.endswith(".pdf")

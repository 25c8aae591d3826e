"""render_pdf makes real PDFs and refuses to read anything but the portal's static files."""

from __future__ import annotations

import io

from pypdf import PdfReader

from improvement_portal import pdf


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_renders_a_pdf_with_the_portal_stylesheet():
    fetcher = pdf.StaticOnlyURLFetcher()
    html = '<link rel="stylesheet" href="/static/css/pdf.css"><h1>Leadership report</h1>'
    from weasyprint import HTML

    data = HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=fetcher).write_pdf()

    assert data.startswith(b"%PDF")
    assert "Leadership report" in _text(data)
    assert fetcher.refused == []


def test_refuses_server_files_network_addresses_and_attachments(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("database password")
    html = (
        f'<link rel="attachment" href="file://{secret}">'
        f'<img src="file://{secret}"><img src="http://127.0.0.1:6379/">'
        '<img src="/static/../../etc/passwd"><p>Letter</p>'
    )
    fetcher = pdf.StaticOnlyURLFetcher()
    from weasyprint import HTML

    data = HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=fetcher).write_pdf()

    assert b"database password" not in data
    assert f"file://{secret}" in fetcher.refused
    assert "http://127.0.0.1:6379/" in fetcher.refused
    assert len(fetcher.refused) >= 3


def test_render_pdf_renders_a_template():
    data = pdf.html_to_pdf("<h1>Feedback letter for Camden</h1>")

    assert "Feedback letter for Camden" in _text(data)

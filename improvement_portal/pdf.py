"""PDF rendering with WeasyPrint, which may read nothing but the portal's own static files.

User text ends up in PDFs (letters, report tables), so the fetcher refuses every URL that is
not a static file of the portal: no ``file://`` paths elsewhere, no network, no attachments.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative and root-relative URLs in PDF templates resolve against this base.
BASE_URL = "file:///"
STATIC_PREFIX = "file://" + settings.STATIC_URL  # file:///static/


class StaticOnlyURLFetcher(URLFetcher):
    """Serves ``/static/...`` from the portal's static files and refuses everything else."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %s", url)
            raise ValueError(f"Refused to fetch {url!r}: only the portal's static files")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})

    @staticmethod
    def _static_path(url: str) -> Path | None:
        if not url.startswith(STATIC_PREFIX):
            return None
        relative = url[len(STATIC_PREFIX) :].split("?")[0].split("#")[0]
        if ".." in relative.split("/"):
            return None
        found = finders.find(relative)
        return Path(found) if found else None


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a template to PDF bytes; only the portal's static files can be pulled in."""
    html = render_to_string(template_name, context)
    return html_to_pdf(html)


def html_to_pdf(html: str, *, variant: str | None = None) -> bytes:
    """Turn portal HTML into PDF bytes with the static-only fetcher.

    ``variant`` is one of WeasyPrint's PDF variants, such as ``"pdf/ua-1"`` for a tagged,
    accessible PDF (its language, title and author come from the HTML's ``lang``, ``<title>``
    and ``<meta name="author">``).
    """
    fetcher = StaticOnlyURLFetcher()
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(pdf_variant=variant)

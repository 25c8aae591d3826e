"""Small helpers the course views share."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 20


def paginate(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> dict[str, Any]:
    """A page of items and its elided page range, for ``courses/fragment_pagination.html``."""
    paginator = Paginator(items, per_page)
    page: Page = paginator.get_page(request.GET.get("page"))
    return {
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2)),
    }

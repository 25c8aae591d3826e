"""Small helpers the course views share."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 20


def paginate(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> dict[str, Any]:
    """A page of items, for ``fragment_pagination.html``."""
    paginator = Paginator(items, per_page)
    page: Page = paginator.get_page(request.GET.get("page"))
    return {"page": page}

"""Context that is only computed when a template reads it.

Pages whose content is kept by `{% cached %}` pass their querysets, pages and forms through
these, so that a page served from the fragment cache builds no form and runs no query.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import partial
from typing import Any

from django.utils.functional import SimpleLazyObject


def lazy(build: Callable[[], Any]) -> Any:
    """The value of ``build()``, computed the first time it is used."""
    return SimpleLazyObject(build)


def lazy_context(build: Callable[[], dict[str, Any]], *names: str) -> dict[str, Any]:
    """The named entries of the context ``build`` makes; ``build`` runs at most once."""
    built = SimpleLazyObject(build)
    return {name: SimpleLazyObject(partial(operator.getitem, built, name)) for name in names}

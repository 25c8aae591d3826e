"""Demo data for councils: the real list (Ofsted history is added by the importer)."""

from __future__ import annotations

from councils import services
from improvement_portal.demo import DemoContext


def seed(context: DemoContext) -> str:
    return str(services.load_councils())

"""Demo data for councils: the real list and Ofsted's real published inspection history."""

from __future__ import annotations

from councils import services
from demo import DemoContext


def seed(context: DemoContext) -> str:
    """Load every council and import every Ofsted file shipped with the portal (idempotent)."""
    councils = services.load_councils()
    results = services.import_ofsted_directory()
    failed = [result for result in results if not result.ok]
    if failed:
        problems = "; ".join(str(error) for result in failed for error in result.errors[:3])
        raise RuntimeError(f"The shipped Ofsted files did not import: {problems}")
    added = sum(result.created for result in results)
    return f"{councils}; {added} Ofsted inspections and visits added from {len(results)} files"

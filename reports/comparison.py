"""The comparison group and the uncertainty of each percentage (DESIGN.md, "Comparison group").

"83% of the councils supported improved or maintained their leadership judgement" means little
without the same figure for the councils not supported, and without saying how far chance alone
could move a percentage of a few dozen councils. Like ``reports.metrics``, everything here is a
pure function over data already loaded.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from councils import trajectories
from reports import metrics

# The normal distribution's 97.5th percentile, as statsmodels' proportion_confint uses.
Z_95 = 1.959964
GRADES = (1, 2, 3, 4)
GROUPS = (("engaged", "Engaged"), ("comparison", "Not engaged"))
RESULTS = ("improved", "maintained", "declined", "not_reinspected")


def _one_decimal(value: float | Decimal) -> float:
    return float(Decimal(str(value)).quantize(metrics.ONE_DECIMAL, rounding=ROUND_HALF_UP))


def wilson_interval(successes: int, trials: int, *, z: float = Z_95) -> list[float] | None:
    """The Wilson score interval of ``successes / trials``, in percent to one decimal.

    The closed form of ``proportion_confint(successes, trials, alpha=0.05, method="wilson")``.
    Unlike the textbook p ± z·se interval it stays inside 0 to 100 and does not shrink to a
    point when every council (or none) improved: 5 out of 5 gives 56.6 to 100.0.
    """
    if trials <= 0:
        return None
    share = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (share + z2 / (2 * trials)) / denominator
    half_width = z * math.sqrt(share * (1 - share) / trials + z2 / (4 * trials**2)) / denominator
    low, high = max(0.0, centre - half_width), min(1.0, centre + half_width)
    return [_one_decimal(low * 100), _one_decimal(high * 100)]


def judged(figure: Mapping[str, Any]) -> int:
    """Councils with both a baseline and an outcome: the percentage's denominator."""
    return int(figure["improved"]) + int(figure["maintained"]) + int(figure["declined"])


def with_interval(figure: dict[str, Any]) -> dict[str, Any]:
    """A leadership figure (improved, maintained, declined, …) with its 95% interval added."""
    return {
        **figure,
        "interval_95": wilson_interval(figure["improved"] + figure["maintained"], judged(figure)),
    }


def difference_points(engaged: Mapping[str, Any], comparison: Mapping[str, Any]) -> float | None:
    """Engaged minus not engaged, in percentage points to one decimal, from the exact shares."""
    if not judged(engaged) or not judged(comparison):
        return None
    share = {
        name: Decimal(figure["improved"] + figure["maintained"]) * 100 / judged(figure)
        for name, figure in (("engaged", engaged), ("comparison", comparison))
    }
    return _one_decimal(share["engaged"] - share["comparison"])


def comparison_group(
    totals: Iterable[metrics.EngagementTotal],
    councils: Mapping[int, metrics.CouncilRecord],
    history: trajectories.History,
    *,
    start: datetime.date,
    as_of: datetime.date,
) -> metrics.Metric:
    """Councils in scope operating on ``start`` with no engagement dated in the period.

    Baseline: the latest leadership judgement published on or before ``start``. Outcome: the
    latest published after ``start`` and on or before ``as_of``. Results and the percentage
    as for the councils engaged, with the 95% Wilson interval.
    """
    engaged = {total.council_id for total in totals}
    counts = dict.fromkeys(RESULTS, 0)
    rows = []
    for council in councils.values():
        if council.id in engaged or not council.exists_on(start):
            continue
        trajectory = trajectories.trajectory(
            history.get(council.id, ()), "leadership", since=start, as_of=as_of
        )
        counts[trajectory.result] += 1
        rows.append({**metrics.council_row(council), **metrics.trajectory_cells(trajectory)})
    rows.sort(key=lambda row: (row["council"], row["gss_code"]))
    figure = {
        "councils": len(rows),
        **counts,
        "percent_improved_or_maintained": metrics.percent(
            counts["improved"] + counts["maintained"], judged(counts)
        ),
    }
    return metrics.Metric(figure=with_interval(figure), rows=rows)


def by_baseline_grade(
    engaged_rows: Iterable[Mapping[str, Any]], comparison_rows: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Both groups' results for each leadership grade they started from, best grade first.

    Councils that start lower can only stay or rise, so the groups are compared grade by grade
    too. Councils without a baseline judgement have no grade to start from and are left out.
    """
    grouped = {"engaged": list(engaged_rows), "comparison": list(comparison_rows)}
    rows = []
    for grade in GRADES:
        for key, label in GROUPS:
            counts = dict.fromkeys(RESULTS, 0)
            for row in grouped[key]:
                if row["baseline_grade"] == grade:
                    counts[row["result"]] += 1
            kept = counts["improved"] + counts["maintained"]
            interval = wilson_interval(kept, judged(counts))
            rows.append(
                {
                    "baseline_grade": grade,
                    "group": label,
                    "councils": sum(counts.values()),
                    **counts,
                    "percent_improved_or_maintained": metrics.percent(kept, judged(counts)),
                    "interval_low": interval[0] if interval else None,
                    "interval_high": interval[1] if interval else None,
                }
            )
    return rows

"""`make bench`'s results: each page's first view against the floor's, and the mixed runs.

The figures themselves vary with the machine; what other tools read is the shape.
"""

from __future__ import annotations

from bench import run


def _wrk(rps: float, p50: float = 10.0, p95: float = 20.0, errors: int = 0) -> dict:
    return {"rps": rps, "p50_ms": p50, "p95_ms": p95, "errors": errors}


def _results() -> dict:
    return run.build_results(
        pages=[
            {"name": "dashboard", "url": "/", "role": "principal_adviser", **_wrk(150.0)},
            {"name": "reports list", "url": "/reports/", "role": "programme_manager", **_wrk(50)},
        ],
        floors=[_wrk(100.0), _wrk(300.0), _wrk(200.0)],
        trivials=[_wrk(1000.0)],
        signed_in_floors=[_wrk(90.0, p95=40.0), _wrk(110.0, p95=44.0)],
        queries_small={"dashboard": {"queries": 16}, "reports list": {"queries": 5}},
        queries_large={
            "floor": {"queries": 0, "first_view_ms": 4.0},
            "floor, signed in": {"queries": 3, "first_view_ms": 9.0},
            "dashboard": {"queries": 16, "first_view_ms": 12.0},
            "reports list": {"queries": 5, "first_view_ms": 6.0},
        },
        mixed={
            "mixed, read only": _wrk(120.0, p95=50.0),
            "mixed, one engagement logged a second": _wrk(100.0, p95=60.0, errors=2),
        },
    )


def test_each_page_carries_its_first_view_next_to_the_floors():
    results = _results()

    assert results["floor_first_view_ms"] == 4.0
    dashboard, reports = results["pages"]
    assert (dashboard["first_view_ms"], dashboard["first_view_ratio"]) == (12.0, 3.0)
    assert (reports["first_view_ms"], reports["first_view_ratio"]) == (6.0, 1.5)
    assert results["median_first_view_ratio"] == 2.25
    assert (dashboard["queries_small"], dashboard["queries_scale_1"]) == (16, 16)


def test_the_mixed_runs_are_listed_with_their_ratio_to_the_floor():
    mixed = _results()["mixed"]

    assert [
        set(run) >= {"name", "rps", "p50_ms", "p95_ms", "ratio_to_floor", "errors"} for run in mixed
    ] == [True, True]
    assert [run["name"] for run in mixed] == [
        "mixed, read only",
        "mixed, one engagement logged a second",
    ]
    # Against the median floor of the run: 200 requests/s, p95 20 ms.
    assert [run["ratio_to_floor"] for run in mixed] == [0.6, 0.5]
    assert [run["p95_to_floor"] for run in mixed] == [2.5, 3.0]
    assert [run["errors"] for run in mixed] == [0, 2]


def test_the_floor_for_a_signed_in_person_is_carried_beside_the_floor():
    signed_in = _results()["floor_signed_in"]

    # The median of its two runs, against the run's median floor of 200 requests/s, 4 ms.
    assert (signed_in["rps"], signed_in["ratio_to_floor"]) == (100.0, 0.5)
    assert (signed_in["first_view_ms"], signed_in["first_view_ratio"]) == (9.0, 2.25)
    assert signed_in["queries"] == 3


def test_a_run_without_the_signed_in_floor_still_gives_every_other_figure():
    results = run.build_results(
        pages=[],
        floors=[_wrk(200.0)],
        trivials=[_wrk(1000.0)],
        queries_small={},
        queries_large={"floor": {"queries": 0, "first_view_ms": 4.0}},
        mixed={},
    )

    assert "floor_signed_in" not in results
    assert results["floor"]["rps"] == 200.0

"""python manage.py evaluation_report: the metrics as JSON (a public contract) or the PDF."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command("evaluation_report", *args, stdout=out)
    return json.loads(out.getvalue())


def test_json_has_the_contract_keys_and_the_hand_worked_figures(history):
    figures = run("--start", "2018-04-01", "--end", "2020-03-31")

    for key in [
        "councils_engaged",
        "adviser_days",
        "leadership",
        "comparison",
        "difference_points",
        "ri_or_inadequate",
        "courses",
        "mentoring",
        "peer_challenges",
    ]:
        assert key in figures
    assert "tables" not in figures
    assert figures["councils_engaged"] == 8
    assert figures["adviser_days"] == 11.5
    assert figures["leadership"] == {
        "improved": 2,
        "maintained": 1,
        "declined": 1,
        "not_reinspected": 4,
        "percent_improved_or_maintained": 75.0,
        "interval_95": [30.1, 95.4],
    }
    assert figures["ri_or_inadequate"] == {"at_start": 6, "at_end": 5, "percent_change": -16.7}
    assert figures["period"] == {"start": "2018-04-01", "end": "2020-03-31", "as_of": "2020-03-31"}


def test_as_of_and_region_narrow_the_figures(history):
    figures = run(
        "--start",
        "2018-04-01",
        "--end",
        "2020-03-31",
        "--as-of",
        "2020-12-31",
        "--region",
        "E12900002",
    )

    assert figures["scope"] == {"region": "E12900002", "name": "South"}
    assert figures["councils_engaged"] == 4
    assert figures["leadership"]["improved"] == 1  # Eastwick, re-inspected June 2020
    assert figures["leadership"]["percent_improved_or_maintained"] == 100.0


def test_json_can_be_written_to_a_file(history, tmp_path):
    path = tmp_path / "figures.json"

    call_command(
        "evaluation_report", "--start", "2018-04-01", "--end", "2020-03-31", "--output", str(path)
    )

    assert json.loads(path.read_text())["councils_engaged"] == 8


def test_pdf_is_written_with_the_headline_figures(history, tmp_path):
    path = tmp_path / "evaluation.pdf"

    call_command(
        "evaluation_report",
        "--start",
        "2018-04-01",
        "--end",
        "2020-03-31",
        "--format",
        "pdf",
        "--output",
        str(path),
        stderr=io.StringIO(),
    )

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "8 councils where advisers spent time" in text
    assert "75.0% of councils improved or maintained" in text


def test_json_gives_the_comparison_group_and_the_difference(history):
    south = run("--start", "2018-04-01", "--end", "2020-03-31", "--region", "E12900002")
    south_later = run(
        "--start", "2018-04-01", "--end", "2020-03-31", "--as-of", "2020-12-31",
        "--region", "E12900002",
    )  # fmt: skip

    assert set(south["comparison"]) == {
        "councils",
        "improved",
        "maintained",
        "declined",
        "not_reinspected",
        "percent_improved_or_maintained",
        "interval_95",
    }
    assert south["comparison"]["councils"] == 1  # Farfield
    assert south["comparison"]["interval_95"] == [20.7, 100.0]
    # No South council engaged was re-inspected by the end: null, not 0.
    assert south["leadership"]["interval_95"] is None
    assert south["difference_points"] is None
    assert "null" in json.dumps(south["difference_points"])
    assert south_later["leadership"]["interval_95"] == [20.7, 100.0]
    assert south_later["difference_points"] == 0.0


def test_pdf_gives_the_comparison_figures_and_the_difference(history, tmp_path):
    path = tmp_path / "evaluation.pdf"

    call_command(
        "evaluation_report",
        "--start", "2018-04-01", "--end", "2020-03-31", "--as-of", "2020-12-31",
        "--region", "E12900002", "--format", "pdf", "--output", str(path),
        stderr=io.StringIO(),
    )  # fmt: skip

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "Of the 1 council not engaged that Ofsted has re-inspected since the start" in text
    assert "95% interval 20.7% to 100.0%" in text
    assert "(a difference of 0.0 points)" in text  # the headline
    assert "The two groups did equally well: a difference of 0.0 points." in text
    assert "Comparison group (not engaged)" in text
    assert "Farfield" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2020-04-01", "--end", "2019-03-31"], "--end must be on or after --start"),
        (["--start", "2018-04-01", "--end", "31/03/2020"], "not a date in the form YYYY-MM-DD"),
        (
            ["--start", "2018-04-01", "--end", "2020-03-31", "--as-of", "2019-01-01"],
            "--as-of must be on or after --end",
        ),
        (
            ["--start", "2018-04-01", "--end", "2020-03-31", "--region", "E12999999"],
            "Unknown region",
        ),
        (["--start", "2018-04-01", "--end", "2020-03-31", "--format", "pdf"], "needs --output"),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("evaluation_report", *args, stdout=io.StringIO())

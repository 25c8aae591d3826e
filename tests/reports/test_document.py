"""The report document: a tagged, accessible PDF whose words come from the figures."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from reports import builders, document
from reports.queries import Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(history) -> dict[str, Any]:
    # One region of the hand-built history keeps the tables short (national ones list every
    # real council); the North's four councils were all engaged.
    return builders.build_evaluation(
        Scope(
            start=date(2018, 4, 1),
            end=date(2020, 3, 31),
            as_of=date(2020, 3, 31),
            region=history["Anyshire"].region,
        )
    )


@pytest.fixture
def reader(evaluation) -> PdfReader:
    return PdfReader(io.BytesIO(document.render_evaluation_pdf(evaluation)))


def structure(reader: PdfReader) -> tuple[Counter, list[str]]:
    """Every structure element's type in the tagged PDF, and the figures' text alternatives."""
    kinds: Counter = Counter()
    alternatives: list[str] = []
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        element = pending.pop().get_object()
        if not hasattr(element, "get"):
            continue  # a marked-content id
        kind = element.get("/S")
        if kind:
            kinds[kind] += 1
        if kind == "/Figure":
            alternatives.append(str(element.get("/Alt", "")))
        children = element.get("/K")
        if children is not None:
            pending.extend(children if isinstance(children, list) else [children])
    return kinds, alternatives


def test_the_pdf_is_tagged_with_language_title_and_author(reader):
    root = reader.trailer["/Root"]

    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == (
        "Evaluation of the children's services improvement programme: North, "
        "1 April 2018 to 31 March 2020"
    )
    assert reader.metadata.author == document.AUTHOR


def test_the_structure_tree_has_real_headings_and_table_header_cells(reader):
    kinds, _ = structure(reader)

    assert kinds["/H1"] == 1
    assert kinds["/H2"] >= 9  # summary, the 2018–20 evaluation, headlines, each section
    assert kinds["/H3"] >= 3  # the summary's three parts
    assert kinds["/Table"] >= 10
    assert kinds["/TH"] >= 70  # every column of every table has a header cell
    assert kinds["/Caption"] >= 10


def test_every_chart_has_a_text_alternative_with_its_values(reader):
    _, alternatives = structure(reader)

    assert alternatives
    assert all(alternatives)
    assert (
        "Adviser days by strand: Lead member support 2.5; Intensive support 4.5; "
        "Peer challenge 0; Other 0." in alternatives
    )
    assert any(
        alt.startswith("Leadership improved or maintained: Councils engaged 75.0% of 4 "
                       "re-inspected (95% interval 30.1% to 95.4%)")
        for alt in alternatives
    )  # fmt: skip


def test_the_first_page_is_the_plain_english_summary(reader):
    first = " ".join(reader.pages[0].extract_text().split())

    assert "What the programme delivered" in first
    assert "What changed" in first
    assert "What these figures cannot show" in first
    assert "Advisers spent 7 days with 4 councils" in first
    assert "Every council in scope was engaged in the period" in first
    assert "No Leadership Essentials sessions ran in the period." in first
    assert "Headline figures" not in first  # the summary stands on its own page


def test_figures_with_nothing_behind_them_are_said_in_words(evaluation):
    html = document.render_html(evaluation)
    headlines = {h["label"]: h["figure"] for h in document.headlines(evaluation)}

    assert headlines["No Leadership Essentials sessions ran in the period"] == "None"
    assert headlines["No mentoring match was made in the period"] == "None"
    assert headlines["No peer challenge was completed in the period"] == "None"
    assert "0 sessions" not in html
    assert "No Leadership Essentials sessions ran in the period." in html
    assert "No peer challenge was completed in the period." in html


def test_headlines_of_a_report_made_before_the_comparison_still_show(evaluation):
    older = {k: v for k, v in evaluation.items() if k not in ("comparison", "difference_points")}
    older["leadership"] = {k: v for k, v in evaluation["leadership"].items() if k != "interval_95"}

    labels = [h["label"] for h in document.headlines(older)]

    assert any(label.startswith("of councils improved or maintained") for label in labels)

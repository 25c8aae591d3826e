"""The portal's builtin template tags: one status tag, and summary list rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_a_status_tag_says_its_status_in_words():
    assert render('{{ "Waiting"|status_tag:"yellow" }}') == (
        '<strong class="govuk-tag govuk-tag--yellow">Waiting</strong>'
    )
    assert render("{{ 4|grade_tag }}") == (
        '<strong class="govuk-tag govuk-tag--red">Inadequate</strong>'
    )


def test_a_summary_row_holds_its_key_and_value_in_govuk_markup():
    html = render(
        '{% summary_row "Council\'s name" %}<a href="/c/">{{ name }}</a>{% endsummary_row %}',
        name="Camden & Co",
    )

    assert html == (
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">'
        'Council\'s name</dt><dd class="govuk-summary-list__value">'
        '<a href="/c/">Camden &amp; Co</a></dd></div>'
    )


def test_a_summary_row_key_from_a_variable_is_escaped():
    html = render("{% summary_row key %}x{% endsummary_row %}", key="<b>Key</b>")

    assert '<dt class="govuk-summary-list__key">&lt;b&gt;Key&lt;/b&gt;</dt>' in html


def test_a_summary_row_can_carry_an_id_and_a_change_link():
    html = render(
        '{% summary_row "Notes" id="notes" %}Kept{% summary_actions %}'
        '<a class="govuk-link" href="/change/">Change</a>{% endsummary_row %}'
    )

    assert html == (
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Notes</dt>'
        '<dd class="govuk-summary-list__value" id="notes">Kept</dd>'
        '<dd class="govuk-summary-list__actions"><a class="govuk-link" href="/change/">Change</a>'
        "</dd></div>"
    )


# GOV.UK markup the portal writes in one place only: status_tag (and grade_tag, which calls it)
# writes every tag, and summary_row every summary list row, so a change to either (a colour
# that fails contrast, a row that needs an action column) is made once. No template is allowed
# to write them by hand, so the allow-list is empty; add a path here only with the reason.
SHARED_MARKUP = re.compile(r"govuk-tag\b|govuk-summary-list__(row|key|value|actions)\b")
ALLOWED: dict[str, str] = {}


def template_files() -> list[Path]:
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def test_no_template_writes_a_status_tag_or_summary_row_by_hand():
    files = template_files()
    hand_written = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()[:100]}"
        for path in files
        if str(path.relative_to(settings.BASE_DIR)) not in ALLOWED
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if SHARED_MARKUP.search(line)
    ]

    assert len(files) > 100  # the scan found the portal's templates
    assert hand_written == [], "use {{ label|status_tag:colour }} or {% summary_row %} instead"


TABLE = (
    "{% table %} People {% table_head %}<th>Name</th>"
    "{% table_body %}{% for name in names %}<tr><td>{{ name }}</td></tr>{% endfor %}"
    "{% table_totals %}<th>{{ names|length }} people</th>{% endtable %}"
)


def test_a_table_has_its_caption_head_body_and_totals_in_govuk_markup():
    html = render(TABLE, names=["Ann & Co", "Bo"])

    assert html == (
        '<div class="portal-table-scroll"><table class="govuk-table">'
        '<caption class="govuk-table__caption govuk-table__caption--m">People</caption>'
        '<thead class="govuk-table__head"><tr class="govuk-table__row"><th>Name</th></tr></thead>'
        '<tbody class="govuk-table__body"><tr><td>Ann &amp; Co</td></tr><tr><td>Bo</td></tr>'
        '</tbody><tfoot><tr class="govuk-table__row"><th>2 people</th></tr></tfoot></table></div>'
    )


def test_a_table_without_links_is_a_focusable_region_named_by_its_caption():
    html = render(
        '{% table region="summary" %}Totals{% table_head %}<th>A</th>{% table_body %}{% endtable %}'
    )

    assert html.startswith(
        '<div class="portal-table-scroll" role="region" aria-labelledby="summary-caption"'
        ' tabindex="0"><table class="govuk-table"><caption class="govuk-table__caption'
        ' govuk-table__caption--m" id="summary-caption">Totals</caption>'
    )
    assert "<tfoot>" not in html


@pytest.mark.parametrize(
    "source",
    [
        "{% table %}x{% table_body %}{% table_head %}{% endtable %}",
        "{% table %}x{% table_head %}{% endtable %}",
        '{% table width="2" %}x{% table_head %}{% table_body %}{% endtable %}',
    ],
)
def test_a_table_with_its_parts_out_of_order_is_refused(source):
    with pytest.raises(TemplateSyntaxError):
        Template(source)


@pytest.mark.django_db
def test_rows_are_written_by_jinja2_from_the_page_context_with_text_escaped():
    from django.core.paginator import Paginator

    from tests.factories.councils import CouncilFactory

    council = CouncilFactory(name="<script>Camden</script>")
    council.latest_overall, council.latest_leadership = 4, None
    council.latest_overall_published_on = None
    page = Paginator([council], 50).page(1)

    html = render('{% rows "councils/council_rows.html" %}', page=page)

    assert "&lt;script&gt;Camden&lt;/script&gt;" in html and "<script>" not in html
    assert f'href="{council.get_absolute_url()}"' in html
    assert '<strong class="govuk-tag govuk-tag--red">Inadequate</strong>' in html
    assert "No judgement" in html and "Not yet inspected" in html

"""The portal's builtin template tags: one status tag, and summary list rows."""

from __future__ import annotations

import pytest
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

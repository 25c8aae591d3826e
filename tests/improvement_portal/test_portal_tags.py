"""The portal's builtin template tags: one status tag, and summary list rows."""

from __future__ import annotations

from django.template import Context, Template


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

"""Template helpers used across the portal (loaded as a builtin)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import template
from django.forms import BoundField
from django.template import engines
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

GRADE_LABELS = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}
GRADE_COLOURS = {1: "green", 2: "turquoise", 3: "yellow", 4: "red"}


@register.filter
def grade_tag(grade: int | None) -> str:
    """An Ofsted grade as a GOV.UK tag whose text, not only its colour, says the grade."""
    if grade is None:
        return mark_safe('<span class="govuk-hint govuk-!-margin-0">No judgement</span>')
    return status_tag(GRADE_LABELS[grade], GRADE_COLOURS[grade])


@register.filter
def status_tag(label: str, colour: str = "grey") -> str:
    """A status as a GOV.UK tag with its text: the one place the portal writes a tag."""
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)


@register.filter
def days(value: float | Decimal | None) -> str:
    """Adviser days with their unit: "1 day", "2.5 days"."""
    if value is None:
        return "0 days"
    number = f"{float(value):g}"
    return f"{number} day" if float(value) == 1 else f"{number} days"


@register.filter
def filter_field_group(field: BoundField) -> str:
    """A filter's field as its GOV.UK form group: filters are all optional, so no "(optional)"."""
    return field.render(context={"field": field, "filter_field": True})


@register.simple_tag(takes_context=True)
def rows(context: template.Context, template_name: str) -> str:
    """A long table's rows, written by Jinja2 from the page's context: ``{% rows "x_rows.html" %}``
    in a ``{% table_body %}``. Fifty rows of links, dates and tags took Django's template
    language several times the rest of the page; the rows template is in jinja2/."""
    rows_template = engines["jinja2"].get_template(template_name)
    values = cast(dict[str, Any], context.flatten())  # the page's names, all strings
    return mark_safe(rows_template.render(values))  # escaped by Jinja2


@register.simple_tag
def page_numbers(page: Any) -> list[int | str]:
    """The page numbers to offer around the current page, with ellipses for long runs."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


class SummaryRowNode(template.Node):
    def __init__(
        self,
        key: FilterExpression,
        value: NodeList,
        actions: NodeList | None = None,
        value_id: FilterExpression | None = None,
    ) -> None:
        self.key = key
        self.value = value
        self.actions = actions
        self.value_id = value_id

    def render(self, context: template.Context) -> str:
        value_id = self.value_id.resolve(context) if self.value_id else ""
        actions = ""
        if self.actions is not None:
            actions = format_html(
                '<dd class="govuk-summary-list__actions">{}</dd>',
                mark_safe(self.actions.render(context)),  # rendered (and escaped) by the template
            )
        return format_html(
            '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
            '<dd class="govuk-summary-list__value"{}>{}</dd>{}</div>',
            self.key.resolve(context),
            format_html(' id="{}"', value_id) if value_id else "",
            mark_safe(self.value.render(context)),  # rendered (and escaped) by the template
            actions,
        )


@register.tag
def summary_row(parser: Parser, token: Token) -> SummaryRowNode:
    """A GOV.UK summary list row: ``{% summary_row "Status" %}{{ value }}{% endsummary_row %}``.

    The key is a string or a variable; what lies between the tags is the row's value. An
    ``id="..."`` after the key names the value (for a link or a test to find it), and a
    ``{% summary_actions %}`` part before the end holds the row's links, such as "Change".
    """
    bits = token.split_contents()
    value_id = None
    if len(bits) == 3 and bits[2].startswith("id="):
        value_id = parser.compile_filter(bits[2].removeprefix("id="))
    elif len(bits) != 2:
        raise template.TemplateSyntaxError(
            'summary_row takes the row\'s key, and optionally id="..."'
        )
    value = parser.parse(("summary_actions", "endsummary_row"))
    actions = None
    if parser.next_token().contents == "summary_actions":
        actions = parser.parse(("endsummary_row",))
        parser.delete_first_token()
    return SummaryRowNode(parser.compile_filter(bits[1]), value, actions, value_id)


TABLE_SECTIONS = ("table_head", "table_body", "table_totals")


class TableNode(template.Node):
    def __init__(self, sections: dict[str, NodeList], region: FilterExpression | None) -> None:
        self.sections = sections
        self.region = region

    def render(self, context: template.Context) -> str:
        parts = {
            name: mark_safe(nodes.render(context).strip()) for name, nodes in self.sections.items()
        }
        region = self.region.resolve(context) if self.region else ""
        # A table without links or buttons is scrolled from the keyboard: the region takes the focus.
        scroll = (
            format_html(
                '<div class="portal-table-scroll" role="region" aria-labelledby="{}-caption"'
                ' tabindex="0">',
                region,
            )
            if region
            else mark_safe('<div class="portal-table-scroll">')
        )
        totals = parts.get("table_totals")
        return format_html(
            '{}<table class="govuk-table">'
            '<caption class="govuk-table__caption govuk-table__caption--m"{}>{}</caption>'
            '<thead class="govuk-table__head"><tr class="govuk-table__row">{}</tr></thead>'
            '<tbody class="govuk-table__body">{}</tbody>{}</table></div>',
            scroll,
            format_html(' id="{}-caption"', region) if region else "",
            parts["caption"],
            parts["table_head"],
            parts["table_body"],
            format_html('<tfoot><tr class="govuk-table__row">{}</tr></tfoot>', totals)
            if totals
            else "",
        )


@register.tag
def table(parser: Parser, token: Token) -> TableNode:
    """A GOV.UK table in its own scroll region, with a caption and an optional totals row.

    ``{% table %}Caption{% table_head %}<th ...>{% table_body %}<tr ...>{% table_totals %}
    <th scope="row" ...>{% endtable %}``: the head and totals are the cells of one row each,
    the body its rows. ``{% table region="summary" %}`` makes the scroll region focusable
    (for a table without links), labelled by its caption (given the id "summary-caption").
    """
    bits = token.split_contents()[1:]
    region = None
    for bit in bits:
        name, _, value = bit.partition("=")
        if name != "region" or not value:
            raise template.TemplateSyntaxError('table takes one optional argument: region="id"')
        region = parser.compile_filter(value)
    sections: dict[str, NodeList] = {}
    current, expected = "caption", list(TABLE_SECTIONS)
    while True:
        sections[current] = parser.parse((*TABLE_SECTIONS, "endtable"))
        tag = parser.next_token().contents
        if tag == "endtable":
            break
        if not expected or tag != expected.pop(0):
            raise template.TemplateSyntaxError(
                f"a table's parts come once, in the order {TABLE_SECTIONS}"
            )
        current = tag
    if "table_body" not in sections:
        raise template.TemplateSyntaxError("a table needs {% table_head %} and {% table_body %}")
    return TableNode(sections, region)

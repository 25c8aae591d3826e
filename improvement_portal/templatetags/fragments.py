"""`{% cached %}`: a fragment rendered once per data version, user, five minutes and the values given.

    {% cached "engagement-table" request.get_full_path %} … {% endcached %}

The key always includes the data version (improvement_portal/freshness.py), the signed-in
user and the current five minutes, so a fragment is never shown after the data under it has
changed or to another person, and what depends on the clock ("upcoming", "overdue", "today")
is at most five minutes behind it. Pass whatever else the fragment depends on: the query
string, a role, an object's id. The querysets inside are lazy, so a hit runs none of them.
A fragment may not hold a CSRF token: that belongs to one browser, not to one person.
"""

from __future__ import annotations

import hashlib

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token, VariableNode
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe

from improvement_portal import freshness

register = template.Library()


class CachedNode(template.Node):
    def __init__(self, nodelist: NodeList, name: FilterExpression, vary_on: list[FilterExpression]):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context: template.Context) -> SafeString | str:
        request = context.get("request")
        # Only what a GET shows is kept: a form sent back with its errors is one person's draft.
        if getattr(request, "method", None) not in ("GET", "HEAD"):
            return self.nodelist.render(context)
        user = getattr(request, "user", None)
        parts = [
            self.name.resolve(context),
            getattr(user, "pk", None),
            *(value.resolve(context) for value in self.vary_on),
        ]
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()
        html = freshness.remembered(
            f"fragment:{digest}",
            lambda: str(self.nodelist.render(context)),
            # A token rendered by something the fragment includes would go stale for others.
            keep=lambda html: "csrfmiddlewaretoken" not in html,
        )
        return mark_safe(html)  # noqa: S308 - the fragment was rendered by the template engine


@register.tag("cached")
def do_cached(parser: Parser, token: Token) -> CachedNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'cached' needs a fragment name")
    nodelist = parser.parse(("endcached",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode) or any(
        str(node.filter_expression.var).split(".")[0] == "csrf_token"
        for node in nodelist.get_nodes_by_type(VariableNode)
    ):
        raise template.TemplateSyntaxError("a cached fragment may not hold a CSRF token")
    return CachedNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )

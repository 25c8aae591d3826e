"""`{% council_section %}`: another area's section drawn inside the council page's context."""

from __future__ import annotations

from django.template import Context, Engine

ENGINE = Engine(
    loaders=[
        (
            "django.template.loaders.locmem.Loader",
            {
                "page.html": (
                    "{% load council_sections %}"
                    "<main>{% for section in sections %}{% council_section section %}{% endfor %}"
                    "</main>after: {{ matches|default:'none' }}"
                ),
                "area/section.html": "<p>{{ matches }} matches for {{ user_name }}</p>",
            },
        )
    ],
    libraries={"council_sections": "councils.templatetags.council_sections"},
)


def test_a_section_sees_the_pages_context_and_its_own():
    section = {"template": "area/section.html", "context": {"matches": 3}}

    html = ENGINE.get_template("page.html").render(
        Context({"sections": [section], "user_name": "Amina Okafor"})
    )

    assert "<p>3 matches for Amina Okafor</p>" in html


def test_a_sections_context_ends_with_the_section():
    sections = [
        {"template": "area/section.html", "context": {"matches": 3}},
        {"template": "area/section.html", "context": {"matches": 0}},
    ]

    html = ENGINE.get_template("page.html").render(
        Context({"sections": sections, "user_name": "Amina Okafor"})
    )

    assert html.count("matches for Amina Okafor") == 2
    assert "<p>0 matches" in html
    assert html.endswith("after: none")


def test_a_sections_values_are_escaped_like_the_pages():
    section = {"template": "area/section.html", "context": {"matches": "<script>"}}

    html = ENGINE.get_template("page.html").render(
        Context({"sections": [section], "user_name": "O'Brien & Co"})
    )

    assert "&lt;script&gt; matches for O&#x27;Brien &amp; Co" in html

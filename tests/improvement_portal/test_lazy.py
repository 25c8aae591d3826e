"""Context computed only when a template reads it, and then only once."""

from __future__ import annotations

from django.template import Context, Template

from improvement_portal.lazy import lazy, lazy_context


class Builder:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict:
        self.calls += 1
        return {"rows": ["Camden", "Leeds"], "total": 2}


def test_nothing_is_built_when_the_template_does_not_read_it():
    build = Builder()

    Template("{% if False %}{{ rows }}{% endif %}").render(Context(lazy_context(build, "rows")))

    assert build.calls == 0


def test_every_entry_comes_from_one_build():
    build = Builder()
    context = lazy_context(build, "rows", "total")

    html = Template("{% for row in rows %}{{ row }} {% endfor %}of {{ total }}").render(
        Context(context)
    )

    assert html == "Camden Leeds of 2"
    assert build.calls == 1


def test_a_lazy_value_is_built_once_however_often_it_is_read():
    build = Builder()
    value = lazy(build)

    html = Template("{{ value.total }} {{ value.total }}").render(Context({"value": value}))

    assert html == "2 2"
    assert build.calls == 1

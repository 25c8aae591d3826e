"""Dependencies point one way (docs/architecture.md): reports reads every app and nothing imports
reports; a model module imports no permission or query module; no module-level import cycle."""

from __future__ import annotations

import ast
import graphlib
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
RULE_MODULES = {"permissions", "queries"}


def portal_apps() -> list[str]:
    return [
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT
    ]


def modules() -> dict[str, ast.Module]:
    """Every module of the portal's apps (migrations left out), by dotted name."""
    found = {}
    for app in portal_apps():
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            found[".".join(parts)] = ast.parse(path.read_text(), str(path))
    return found


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports(tree: ast.Module, *, module_level: bool, known: set[str]) -> Iterator[str]:
    """The modules a module imports: everywhere in it, or only as it is first run."""
    if module_level:
        nodes: list[ast.AST] = []
        pending: list[ast.AST] = list(tree.body)
        while pending:
            node = pending.pop(0)
            if _is_type_checking(node):
                continue
            nodes.append(node)
            if isinstance(node, ast.If | ast.Try | ast.With):
                pending.extend(ast.iter_child_nodes(node))
    else:
        nodes = list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                yield submodule if submodule in known else node.module


def test_no_model_module_imports_a_permission_or_query_module():
    found = modules()
    breaches = [
        f"{name} imports {target}"
        for name, tree in found.items()
        if name.split(".")[1:2] == ["models"]
        for target in imports(tree, module_level=False, known=set(found))
        if target.split(".")[-1] in RULE_MODULES
    ]

    assert breaches == []


def test_no_app_imports_reports():
    found = modules()
    breaches = [
        f"{name} imports {target}"
        for name, tree in found.items()
        if name.split(".")[0] != "reports"
        for target in imports(tree, module_level=False, known=set(found))
        if target.split(".")[0] == "reports"
    ]

    assert breaches == []


def a_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One loop of modules importing each other, or [] if there is none."""
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        return error.args[1]
    return []


def test_no_module_level_import_cycle():
    found = modules()
    graph = {
        name: {
            target
            for target in imports(tree, module_level=True, known=set(found))
            if target in found and target != name
        }
        for name, tree in found.items()
    }

    assert a_cycle(graph) == []


def test_the_checks_see_a_breach_when_there_is_one():
    tree = ast.parse("from advisers import permissions\nimport reports.queries\n")

    assert list(imports(tree, module_level=True, known={"advisers.permissions"})) == [
        "advisers.permissions",
        "reports.queries",
    ]
    loop = a_cycle({"a.services": {"a.tasks"}, "a.tasks": {"a.services"}, "b": {"a.tasks"}})
    assert set(loop) == {"a.services", "a.tasks"}

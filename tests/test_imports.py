"""No module imports a module that imports it back, directly or round a loop.

``make test``'s import contracts (``pyproject.toml``) keep the layers apart; this keeps every
package's modules in one direction among themselves, imports for type checking included, so
a module can be read (and loaded) after the ones it uses. The fake Telegram once had such a
loop (client ↔ server ↔ harness ↔ views); ``fake_telegram.hub`` is how it was broken.
"""

from __future__ import annotations

import grimp
import pytest

PACKAGES = ("bot", "storage", "fake_telegram", "bench")


def cycles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """The groups of the package's modules that import each other round a loop (Tarjan)."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    inside = set(modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & inside) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_loops(package: str) -> None:
    graph = grimp.build_graph(package)
    loops = cycles(graph, package)
    described = [
        " ↔ ".join(group)
        + "\n"
        + "\n".join(
            f"    {importer} imports {imported} (line "
            + ", ".join(
                str(detail["line_number"])
                for detail in graph.get_import_details(importer=importer, imported=imported)
            )
            + ")"
            for importer in group
            for imported in sorted(graph.find_modules_directly_imported_by(importer))
            if imported in group
        )
        for group in loops
    ]
    assert not loops, "Modules that import each other:\n" + "\n".join(described)


def test_a_loop_is_found() -> None:
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.d"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    graph.add_import(importer="pkg.d", imported="pkg.a")
    assert cycles(graph, "pkg") == [["pkg.a", "pkg.b", "pkg.c"]]

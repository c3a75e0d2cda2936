"""The provcheck package's module import graph has no cycle.

Every module under ``provcheck/`` is parsed with :mod:`ast` (nothing is imported). An
edge ``m -> n`` is any import of provcheck module ``n`` that ``m`` runs: at module
level or inside a function, class or ``try``. Imports under ``if TYPE_CHECKING:`` are
left out, since they never run. Relative imports are resolved against the importing
module; ``from X import name`` points at submodule ``X.name`` when such a module
exists, else at ``X`` itself (the nearest provcheck module that exists).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "provcheck"
Graph = Mapping[str, set[str]]


def module_name(path: Path, package: Path) -> str:
    """``provcheck/render/html.py`` -> ``provcheck.render.html``; a package's
    ``__init__.py`` is named after the package."""
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules(package: Path) -> dict[str, Path]:
    """Every module of ``package``, by dotted name."""
    return {module_name(p, package): p for p in sorted(package.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Import statements anywhere in ``tree`` except under ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for other in node.orelse:
                yield from _runtime_imports_of(other)
            continue
        yield from _runtime_imports_of(node)


def _runtime_imports_of(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    yield from _runtime_imports(node)


def imports_of(name: str, path: Path, modules: Mapping[str, Path]) -> set[str]:
    """The modules of ``modules`` that module ``name`` (the file ``path``) imports."""

    def known(dotted: str) -> str | None:
        # `import provcheck.render.html.x` or a name inside a module: the nearest module
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out: set[str | None] = set()
    for node in _runtime_imports(tree):
        if isinstance(node, ast.Import):
            out.update(known(alias.name) for alias in node.names)
            continue
        if node.level:
            base_parts = here[: len(here) - (node.level - 1)]
            base = ".".join([*base_parts, *([node.module] if node.module else [])])
        else:
            base = node.module or ""
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            out.add(sub if sub in modules else known(base))
    return {m for m in out if m is not None and m != name}


def import_graph(package: Path) -> dict[str, set[str]]:
    modules = package_modules(package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycles(graph: Graph, limit: int = 1000) -> list[list[str]]:
    """The elementary cycles of ``graph`` (at most ``limit`` of them), each as
    ``[m, ..., m]`` starting at its smallest module name; shortest first. Self-imports
    count as cycles."""
    nodes = sorted(graph)
    cycles: list[list[str]] = []
    for k, start in enumerate(nodes):
        allowed = set(nodes[k:])  # a cycle is found once, from its smallest node
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    cycles.append([*path, start])
                    if len(cycles) >= limit:
                        return sorted(cycles, key=lambda c: (len(c), c))
                elif nxt in allowed and nxt not in path:
                    stack.append((nxt, [*path, nxt]))
    return sorted(cycles, key=lambda c: (len(c), c))


def test_provcheck_has_no_import_cycle() -> None:
    graph = import_graph(PACKAGE)
    assert len(graph) > 10 and "provcheck.cli.app" in graph  # the package was found and parsed
    cycles = find_cycles(graph)
    if cycles:
        shown = "\n".join("  " + " -> ".join(c) for c in cycles[:40])
        more = f"\n  ... and {len(cycles) - 40} more" if len(cycles) > 40 else ""
        pytest.fail(f"{len(cycles)} import cycle(s) in provcheck:\n{shown}{more}")


# --- self-tests of the graph builder and the cycle finder --------------------------


def test_find_cycles_on_a_synthetic_graph() -> None:
    graph = {
        "a": {"b"},
        "b": {"c", "d"},
        "c": {"a"},  # a -> b -> c -> a
        "d": {"e"},
        "e": {"d"},  # d <-> e
        "f": {"a", "f"},  # a self-import
        "g": set(),
    }
    assert find_cycles(graph) == [["f", "f"], ["d", "e", "d"], ["a", "b", "c", "a"]]


def test_find_cycles_reports_each_cycle_once_and_none_in_a_dag() -> None:
    assert find_cycles({"a": {"b", "c"}, "b": {"c"}, "c": set(), "d": {"a"}}) == []
    # two cycles sharing the edge a -> b; neither is repeated from another start
    two = find_cycles({"a": {"b"}, "b": {"a", "c"}, "c": {"a"}})
    assert two == [["a", "b", "a"], ["a", "b", "c", "a"]]


def test_import_graph_resolves_relative_lazy_and_type_checking_imports(
    tmp_path: Path,
) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from .core import thing\n",
        "core.py": (
            "from typing import TYPE_CHECKING\n"
            "import os\n"
            "if TYPE_CHECKING:\n"
            "    from .sub import late\n"  # never runs: no edge
            "def f():\n"
            "    from . import util\n"  # a submodule, imported lazily
            "    return util\n"
            "thing = 1\n"
        ),
        "util.py": "from . import thing\n",  # a name of the package: edge to pkg
        "sub/__init__.py": "from .. import util\nfrom .late import x\n",
        "sub/late.py": "import pkg.core\nfrom pkg.sub import late\nx = 1\n",
    }
    for rel, text in files.items():
        (pkg / rel).write_text(text, encoding="utf-8")
    assert import_graph(pkg) == {
        "pkg": {"pkg.core"},
        "pkg.core": {"pkg.util"},
        "pkg.util": {"pkg"},
        "pkg.sub": {"pkg.util", "pkg.sub.late"},
        "pkg.sub.late": {"pkg.core"},  # its import of itself is no edge
    }
    assert find_cycles(import_graph(pkg)) == [["pkg", "pkg.core", "pkg.util", "pkg"]]


# --- the floors: which folder may import which ---------------------------------------

#: The ground floor every floor stands on: records, errors, tuned numbers, the version.
GROUND = ("models", "errors", "calibration", "version")
#: The floors from the bottom up; each may import the ground and the floors below it,
#: never one above. ``pipeline`` wires ingest, verdict and facts; collection and cli
#: read it. ``serve`` (the web app and API) stands on everything below it; only ``cli``
#: imports it.
FLOORS = ("language", "ingest", "verdict", "facts", "pipeline", "collection", "render",
          "serve", "cli")


def floor_of(module: str) -> str | None:
    """``provcheck.verdict.links`` -> ``verdict``; the package itself has no floor."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def breaches(graph: Graph) -> list[str]:
    """Every import that goes up a floor (lazy ones included), as ``m -> n``."""
    out = []
    for module, targets in sorted(graph.items()):
        here = floor_of(module)
        if here is None or here not in (*GROUND, *FLOORS):
            continue  # the package's public API re-exports every floor; homeless: below
        below = () if here in GROUND else FLOORS[: FLOORS.index(here) + 1]
        allowed = {*GROUND, *below}
        out += [f"{module} -> {t}" for t in sorted(targets) if floor_of(t) not in allowed]
    return out


def test_every_module_stands_on_a_floor() -> None:
    graph = import_graph(PACKAGE)
    homeless = sorted(m for m in graph if m != "provcheck"
                      and floor_of(m) not in (*GROUND, *FLOORS))
    assert not homeless, f"modules on no floor (add them to one): {homeless}"


def test_no_floor_imports_one_above_it() -> None:
    found = breaches(import_graph(PACKAGE))
    assert not found, "imports that go up a floor:\n  " + "\n  ".join(found)


def test_the_ground_floor_imports_nothing_of_ours() -> None:
    graph = import_graph(PACKAGE)
    for name in GROUND:
        ours = {t for t in graph[f"provcheck.{name}"] if floor_of(t) != name}
        assert not ours, (name, ours)


def test_the_floor_rule_catches_a_lazy_import_up(tmp_path: Path) -> None:
    pkg = tmp_path / "provcheck"
    (pkg / "language").mkdir(parents=True)
    (pkg / "cli").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "models.py").write_text("")
    (pkg / "language" / "__init__.py").write_text("")
    (pkg / "cli" / "__init__.py").write_text("")
    (pkg / "cli" / "app.py").write_text("from ..language import words\n")  # down: fine
    (pkg / "language" / "words.py").write_text(
        "from ..models import x\n"
        "def f():\n    from ..cli import app\n    return app\n"  # up, lazily: a breach
    )
    assert breaches(import_graph(pkg)) == ["provcheck.language.words -> provcheck.cli.app"]


def _calls(tree: ast.AST) -> Iterator[str]:
    """Dotted names of the things called or raised in ``tree`` (``sys.exit``, ``print``)."""
    for node in ast.walk(tree):
        target = node.func if isinstance(node, ast.Call) else (
            node.exc if isinstance(node, ast.Raise) else None)
        if isinstance(target, ast.Call):
            target = target.func
        parts: list[str] = []
        while isinstance(target, ast.Attribute):
            parts.append(target.attr)
            target = target.value
        if isinstance(target, ast.Name):
            yield ".".join([target.id, *reversed(parts)])


def test_only_the_cli_prints_or_exits() -> None:
    forbidden = {"print", "sys.exit", "exit", "quit", "os._exit", "SystemExit", "typer.Exit",
                 "typer.echo", "typer.secho", "click.echo"}
    found = []
    for name, path in package_modules(PACKAGE).items():
        if floor_of(name) == "cli":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{name}: {c}" for c in _calls(tree) if c in forbidden]
    assert not found, found

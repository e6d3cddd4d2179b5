"""The shape of the package, read from its source with `ast` (nothing is imported):

* no import cycles between modules of `annotator` (imports under `TYPE_CHECKING` and inside
  functions count too: they are the same dependency, only deferred);
* Qt (PySide6) only in `annotator/ui/`: the core runs without a display;
* SQL only in `annotator/store/`: no `sqlite3` import and no SQL statement anywhere else.

A failure names the file and line, and a cycle is shown as a chain, a → b → a.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "annotator"
SOURCE = Path(__file__).resolve().parents[1] / PACKAGE


@dataclass(frozen=True)
class Module:
    name: str          # dotted: annotator.ui.main_window (a package is its __init__)
    path: str          # as shown in a failure: annotator/ui/main_window.py
    tree: ast.Module


def modules(root: Path = SOURCE, package: str = PACKAGE) -> dict[str, Module]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        found[name] = Module(name, path.relative_to(root.parent).as_posix(),
                             ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


def where(module: Module, node: ast.AST) -> str:
    return f"{module.path}:{node.lineno}"


# -- (a) import cycles --------------------------------------------------------------------

def imported_modules(module: Module, known: set[str]) -> Iterator[tuple[str, ast.AST]]:
    """Every module of the package that `module` imports, wherever the import statement is
    (top level, `if TYPE_CHECKING:`, a function body), with the statement."""
    is_package = module.path.endswith("/__init__.py")
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _known_prefix(alias.name, known)
                if target:
                    yield target, node
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.name.split(".")
                if not is_package:
                    anchor.pop()
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                target = submodule if submodule in known else _known_prefix(base, known)
                if target:
                    yield target, node


def _known_prefix(dotted: str, known: set[str]) -> str | None:
    parts = dotted.split(".")
    while parts:
        if ".".join(parts) in known:
            return ".".join(parts)
        parts.pop()
    return None


def import_graph(found: dict[str, Module]) -> tuple[dict[str, set[str]], dict[tuple[str, str], str]]:
    """Module → modules it imports, and where each edge's first import statement is."""
    graph: dict[str, set[str]] = {name: set() for name in found}
    lines: dict[tuple[str, str], str] = {}
    for name, module in found.items():
        for target, node in imported_modules(module, set(found)):
            if target != name:
                graph[name].add(target)
                lines.setdefault((name, target), where(module, node))
    return graph, lines


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of nodes that all reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def shortest_cycle(graph: dict[str, set[str]], start: str, members: set[str]) -> list[str]:
    """The shortest chain start → … → start inside one knot (breadth first)."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while start not in came_from:
        following = []
        for node in frontier:
            for successor in sorted(graph[node] & members):
                if successor not in came_from:
                    came_from[successor] = node
                    following.append(successor)
        frontier = following
    chain = [start]
    while len(chain) == 1 or chain[-1] != start:
        chain.append(came_from[chain[-1]])
    return chain[::-1]


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles as chains [a, b, a]: for every module in a knot of modules that import
    each other, the shortest cycle through it (each cycle once, starting at its first name)."""
    cycles: list[list[str]] = []
    for group in strongly_connected(graph):
        if len(group) < 2:
            continue
        for start in group:
            ring = shortest_cycle(graph, start, set(group))[:-1]
            first = ring.index(min(ring))
            ring = ring[first:] + ring[:first]
            if ring + ring[:1] not in cycles:
                cycles.append(ring + ring[:1])
    return cycles


def describe(cycle: list[str], lines: dict[tuple[str, str], str]) -> str:
    edges = ", ".join(lines[a, b] for a, b in zip(cycle, cycle[1:]))
    return f"{' → '.join(cycle)}\n    ({edges})"


def test_cycle_finder_finds_a_planted_cycle():
    graph = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": set(), "e": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_deferred_imports_count_as_edges(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "window.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.panel import Panel\n")
    (package / "panel.py").write_text("def make():\n    from . import window\n")
    graph, _ = import_graph(modules(package, "pkg"))
    assert find_cycles(graph) == [["pkg.panel", "pkg.window", "pkg.panel"]]


def test_no_import_cycles():
    graph, lines = import_graph(modules())
    cycles = find_cycles(graph)
    assert not cycles, "modules import each other:\n  " + "\n  ".join(
        describe(cycle, lines) for cycle in cycles)


# -- (b) Qt only in the window --------------------------------------------------------------

QT_MODULES = ("PySide6", "shiboken6")


def imports_of(module: Module, roots: tuple[str, ...]) -> list[str]:
    """Where `module` imports a top-level package named in `roots` (or a submodule of it)."""
    hits = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        hits += [f"{where(module, node)}: {name}" for name in names if name.split(".")[0] in roots]
    return hits


def outside(subpackage: str) -> list[Module]:
    return [m for m in modules().values() if not m.name.startswith(f"{PACKAGE}.{subpackage}")]


def test_qt_is_imported_only_in_the_ui_package():
    hits = [hit for module in outside("ui") for hit in imports_of(module, QT_MODULES)]
    assert not hits, "Qt outside annotator/ui/:\n  " + "\n  ".join(hits)


# -- (c) SQL only in the store --------------------------------------------------------------

SQL_DRIVERS = ("sqlite3",)
SQL_START = re.compile(
    r"\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|END|ROLLBACK|"
    r"SAVEPOINT|RELEASE|WITH|VACUUM|ATTACH|DETACH|ANALYZE|REINDEX|EXPLAIN)\b", re.IGNORECASE)


def is_sql(text: str) -> bool:
    """A string that starts with an SQL keyword (any case, after whitespace) and is a
    statement: the keyword written in capitals, as SQL is written here, or text that SQLite
    itself parses. ("Select some text first" and "Delete label" start with a keyword but are
    English: SQLite rejects them as syntax errors; a lone lower-case "end" is a dict key.)"""
    start = SQL_START.match(text)
    if start is None:
        return False
    if start.group(1).isupper():
        return True
    if len(text.split()) < 2:
        return False                         # a lone "end" or "commit" is a word, not a statement
    with closing(sqlite3.connect(":memory:")) as conn:
        try:
            conn.execute(f"EXPLAIN {text}")  # EXPLAIN compiles the statement, never runs it
        except sqlite3.ProgrammingError:
            return True                      # parsed; it wants parameters, or is a script
        except sqlite3.Error as exc:
            return not re.search(r"syntax error|incomplete input|unrecognized token", str(exc))
    return True


def string_literals(module: Module) -> Iterator[tuple[str, ast.AST]]:
    """Every string literal but docstrings; an f-string with its holes filled by `x`."""
    docstrings = {id(node.body[0].value) for node in ast.walk(module.tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    in_fstrings = {id(part) for node in ast.walk(module.tree) if isinstance(node, ast.JoinedStr)
                   for part in node.values}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.JoinedStr):
            yield "".join(part.value if isinstance(part, ast.Constant) else "x"
                          for part in node.values), node
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in docstrings and id(node) not in in_fstrings):
            yield node.value, node


def test_is_sql_tells_statements_from_english():
    assert all(map(is_sql, ["SELECT id FROM spans", "  insert into t(a) values (?)", "PRAGMA foreign_keys = ON",
                            "begin immediate", "update t set a = 1 where id = ?", "COMMIT"]))
    assert not any(map(is_sql, ["Select some text (or click a span) first.", "Delete label",
                                "Delete x “x”", "Update available", "Selected: 3 spans", "end"]))


def test_sqlite_is_used_only_in_the_store():
    hits = [hit for module in outside("store") for hit in imports_of(module, SQL_DRIVERS)]
    assert not hits, "sqlite3 outside annotator/store/:\n  " + "\n  ".join(hits)


def test_sql_statements_are_only_in_the_store():
    hits = [f"{where(module, node)}: {' '.join(text.split())[:70]!r}"
            for module in outside("store") for text, node in string_literals(module) if is_sql(text)]
    assert not hits, "SQL outside annotator/store/:\n  " + "\n  ".join(hits)

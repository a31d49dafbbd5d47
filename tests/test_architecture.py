"""The layering that docs/architecture.md describes, asserted on the code itself.

The import graph of ``sladoc`` is built with ``ast`` from every import statement, those
inside functions included (an import put in a function to hide a circle is still a
circle); imports under ``if TYPE_CHECKING:`` are for the type checker only and left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sladoc"

# Which parts of sladoc each part may import (its own modules always). Lower layers first;
# a part never imports one listed after it.
BASE = {"sladoc", "sladoc.errors", "sladoc.data"}
ALLOWED: dict[str, set[str]] = {
    "sladoc": set(),
    "sladoc.__main__": {"sladoc.cli"},
    "sladoc.errors": set(),
    "sladoc.data": set(),
    "sladoc.language": BASE,
    "sladoc.agreement": BASE | {"sladoc.language"},
    "sladoc.document": BASE | {"sladoc.language", "sladoc.agreement"},
    "sladoc.checks": BASE | {"sladoc.language", "sladoc.agreement"},
    "sladoc.review": BASE | {"sladoc.language", "sladoc.agreement", "sladoc.document"},
    "sladoc.reporting": BASE | {"sladoc.language", "sladoc.agreement", "sladoc.document"},
    "sladoc.batch": BASE,
    "sladoc.api": BASE
    | {
        "sladoc.language",
        "sladoc.agreement",
        "sladoc.document",
        "sladoc.checks",
        "sladoc.review",
        "sladoc.reporting",
        "sladoc.batch",
    },
    # `sladoc lsp` and `sladoc preview` start their servers
    "sladoc.cli": BASE | {"sladoc.api", "sladoc.lsp", "sladoc.preview"},
    "sladoc.lsp": BASE | {"sladoc.api"},  # a front end like the CLI
    "sladoc.preview": BASE | {"sladoc.api"},  # the live preview: a front end like the CLI
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(module: str) -> set[str]:
    """The sladoc modules ``module`` imports at run time."""
    path = MODULES[module]
    tree = ast.parse(path.read_text("utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if _type_checking_only(node, parents):
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            names = [f"{stem}.{alias.name}" for alias in node.names] + [stem]
        else:
            continue
        for name in names:
            if name.split(".")[0] != "sladoc":
                continue
            while name not in MODULES and "." in name:
                name = name.rpartition(".")[0]
            if name != module:
                found.add(name)
    # "from sladoc.x import y" names the package as well as y; keep the most precise only
    return {name for name in found if not any(other.startswith(name + ".") for other in found)}


GRAPH = {module: imports_of(module) for module in MODULES}


def part_of(module: str) -> str:
    """The part of sladoc (a key of ALLOWED) that ``module`` belongs to."""
    name = module
    while name not in ALLOWED:
        name = name.rpartition(".")[0]
    return name


def test_every_module_belongs_to_a_known_part() -> None:
    for module in MODULES:
        name = module
        while name and name not in ALLOWED:
            name = name.rpartition(".")[0]
        assert name, f"{module}: add its part to ALLOWED in this test and to the architecture doc"


def test_no_part_imports_a_part_above_it() -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if part_of(target) != part_of(module) and part_of(target) not in ALLOWED[part_of(module)]
    )
    assert not wrong, "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_circles() -> None:
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


WRITES = ("write_text", "write_bytes", "os.replace", "os.rename", "shutil.copy", "shutil.move")


def test_only_the_cli_prints_writes_or_exits() -> None:
    """print(), sys.exit(), writing files, typer and click stay in the CLI."""
    offenders = []
    for module, path in MODULES.items():
        if part_of(module) in ("sladoc.cli", "sladoc.__main__"):
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            called = ast.unparse(node.func) if isinstance(node, ast.Call) else ""
            if called in ("print", "sys.exit", "exit") or called.endswith(WRITES):
                offenders.append(f"{module}:{node.lineno}: {called}()")
            if called == "open" and isinstance(node, ast.Call):
                modes = [*node.args[1:], *(k.value for k in node.keywords if k.arg == "mode")]
                if any(
                    isinstance(m, ast.Constant) and set(str(m.value)) & set("wax+") for m in modes
                ):
                    offenders.append(f"{module}:{node.lineno}: open() for writing")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if any(n.split(".")[0] in ("typer", "click") for n in names):
                    offenders.append(f"{module}:{node.lineno}: imports the CLI framework")
    assert not offenders, "\n".join(offenders)


def test_every_part_says_what_it_may_import() -> None:
    for name in ALLOWED:
        path = MODULES.get(name)
        if path is None or name in ("sladoc", "sladoc.__main__", "sladoc.data"):
            continue
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
        assert "May import" in doc, f"{path.relative_to(ROOT)}: say what it may import"

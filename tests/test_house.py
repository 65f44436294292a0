"""The house keeps its shape: no import circle, every package installed, rules read the model only,
small modules and functions. Read from the source with `ast`, so a test names the file that breaks a rule.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "extractor"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _module_name(path: Path) -> str:
    parts = ["jixiao", *path.relative_to(SOURCE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(SOURCE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The jixiao modules a module imports anywhere in its body (function-level imports included)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        out |= {c for c in candidates if c in known and c != name}
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {name: _imports(name, path, set(mods)) for name, path in mods.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle (a package importing its own submodules does not count), or []."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt.startswith(node + "."):
                continue  # a package's __init__ gathering its rooms
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = 2
        stack.pop()
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_no_import_circle():
    assert _cycle(_graph()) == []


def test_the_cycle_finder_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "a.x": {"a"}}) == []


def test_readers_and_extraction_never_import_what_comes_after_them():
    """read → extract → check → report: a room imports only the rooms before it."""
    after = {
        "jixiao.reading": ("jixiao.extract", "jixiao.rules", "jixiao.reporting", "jixiao.pipeline", "jixiao.batch"),
        "jixiao.extract": ("jixiao.rules", "jixiao.reporting", "jixiao.pipeline", "jixiao.batch"),
        "jixiao.rules": ("jixiao.reporting", "jixiao.pipeline", "jixiao.batch", "jixiao.cli"),
    }
    graph = _graph()
    wrong = [
        (mod, dep)
        for mod, deps in graph.items()
        for room, later in after.items()
        if mod == room or mod.startswith(room + ".")
        for dep in deps
        if any(dep == x or dep.startswith(x + ".") for x in later)
    ]
    assert wrong == []


def test_every_package_is_installed():
    """Each folder with an __init__.py under extractor/ is listed in pyproject's packages."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {_module_name(p) for p in SOURCE.rglob("__init__.py")}
    assert found - listed == set()


def _reads_document_text(path: Path) -> list[int]:
    """Lines where a module reads `<something>.doc.text` or calls `doc.paragraphs()` / `doc.locate()`."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("text", "paragraphs", "locate"):
            owner = node.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name == "doc":
                out.append(node.lineno)
    return out


def test_rules_read_the_model_not_the_text():
    """Rules compare facts and claims; what they need from the text, extraction has already read."""
    readers = {p.name: lines for p in sorted((SOURCE / "rules").glob("*.py")) if (lines := _reads_document_text(p))}
    assert readers == {}


def test_the_text_reader_finder_sees_a_reader(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def check(ctx):\n    return ctx.doc.text[:10]\n", encoding="utf-8")
    assert _reads_document_text(probe) == [2]


def _sizes(path: Path) -> tuple[int, list[tuple[str, int]]]:
    """A module's line count and its functions longer than MAX_FUNCTION_LINES (name, lines)."""
    text = path.read_text(encoding="utf-8")
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    return len(text.splitlines()), long


def test_modules_and_functions_stay_small():
    """No module over 400 lines, no function over 60 (a bigger one is two rooms, or two steps)."""
    over = {}
    for path in sorted([*SOURCE.rglob("*.py"), *(ROOT / "patterns").glob("*.py")]):
        lines, long = _sizes(path)
        if lines > MAX_MODULE_LINES or long:
            over[str(path.relative_to(ROOT))] = (lines, long)
    assert over == {}


def test_the_size_check_sees_a_long_function(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES, encoding="utf-8")
    assert _sizes(probe) == (MAX_FUNCTION_LINES + 1, [("f", MAX_FUNCTION_LINES + 1)])

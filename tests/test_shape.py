"""No module over 600 lines and no function over 80: a newcomer can read any one.

A typer command's signature (its parameters, each an ``Option`` with its help) does not
count: only its body, from the line after the signature.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "provcheck"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_600_lines() -> None:
    long_ = {str(p.relative_to(ROOT)): n for p in _sources()
             if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long_, f"modules over {MAX_MODULE_LINES} lines: {long_}"


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function from its first body statement (docstring included) to its end:
    the signature, however long, is left out."""
    assert node.end_lineno is not None
    return node.end_lineno - node.body[0].lineno + 1


def test_no_function_is_over_80_lines() -> None:
    long_ = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = _body_lines(node)
                if n > MAX_FUNCTION_LINES:
                    long_[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = n
    assert not long_, f"functions over {MAX_FUNCTION_LINES} lines: {long_}"


def test_the_measure_leaves_out_the_signature() -> None:
    tree = ast.parse("def f(\n    a: int = 1,\n    b: int = 2,\n) -> int:\n    x = a\n"
                     "    return x + b\n")
    fn = tree.body[0]
    assert isinstance(fn, ast.FunctionDef) and _body_lines(fn) == 2

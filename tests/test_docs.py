"""The CLI is documented: every command and option in README.md, help text everywhere.

Walks the click command tree typer builds from ``provcheck.cli.app``. The synopsis
block of README's "## Use" section must have a ``provcheck <command>`` line for every
command, listing each of its long options (``--fail-on``, ``--no-color``...); and
every command, option and argument must have help text for ``--help``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer

from provcheck.cli.app import app
from tests.conftest import ROOT

README = ROOT / "README.md"
CommandPath = tuple[str, ...]  # a command as the words after "provcheck": ("index", "add")


def walk(command: Any, path: CommandPath = ()) -> Iterator[tuple[CommandPath, Any]]:
    """Every command of the tree, groups included, the root as ``()``."""
    yield path, command
    # typer ships its own copy of click, so groups are told by their subcommands
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not getattr(sub, "hidden", False):
            yield from walk(sub, (*path, name))


ROOT_COMMAND = typer.main.get_command(app)
COMMANDS = dict(walk(ROOT_COMMAND))
LEAVES = {p: c for p, c in COMMANDS.items() if p and not getattr(c, "commands", None)}


def long_names(param: Any) -> list[str]:
    return [o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")]


def params(command: Any) -> list[Any]:
    return [p for p in command.params if not getattr(p, "hidden", False)]


def _label(path: CommandPath, param: Any | None = None) -> str:
    words = ["provcheck", *path]
    if param is not None:
        names = long_names(param)
        words.append(names[0] if names else (param.name or "").upper())
    return " ".join(words)


def use_section(text: str) -> str:
    """README's "## Use" section, its ### subsections included."""
    m = re.search(r"^## Use\n(.*?)(?=^## )", text, re.M | re.S)
    assert m, "README.md has no '## Use' section"
    return m[1]


def synopsis(text: str, commands: dict[CommandPath, Any]) -> dict[CommandPath, set[str]]:
    """The long options each command's lines in the first ``sh`` block of ``text`` name.

    A line ``provcheck WORDS...`` starts a command's synopsis (WORDS that name
    subcommands pick the command), indented lines continue it, ``  # ...`` is a
    comment. A command may have several lines.
    """
    m = re.search(r"^```sh\n(.*?)^```", text, re.M | re.S)
    assert m, "no ```sh block of synopses in README's Use section"
    out: dict[CommandPath, set[str]] = {}
    path: CommandPath | None = None
    for raw in m[1].splitlines():
        line = re.sub(r"\s#\s.*", "", raw)
        if line.startswith("provcheck"):
            path = ()
            for word in line.split()[1:]:
                if (*path, word) not in commands:
                    break
                path = (*path, word)
        elif not line.startswith((" ", "\t")):
            path = None
        if path is not None:
            out.setdefault(path, set()).update(re.findall(r"--[a-z0-9][a-z0-9-]*", line))
    return out


@functools.cache
def documented() -> dict[CommandPath, set[str]]:
    """README's synopsis lines, read once."""
    return synopsis(use_section(README.read_text(encoding="utf-8")), COMMANDS)


def test_the_walk_finds_the_commands() -> None:
    assert {("compare",), ("report",), ("check",), ("scan",), ("index", "add")} <= set(LEAVES)
    check_options = {n for p in params(COMMANDS[("check",)]) for n in long_names(p)}
    assert {"--fail-on", "--fail-on-divergence", "--no-fail-on-divergence"} <= check_options


def test_synopsis_parser() -> None:
    text = ("```sh\nprovcheck check NEW [--db FILE]   # also --not-this\n"
            "      [--fail-on-divergence/--no-fail-on-divergence]\n\n"
            "provcheck index add P [--progress]\nprovcheck --version\n```\n")
    commands = {(): None, ("check",): None, ("index",): None, ("index", "add"): None}
    assert synopsis(text, commands) == {
        ("check",): {"--db", "--fail-on-divergence", "--no-fail-on-divergence"},
        ("index", "add"): {"--progress"},
        (): {"--version"},
    }


@pytest.mark.parametrize("path", sorted(LEAVES), ids=[_label(p) for p in sorted(LEAVES)])
def test_command_in_readme(path: CommandPath) -> None:
    assert path in documented(), (
        f"README.md's Use section has no synopsis line for `{_label(path)}`"
    )


OPTIONS = [
    (path, name)
    for path, command in COMMANDS.items()
    for param in params(command)
    if param.param_type_name == "option"
    for name in long_names(param)
]


@pytest.mark.parametrize(
    ("path", "option"), OPTIONS, ids=[f"{_label(p)} {o}" for p, o in OPTIONS]
)
def test_option_in_readme(path: CommandPath, option: str) -> None:
    assert option in documented().get(path, set()), (
        f"`{_label(path)}` takes {option}, which its synopsis in README.md's Use section "
        "does not list"
    )


@pytest.mark.parametrize(
    "path", sorted(COMMANDS), ids=[_label(p) for p in sorted(COMMANDS)]
)
def test_command_has_help(path: CommandPath) -> None:
    command = COMMANDS[path]
    assert (command.help or "").strip(), f"`{_label(path)}` has no help text"


PARAMS = [(path, param) for path, command in COMMANDS.items() for param in params(command)]


@pytest.mark.parametrize(
    ("path", "param"), PARAMS, ids=[_label(path, param) for path, param in PARAMS]
)
def test_param_has_help(path: CommandPath, param: Any) -> None:
    assert (getattr(param, "help", None) or "").strip(), (
        f"{param.param_type_name} {_label(path, param)} has no help text"
    )


def _how_it_works() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## How it works")
    return text[start : text.index("\n## ", start + 1)]


def test_folder_map_names_every_folder_and_top_module() -> None:
    section = _how_it_works()
    package = ROOT / "provcheck"
    modules = {p.name for p in package.glob("*.py")} - {"__init__.py"}
    folders = {f"{p.name}/" for p in package.iterdir()
               if p.is_dir() and (p / "__init__.py").is_file()}
    missing = sorted(m for m in modules | folders if f"`{m}`" not in section)
    assert not missing, f"README's folder map lacks {missing}"


def test_folder_map_has_one_row_per_folder() -> None:
    rows = [line for line in _how_it_works().splitlines() if line.startswith("| `")]
    for line in rows:
        cell = line.split("|")[1]
        named = re.findall(r"`([\w./]+)`", cell)
        assert sum(n.endswith("/") for n in named) <= 1, line


def test_folder_map_names_only_folders_that_exist() -> None:
    package = ROOT / "provcheck"
    named = set(re.findall(r"`(?:provcheck/)?(\w+)/`", _how_it_works()))
    gone = sorted(n for n in named if not (package / n / "__init__.py").is_file())
    assert not gone, f"README's folder map names folders that do not exist: {gone}"


def test_module_map_names_only_modules_that_exist() -> None:
    package = ROOT / "provcheck"
    named = set(re.findall(r"`(?:provcheck/)?([\w/]+\.py)`", _how_it_works()))
    gone = sorted(n for n in named if not (package / n).is_file() and not (ROOT / n).is_file())
    assert not gone, f"README's module map names modules that do not exist: {gone}"


def test_readme_states_the_schema_version_the_code_writes() -> None:
    from provcheck.models import SCHEMA_VERSION

    text = README.read_text(encoding="utf-8")
    stated = set(re.findall(r'`schema_version` "([\d.]+)"', text))
    assert stated == {SCHEMA_VERSION}, (stated, SCHEMA_VERSION)


def test_readme_describes_its_test_command_truly() -> None:
    readme = README.read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    start = readme.index("## Two commands")
    block = readme[start : readme.index("\n## ", start + 1)]
    test_line = next(line for line in block.splitlines() if "pytest" in line)
    assert test_line.split("&& ")[-1].strip() in ci  # the same pytest command as CI
    comment = block[: block.index(test_line)].splitlines()[-1]
    for tool in ("ruff", "mypy"):  # said to run a tool: the command itself runs it
        if tool in comment and "plus" in comment:
            assert tool in test_line, comment


def test_the_readme_api_section_runs_as_a_doctest(monkeypatch: pytest.MonkeyPatch) -> None:
    import doctest

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("```python", text.index("Python API (what the CLI wires"))
    block = text[start + len("```python"):text.index("```\n", start + 9)]
    monkeypatch.chdir(ROOT)
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 10 and result.failed == 0, result

"""Typer command classes that parse plain options without importing pydantic at start."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup


def _plain(annotation: Any) -> Callable[[Any], Any] | None:
    """How to turn a command-line value into ``annotation`` without pydantic, for the
    plain types provcheck's options use (None: any other type)."""
    if annotation is str:
        return str
    if annotation is Path:
        return Path
    if annotation is bool:
        return lambda v: v if isinstance(v, bool) else None
    if annotation == list[str]:
        return lambda v: [str(x) for x in v]
    return None


def _plain_coercion(params: Sequence[Any]) -> None:
    """Give typer's parameters of plain types (str, Path, bool, list[str]) a coercion
    that does not import pydantic: typer (0.16 on) validates every value through a
    pydantic TypeAdapter, and importing pydantic costs about 55 ms of a fresh
    ``provcheck check`` (docs/performance.md). A typer without this hook (or any other
    type) keeps typer's own coercion."""
    try:
        from typer._coercion import RuntimeParam
    except ImportError:  # pragma: no cover - an older or newer typer
        return

    class Plain(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            out = convert(value) if (convert := _plain(self.annotation)) else None
            if out is None:
                raise typer.BadParameter(f"{value!r} is not valid here", ctx=ctx, param=param)
            return out

    for param in params:
        desc = getattr(param, "type_descriptor", None)
        if (desc is None or getattr(desc, "file_annotation", None) is not None
                or not hasattr(param, "_runtime_param") or _plain(desc.annotation) is None):
            continue
        param._runtime_param = Plain(parameter_info=desc.parameter_info,
                                     annotation=desc.annotation)


class _Plain:
    """Options parsed without pydantic (:func:`_plain_coercion`), help option included."""

    params: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_coercion(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        _plain_coercion([option] if option is not None else [])
        return option


class Command(_Plain, TyperCommand):
    """Usage lines and argument lists as people write them (``compare [OPTIONS] A B``,
    ``check [OPTIONS] NEW...``), not in typer's notation (``{a} {b}``, ``<str>``);
    plain values parsed without pydantic."""

    @staticmethod
    def _name(param: Any) -> str:
        name = str(param.metavar or (param.name or "").upper())
        if param.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = self._name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                args.append((self._name(param), record[1]))
            else:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Group(_Plain, TyperGroup):
    """The command groups (``provcheck``, ``provcheck index``), their options parsed
    without pydantic as the commands' are."""

"""Renderers, one module per format, behind a registry (:mod:`provcheck.render.registry`).

A renderer turns a ``Comparison`` (and, where the format makes sense for it, a
``Document`` or a ``Report``) into text. Register a new format with
``register(Renderer(...))`` in its module and import the module here. The formats are
registered in the order they are imported below, which is the order ``--help`` lists
them in.
"""

from __future__ import annotations

from .registry import (
    Renderer,
    formats,
    get,
    register,
    render,
    render_document,
    render_report,
)

__all__ = ["Renderer", "formats", "get", "register", "render", "render_document",
           "render_report"]

from . import text, markdown, json_format, html  # noqa: F401,I001  (registration)

"""The OpenAPI description of the JSON endpoints (``GET /api/openapi.json``).

The comparison and the report are described by the JSON schemas that ship with the
package (``provcheck/schema/compare.schema.json`` and ``report.schema.json``, which
``compare --format json`` and ``report --format json`` follow): their ``$defs`` become
components, nothing is typed twice. The rest (requests, a check, a listing, an
error) is small and described here.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..models import DERIVED_RELATIONS


def _schema(name: str) -> dict[str, Any]:
    text = resources.files("provcheck").joinpath(f"schema/{name}.schema.json").read_text(
        encoding="utf-8")
    found: dict[str, Any] = json.loads(text)
    return found


def _moved(node: Any, prefix: str) -> Any:
    """``node`` with its ``#/$defs/x`` references pointing at component ``prefix.x``."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                out[key] = f"#/components/schemas/{prefix}.{value.removeprefix('#/$defs/')}"
            else:
                out[key] = _moved(value, prefix)
        return out
    if isinstance(node, list):
        return [_moved(x, prefix) for x in node]
    return node


def _components() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, title in (("compare", "Comparison"), ("report", "Report")):
        schema = _schema(name)
        for key, sub in schema.pop("$defs", {}).items():
            out[f"{name}.{key}"] = _moved(sub, name)
        schema.pop("$schema", None)
        schema.pop("$id", None)
        out[title] = _moved(schema, name)
    ref = {"$ref": "#/components/schemas/Side"}
    out.update({
        "Side": {"description": "An article: its text, or one of text, url (fetched with "
                 "the CLI's limits and the address guard) or id (an indexed document), "
                 "with a name to show",
                 "oneOf": [{"type": "string"}, {"type": "object", "additionalProperties": False,
                           "properties": {"text": {"type": "string"}, "url": {"type": "string"},
                                          "id": {"type": "integer"}, "name": {"type": "string"}}}]},
        "CompareRequest": {"type": "object", "required": ["a", "b"], "properties": {
            "a": ref, "b": ref, "fast": {"type": "boolean"}}},
        "CheckRequest": {"type": "object", "required": ["article"], "properties": {
            "article": ref, "fast": {"type": "boolean"},
            "fail_on": {"enum": list(DERIVED_RELATIONS)},
            "fail_on_divergence": {"type": "boolean"}, "fail_on_reverse": {"type": "boolean"}}},
        "AddRequest": {"type": "object", "required": ["article"], "properties": {"article": ref}},
        "Links": {"type": "object", "additionalProperties": {"type": "string"}},
        "CompareResult": {"type": "object", "required": ["id", "links", "comparison"],
                          "properties": {
                              "id": {"type": "string"},
                              "links": {"$ref": "#/components/schemas/Links"},
                              "comparison": {"$ref": "#/components/schemas/Comparison"}}},
        "CheckResult": {"type": "object", "required": ["id", "links", "check"], "properties": {
            "id": {"type": "string"}, "links": {"$ref": "#/components/schemas/Links"},
            "check": {"type": "object", "description": "the JSON of provcheck check "
                      "--format json: results (status, findings, each finding with its "
                      "sentence in words, `finding`) and unreadable inputs"}}},
        "Held": {"type": "object", "properties": {k: {"type": t} for k, t in (
            ("id", "integer"), ("path", "string"), ("hash", "string"),
            ("title", ["string", "null"]), ("date", ["string", "null"]),
            ("outlet", ["string", "null"]))}},
        "Listing": {"type": "object", "properties": {
            "total": {"type": "integer"}, "offset": {"type": "integer"},
            "limit": {"type": "integer"},
            "documents": {"type": "array", "items": {"$ref": "#/components/schemas/Held"}}}},
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["status", "type", "message", "exit_code"],
            "properties": {"status": {"type": "integer"}, "type": {"type": "string"},
                           "message": {"type": "string"}, "exit_code": {"type": "integer"}}}}},
    })
    return out


def _json(name: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {
        "$ref": f"#/components/schemas/{name}"}}}}


def _answers(ok: str, description: str, *errors: int) -> dict[str, Any]:
    out: dict[str, Any] = {"200": {"description": description, **_json(ok)}}
    for status in errors:
        out[str(status)] = {"description": _ERRORS[status], **_json("Error")}
    return out


_ERRORS = {400: "bad input", 401: "no token, or a wrong one", 403: "writes are off",
           404: "not found", 409: "the index is locked or read-only", 413: "over the size "
           "limit", 415: "not text or HTML (or not JSON)", 422: "no article text; a URL "
           "refused", 500: "the index cannot be used", 502: "the URL could not be fetched",
           503: "busy", 504: "timed out"}
_READ = (400, 413, 415, 422, 502, 503, 504)


def _paths() -> dict[str, Any]:
    query = [{"name": n, "in": "query", "schema": {"type": "integer"}} for n in ("a", "b")]
    doc_id = [{"name": "doc_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    rid = [{"name": "rid", "in": "path", "required": True, "schema": {"type": "string"}}]
    write: dict[str, Any] = {"security": [{"token": []}]}
    return {
        "/api/health": {"get": {"summary": "the server and its index",
                                "responses": {"200": {"description": "up"}}}},
        "/api/compare": {
            "post": {"summary": "compare two articles", "requestBody": _json("CompareRequest"),
                     "responses": _answers("CompareResult", "the comparison", *_READ)},
            "get": {"summary": "compare two indexed documents", "parameters": query,
                    "responses": _answers("CompareResult", "the comparison", 404, 503, 504)}},
        "/api/compare/{rid}": {"get": {"summary": "a kept comparison", "parameters": rid,
                                       "responses": _answers("CompareResult", "it", 404)}},
        "/api/check": {"post": {"summary": "check an article against the index",
                                "requestBody": _json("CheckRequest"),
                                "responses": _answers("CheckResult", "the check", *_READ)}},
        "/api/check/{rid}": {"get": {"summary": "a kept check", "parameters": rid,
                                     "responses": _answers("CheckResult", "it", 404)}},
        "/api/report": {"get": {"summary": "the index's report (the pairs scan stored)",
                                "parameters": [
                                    {"name": "format", "in": "query", "schema": {
                                        "enum": ["json", "md", "html"]}},
                                    {"name": "story", "in": "query", "schema": {"type": "integer"}},
                                    {"name": "all_facts", "in": "query",
                                     "schema": {"type": "boolean"}}],
                                "responses": _answers("Report", "the report", 400, 404, 503, 504)}},
        "/api/documents": {
            "get": {"summary": "list the indexed documents", "parameters": [
                {"name": n, "in": "query", "schema": {"type": "integer"}}
                for n in ("offset", "limit")], "responses": _answers("Listing", "a page", 400)},
            "post": {"summary": "add a document", **write, "requestBody": _json("AddRequest"),
                     "responses": {"201": {"description": "added"},
                                   **_answers("Held", "already held", *_READ, 401, 403, 409)}}},
        "/api/documents/{doc_id}": {
            "get": {"summary": "a document and the comparisons stored for it",
                    "parameters": doc_id, "responses": _answers("Held", "it", 404)},
            "delete": {"summary": "remove a document", **write, "parameters": doc_id,
                       "responses": _answers("Held", "removed", 401, 403, 404, 409)}},
    }


@cache
def describe() -> dict[str, Any]:
    """The OpenAPI 3.1 description of the JSON endpoints."""
    from ..version import __version__

    return {
        "openapi": "3.1.0",
        "info": {"title": "provcheck", "version": __version__,
                 "description": "Where a news article came from: compare, check against an "
                 "index, report. Docs: docs/api.md."},
        "paths": _paths(),
        "components": {"schemas": _components(), "securitySchemes": {
            "token": {"type": "http", "scheme": "bearer"}}},
    }

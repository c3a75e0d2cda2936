"""The JSON endpoints (``/api/...``; each with a curl example in ``docs/api.md``).

A comparison is the JSON of ``provcheck compare --format json``, a check that of
``provcheck check --format json``, a report that of ``provcheck report --format
json`` (the shipped schemas; :mod:`.openapi`). Results are kept in memory by an id
made of what made them, so ``/api/compare/{id}`` and the page ``/compare/{id}`` give
the same result again while it is kept.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from .guard import NotFoundError, require_token
from .state import Served, result_id, served
from .work import Policy, Side

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import BaseRoute

    from ..collection.check import CheckRun
    from ..models import Comparison


def side_of(value: object, which: str) -> Side:
    """One article of a JSON body: a string (its text), or an object with one of
    ``text``, ``url`` or ``id`` (and a ``name`` to show)."""
    if isinstance(value, str):
        return Side(text=value)
    if not isinstance(value, dict):
        raise UsageError(f"{which}: give the article's text, or an object with text, url "
                         "or id")
    unknown = set(value) - {"text", "url", "id", "name"}
    if unknown:
        raise UsageError(f"{which}: unknown field(s) {', '.join(sorted(unknown))}")
    doc_id = value.get("id")
    if doc_id is not None and (not isinstance(doc_id, int) or isinstance(doc_id, bool)):
        raise UsageError(f"{which}.id: an integer (an indexed document's id)")
    for key in ("text", "url", "name"):
        if value.get(key) is not None and not isinstance(value[key], str):
            raise UsageError(f"{which}.{key}: a string")
    try:
        return Side(text=value.get("text"), url=value.get("url"), id=doc_id,
                    name=value.get("name"))
    except UsageError as exc:
        raise UsageError(f"{which}: {exc}") from None


async def body_of(request: Request) -> dict[str, Any]:
    """The request's JSON object (415 for another content type, 400 for bad JSON)."""
    from ..errors import BinaryInputError

    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise BinaryInputError(f"request: Content-Type {kind or 'none'}; send "
                               "application/json")
    try:
        found = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"request: not JSON ({exc})") from None
    if not isinstance(found, dict):
        raise UsageError("request: a JSON object is expected")
    return found


def flag(value: object, name: str, default: bool | None = None) -> bool | None:
    """A boolean field (JSON true/false, or a query's 1/0, true/false)."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("1", "true", "yes", "on", "0", "false",
                                                      "no", "off", ""):
        return value.lower() in ("1", "true", "yes", "on")
    raise UsageError(f"{name}: true or false")


def links(kind: str, rid: str, formats: tuple[str, ...]) -> dict[str, str]:
    out = {"page": f"/{kind}/{rid}", "api": f"/api/{kind}/{rid}"}
    out.update({fmt: f"/{kind}/{rid}.{fmt}" for fmt in formats})
    return out


COMPARE_FORMATS = ("md", "json", "html", "text")
CHECK_FORMATS = ("json", "text")


def comparison_body(rid: str, c: Comparison) -> dict[str, Any]:
    from ..render.json_format import comparison_dict

    return {"id": rid, "links": links("compare", rid, COMPARE_FORMATS),
            "comparison": comparison_dict(c)}  # as compare --format json writes it


def check_body(rid: str, run: CheckRun) -> dict[str, Any]:
    from ..render.check_formats import check_dict

    return {"id": rid, "links": links("check", rid, CHECK_FORMATS),
            "check": check_dict(run)}  # as check --format json writes it


# ------------------------------------------------------------------ the work, shared

async def document_count(s: Served) -> int:
    return await s.limiter.run(lambda: s.pool.read(s.pool.count))


async def run_compare(s: Served, a: Side, b: Side, fast: bool | None) -> str:
    """Compare two articles (kept by id: a result asked again is not made again)."""
    from .work import compare_sides

    settings = s.settings(fast)
    rid = result_id("compare", settings.mode, a.key(), b.key(), a.name or "", b.name or "")
    if s.comparisons.get(rid) is not None:
        return rid
    if a.indexed or b.indexed:
        c = await s.limiter.run(lambda: s.pool.read(
            lambda index: compare_sides(a, b, settings, s.fetching, index)))
    else:
        c = await s.limiter.run(lambda: s.pool.compute(
            lambda: compare_sides(a, b, settings, s.fetching)))
    return s.comparisons.put(rid, c)


async def run_check(s: Served, article: Side, policy: Policy, fast: bool | None) -> str:
    """Check one article against the index; its findings' comparisons are kept too."""
    from .work import check_doc, read_side

    settings = s.settings(fast)
    if article.url is not None:  # fetched outside the index's lock: a write need not wait
        doc = await s.limiter.run(lambda: s.pool.compute(
            lambda: read_side(article, s.fetching, label="new")))
        run = await s.limiter.run(lambda: s.pool.read(
            lambda index: check_doc(index, doc, settings, policy)))
    else:
        run = await s.limiter.run(lambda: s.pool.read(lambda index: check_doc(
            index, read_side(article, s.fetching, index, label="new"), settings, policy)))
    rid = result_id("check", settings.mode, article.key(), article.name or "",
                    str(s.pool.generation), repr(policy))
    for r in run.results:
        for f in r.findings:
            if f.comparison is not None:
                s.comparisons.put(finding_id(rid, f.id), f.comparison)
    return s.checks.put(rid, run)


def finding_id(check: str, doc_id: int) -> str:
    """The id a check's finding's comparison is kept under."""
    return result_id("finding", check, str(doc_id))


async def run_add(s: Served, article: Side, token: str | None) -> dict[str, Any]:
    from .work import add_doc, read_side

    require_token(token, s.config.token)
    doc = await s.limiter.run(lambda: s.pool.compute(
        lambda: read_side(article, s.fetching)))
    added = await s.limiter.run(lambda: s.pool.write(
        lambda index: add_doc(index, doc, s.semantic)))
    return {"id": added.id, "added": added.added, "path": added.path,
            "links": {"page": f"/documents/{added.id}", "api": f"/api/documents/{added.id}"}}


async def run_remove(s: Served, doc_id: int, token: str | None) -> dict[str, Any]:
    from .work import held_dict, remove_doc

    require_token(token, s.config.token)
    gone = await s.limiter.run(lambda: s.pool.write(lambda index: remove_doc(index, doc_id)))
    return {"removed": held_dict(gone)}


async def run_report(s: Served, fmt: str, *, all_facts: bool, story: int | None) -> str:
    """The index's report in ``fmt`` (kept per index generation: a write makes it anew)."""
    from ..render import formats
    from .work import index_report

    if fmt not in formats(reports=True):
        raise UsageError(f"format {fmt!r}: one of {', '.join(formats(reports=True))}")
    key = result_id("report", str(s.pool.generation), fmt, str(all_facts), str(story))
    kept = s.reports.get(key)
    if kept is not None:
        return kept
    text = await s.limiter.run(lambda: s.pool.read(lambda index: index_report(
        index, fmt, all_facts=all_facts, story=story, fast=s.config.fast)))
    s.reports.put(key, text)
    return text


def int_param(value: str | None, name: str, default: int | None = None) -> int | None:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise UsageError(f"{name}: an integer, not {value!r}") from None


# ------------------------------------------------------------------ endpoints

async def health(request: Request) -> Response:
    from starlette.responses import JSONResponse

    from ..version import __version__

    s = served(request)
    return JSONResponse({"status": "ok", "version": __version__, "index": str(s.config.db),
                         "documents": await document_count(s), "writes": s.config.writes,
                         "busy": s.limiter.admitted})


async def compare(request: Request) -> Response:
    from starlette.responses import JSONResponse

    s = served(request)
    if request.method == "GET":
        q = request.query_params
        a = Side(id=int_param(q.get("a"), "a"))
        b = Side(id=int_param(q.get("b"), "b"))
        fast = flag(q.get("fast"), "fast")
    else:
        body = await body_of(request)
        a, b = side_of(body.get("a"), "a"), side_of(body.get("b"), "b")
        fast = flag(body.get("fast"), "fast")
    rid = await run_compare(s, a, b, fast)
    return JSONResponse(comparison_body(rid, kept_comparison(s, rid)))


def kept_comparison(s: Served, rid: str) -> Comparison:
    c = s.comparisons.get(rid)
    if c is None:
        raise NotFoundError(f"comparison {rid}: not kept (results are kept in memory, "
                            f"the last {s.config.kept_results}); compare again")
    return c


def kept_check(s: Served, rid: str) -> CheckRun:
    run = s.checks.get(rid)
    if run is None:
        raise NotFoundError(f"check {rid}: not kept (results are kept in memory, the last "
                            f"{s.config.kept_results}); check again")
    return run


async def compare_kept(request: Request) -> Response:
    from starlette.responses import JSONResponse

    rid = request.path_params["rid"]
    return JSONResponse(comparison_body(rid, kept_comparison(served(request), rid)))


async def check(request: Request) -> Response:
    from starlette.responses import JSONResponse

    s = served(request)
    body = await body_of(request)
    unknown = set(body) - {"article", "fail_on", "fail_on_divergence", "fail_on_reverse",
                           "fast"}
    if unknown:
        raise UsageError(f"unknown field(s) {', '.join(sorted(unknown))}")
    policy = Policy(fail_on=str(body.get("fail_on") or "rewrite"),
                    fail_on_divergence=bool(flag(body.get("fail_on_divergence"),
                                                 "fail_on_divergence", False)),
                    fail_on_reverse=bool(flag(body.get("fail_on_reverse"), "fail_on_reverse",
                                              False)))
    rid = await run_check(s, side_of(body.get("article"), "article"), policy,
                          flag(body.get("fast"), "fast"))
    return JSONResponse(check_body(rid, kept_check(s, rid)))


async def check_kept(request: Request) -> Response:
    from starlette.responses import JSONResponse

    rid = request.path_params["rid"]
    return JSONResponse(check_body(rid, kept_check(served(request), rid)))


async def report(request: Request) -> Response:
    from starlette.responses import Response

    q = request.query_params
    fmt = q.get("format", "json")
    text = await run_report(served(request), fmt, all_facts=bool(flag(
        q.get("all_facts"), "all_facts", False)), story=int_param(q.get("story"), "story"))
    kinds = {"json": "application/json", "md": "text/markdown; charset=utf-8",
             "html": "text/html; charset=utf-8"}
    return Response(text, media_type=kinds.get(fmt, "text/plain; charset=utf-8"))


async def documents(request: Request) -> Response:
    from starlette.responses import JSONResponse

    from .work import listing

    s = served(request)
    if request.method == "POST":
        body = await body_of(request)
        article = body.get("article", body)
        found = await run_add(s, side_of(article, "article"),
                              request.headers.get("authorization"))
        return JSONResponse(found, status_code=201 if found["added"] else 200)
    q = request.query_params
    offset = int_param(q.get("offset"), "offset", 0) or 0
    limit = int_param(q.get("limit"), "limit", 100) or 100
    return JSONResponse(await s.limiter.run(lambda: s.pool.read(
        lambda index: listing(index, offset, limit))))


async def document(request: Request) -> Response:
    from starlette.responses import JSONResponse

    from .work import document_pairs

    s = served(request)
    doc_id = int(request.path_params["doc_id"])
    if request.method == "DELETE":
        return JSONResponse(await run_remove(s, doc_id, request.headers.get("authorization")))
    return JSONResponse(await s.limiter.run(lambda: s.pool.read(
        lambda index: document_pairs(index, doc_id))))


async def openapi(request: Request) -> Response:
    from starlette.responses import JSONResponse

    from .openapi import describe

    return JSONResponse(describe())


def routes() -> list[BaseRoute]:
    from starlette.routing import Route

    return [
        Route("/api/health", health),
        Route("/api/openapi.json", openapi),
        Route("/api/compare", compare, methods=["GET", "POST"]),
        Route("/api/compare/{rid:str}", compare_kept),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/check/{rid:str}", check_kept),
        Route("/api/report", report),
        Route("/api/documents", documents, methods=["GET", "POST"]),
        Route("/api/documents/{doc_id:int}", document, methods=["GET", "DELETE"]),
    ]

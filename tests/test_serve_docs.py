"""docs/api.md documents every endpoint of ``provcheck serve`` with an example: each
route of the API, for each of its methods, is asked by a ``curl`` line of the page."""

from __future__ import annotations

import re

from provcheck.serve.api import routes
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")


def _pattern(path: str) -> re.Pattern[str]:
    """A route's path as a URL of the examples (a parameter: any one path part)."""
    parts = re.split(r"\{[^}]+\}", path)
    return re.compile(r"127\.0\.0\.1:8000" + r"[^/\s'\"?]+".join(map(re.escape, parts))
                      + r"(?=[\s'\"?]|$)")


def _curl_lines() -> list[str]:
    """Each curl command of the page, its continuation lines joined."""
    text = DOC.replace("\\\n", " ")
    return [line for line in text.splitlines() if line.startswith("$ curl ")]


def _method(line: str) -> str:
    found = re.search(r"-X (\w+)", line)
    if found:
        return found[1]
    return "POST" if " -d " in line else "GET"


def test_every_api_route_and_method_has_a_curl_example() -> None:
    lines = _curl_lines()
    missing = []
    for route in routes():
        path = getattr(route, "path", "")
        for method in sorted(getattr(route, "methods", None) or {"GET"}):
            if method == "HEAD":
                continue
            pattern = _pattern(path)
            if not any(pattern.search(x) and _method(x) == method for x in lines):
                missing.append(f"{method} {path}")
    assert not missing, f"docs/api.md has no curl example of {missing}"


def test_the_pattern_reads_a_parameter_as_one_path_part() -> None:
    p = _pattern("/api/documents/{doc_id:int}")
    assert p.search("$ curl -s http://127.0.0.1:8000/api/documents/5 | jq")
    assert not p.search("$ curl -s http://127.0.0.1:8000/api/documents | jq")
    assert not p.search("$ curl -s http://127.0.0.1:8000/api/documents/5/x")

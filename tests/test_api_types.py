"""The Python API as Python callers expect it: wrong types are TypeErrors naming the
argument, file errors are OSErrors of the right kind, usage errors ValueErrors, input
errors about in-memory text name their side, and ``provcheck.report`` gives documents and
edges the same ids."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

import provcheck
from tests.conftest import seed


@pytest.fixture(scope="module")
def text() -> str:
    return seed("001").read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", [None, 3, 2.5, ["text"], io.StringIO("text"), {"a": 1}])
def test_a_wrong_type_is_a_type_error_naming_the_side(bad: object, text: str) -> None:
    with pytest.raises(TypeError, match=r"argument a must be str .* not "):
        provcheck.compare(bad, text, fast=True)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"argument b must be str"):
        provcheck.compare(text, bad, fast=True)  # type: ignore[arg-type]


def test_bytes_like_and_path_like_inputs_are_read(text: str, tmp_path: Path) -> None:
    data = text.encode("utf-8")
    assert provcheck.compare(bytearray(data), text, fast=True).relation == "reprint"
    assert provcheck.compare(memoryview(data), text, fast=True).relation == "reprint"

    class Named(os.PathLike[str]):
        def __fspath__(self) -> str:
            return str(seed("001"))

    assert provcheck.compare(Named(), text, fast=True).relation == "reprint"  # type: ignore[arg-type]


def test_empty_input_names_its_side(text: str) -> None:
    with pytest.raises(provcheck.EmptyInputError, match=r"^b: empty text"):
        provcheck.compare(text, "", fast=True)
    with pytest.raises(provcheck.EmptyInputError, match=r"^a: empty text"):
        provcheck.compare("   ", text, fast=True)


def test_file_errors_are_os_errors_of_their_kind(tmp_path: Path, text: str) -> None:
    with pytest.raises(FileNotFoundError) as missing:
        provcheck.compare(tmp_path / "nope.txt", text, fast=True)
    assert isinstance(missing.value, provcheck.MissingInputError)
    assert isinstance(missing.value, provcheck.InputError)
    with pytest.raises(IsADirectoryError) as folder:
        provcheck.normalize(tmp_path)
    assert isinstance(folder.value, provcheck.MissingInputError)


def test_usage_errors_are_value_errors() -> None:
    assert issubclass(provcheck.UsageError, ValueError)
    assert issubclass(provcheck.ScanSettingsError, ValueError)


def test_the_report_names_documents_and_edges_alike() -> None:
    texts = [seed(k).read_text(encoding="utf-8") for k in ("001", "000", "004")]
    out = provcheck.report(texts, fast=True).to_dict()
    ids = [d["id"] for d in out["documents"]]
    assert ids == ["doc1", "doc2", "doc3"]
    named = {x for e in out["edges"] for x in (e["a"], e["b"])}
    assert named and named <= set(ids)
    assert {x for c in out["clusters"] for x in c} <= set(ids)


def test_report_refuses_a_wrong_type() -> None:
    with pytest.raises(TypeError, match=r"document 2 must be"):
        provcheck.report(["some text here", 7], fast=True)  # type: ignore[list-item]


def test_a_fact_diff_is_a_sized_iterable_and_reprs_are_short() -> None:
    source = ("Court fines chemist\n\nA chemist was fined £750 at Leeds Crown Court yesterday "
              "for selling slimming pills without a licence, the court heard.\n\n"
              "The pills had been bought from a supplier abroad in 2019 and were never "
              "tested for safety before they were sold.\n")
    copy = source.replace("£750", "£900").replace(" in 2019", "")
    c = provcheck.compare(source, copy, fast=True)
    items = list(c.facts)
    assert len(c.facts) == c.facts.count == len(items) >= 2
    assert items == [*c.facts.dropped, *c.facts.added, *c.facts.changed]
    assert repr(c.facts).startswith("FactDiff(dropped=")
    assert len(repr(c)) < 400 and c.relation in repr(c)
    assert len(repr(c.a)) < 200


def test_notebook_html_is_escaped() -> None:
    text = ("<b>Bold</b> title\n\nA man said the <script>x</script> plan would cost $5 "
            "million, officials told reporters on Monday in the city.\n")
    c = provcheck.compare(text, text.replace("$5", "$6"), fast=True)
    page = c._repr_html_()
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt;" in page
    assert "changed (value)" in page
    report = provcheck.report([text, text.replace("$5", "$6")])
    assert "documents" in repr(report) and report._repr_html_().startswith("<div>")


def test_from_file_reads_a_str_as_a_path_and_from_url_fetches(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from http.server import BaseHTTPRequestHandler

    from tests.localserver import no_proxy, routed, serving

    page = (b"<html><head><title>Local page</title></head><body><p>A paragraph of a "
            b"page served on this machine for the test, long enough to keep.</p></body></html>")

    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(len(page)))
        h.end_headers()
        h.wfile.write(page)

    p = tmp_path / "page.html"
    p.write_bytes(page)
    assert provcheck.from_file(str(p)).title == "Local page"
    with pytest.raises(FileNotFoundError):
        provcheck.from_file(str(tmp_path / "missing.txt"))
    no_proxy(monkeypatch)
    with serving(routed({"/a": answer})) as base:
        doc = provcheck.from_url(f"{base}/a")
    assert doc.title == "Local page" and doc.url == f"{base}/a"

"""The HTML page without a browser: CSP, escaping, self-containment, size."""

from __future__ import annotations

import base64
import hashlib
import re

import provcheck
from provcheck.render import render
from tests.conftest import FIXTURES, seed


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_flagship_page_is_self_contained_small_and_locked_down() -> None:
    page = render(provcheck.compare(seed("001"), seed("000")), "html")
    assert len(page.encode()) < 300_000
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and "default-src 'none'" in csp.group(1)
    [style] = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    [script] = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert _sha(style) in csp.group(1) and _sha(script) in csp.group(1)
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)


def test_article_text_is_escaped() -> None:
    page = render(provcheck.compare(FIXTURES / "xss" / "payload.txt",
                                    FIXTURES / "xss" / "copy.txt"), "html")
    assert page.count("<script>") == 1  # the page's own
    assert "&lt;script&gt;window.__xss = 1" in page
    assert "<img" not in page and 'href="javascript:' not in page
    assert "&lt;/textarea&gt;" in page

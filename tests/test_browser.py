"""The HTML report in a real browser: headless Debian Chromium driven by Selenium.

Skipped when Chromium, ChromeDriver or Selenium is missing (.ci/run installs them).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import provcheck
from provcheck.collection.articles import load, strip_outlet_boilerplate
from provcheck.collection.report import build_report
from provcheck.render import render, render_report
from tests.conftest import FIXTURES, ROOT, seed

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver")
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("Debian chromium and chromium-driver are not installed")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--window-size=1300,1800",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver: object, path: Path) -> None:
    driver.get_log("performance")  # type: ignore[attr-defined]  # forget earlier pages
    driver.get(path.as_uri())  # type: ignore[attr-defined]


NETWORK = ("http:", "https:", "ws:", "wss:", "ftp:")


def _requests(driver: object) -> list[str]:
    """URLs the browser asked for since the last call (chrome:// internals left out)."""
    urls = []
    for entry in driver.get_log("performance"):  # type: ignore[attr-defined]
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            url = msg["params"]["request"]["url"]
            if not url.startswith(("chrome:", "chrome-untrusted:", "devtools:")):
                urls.append(url)
    return urls


@pytest.fixture(scope="module")
def flagship_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    c = provcheck.compare(seed("001"), seed("000"))
    path = tmp_path_factory.mktemp("html") / "flagship.html"
    path.write_text(render(c, "html"), encoding="utf-8")
    return path


def test_flagship_compare_page(browser: object, flagship_html: Path) -> None:
    from selenium.webdriver.common.by import By

    d = browser
    _open(d, flagship_html)
    page = d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    # both texts, side by side
    assert "An Iraqi army official said" in page
    assert "A senior Iraqi military commander stated" in page
    assert len(d.find_elements(By.CSS_SELECTOR, ".pairs .row")) >= 8  # type: ignore[attr-defined]
    # the fact list, with the flagship's dropped numbers
    facts = [r.text for r in d.find_elements(By.CSS_SELECTOR, "table.facts tr.fact")]  # type: ignore[attr-defined]
    assert any("around 2,500 troops" in f for f in facts)
    assert any("over 89 countries" in f for f in facts)
    # a fact's link lands on the paragraph in the texts
    link = d.find_element(By.XPATH, "//tr[contains(., 'around 2,500 troops')]//a")  # type: ignore[attr-defined]
    link.click()
    assert d.current_url.endswith("#a-p9")  # type: ignore[attr-defined]
    target = d.find_element(By.ID, "a-p9")  # type: ignore[attr-defined]
    assert target.find_element(By.XPATH, "..").is_displayed()
    # the toggle: "what was kept" hides the changes, "what changed" shows them again
    deleted = d.find_elements(By.CSS_SELECTOR, ".pairs del")[0]  # type: ignore[attr-defined]
    assert deleted.is_displayed()
    d.find_element(By.CSS_SELECTOR, "label[for='view-kept']").click()  # type: ignore[attr-defined]
    assert not deleted.is_displayed()
    d.find_element(By.CSS_SELECTOR, "label[for='view-changed']").click()  # type: ignore[attr-defined]
    assert deleted.is_displayed()
    # the script ran (the page is better with it) and asked for nothing over the network
    assert d.execute_script("return document.documentElement.dataset.enhanced") == "yes"  # type: ignore[attr-defined]
    urls = _requests(d)
    assert flagship_html.as_uri() in urls
    assert not [u for u in urls if u.startswith(NETWORK)], urls


def test_seeds_report_page(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    docs = strip_outlet_boilerplate(load([str(ROOT / "seeds")]))
    path = tmp_path / "report.html"
    path.write_text(render_report(build_report(docs), "html"), encoding="utf-8")
    d = browser
    _open(d, path)
    assert d.find_element(By.CSS_SELECTOR, "svg[role='img']").is_displayed()  # type: ignore[attr-defined]
    edge = d.find_element(By.CSS_SELECTOR, "a.edge-link")  # type: ignore[attr-defined]
    edge.click()
    assert "#cmp1-texts" in d.current_url  # type: ignore[attr-defined]
    assert "A senior Iraqi military commander stated" in d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    urls = _requests(d)
    assert not [u for u in urls if u.startswith(NETWORK)], urls


def test_hostile_article_renders_as_text_and_runs_nothing(browser: object, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    c = provcheck.compare(FIXTURES / "xss" / "payload.txt", FIXTURES / "xss" / "copy.txt")
    path = tmp_path / "xss.html"
    path.write_text(render(c, "html"), encoding="utf-8")
    d = browser
    _open(d, path)
    body = d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    assert "<script>window.__xss = 1; alert(1)</script>" in body
    assert 'onerror="window.__xss = 2; alert(2)"' in body
    assert "</textarea>" in body
    assert d.execute_script("return window.__xss === undefined") is True  # type: ignore[attr-defined]
    with pytest.raises(NoAlertPresentException):
        d.switch_to.alert.text  # type: ignore[attr-defined]  # noqa: B018
    # the only script element is the page's own
    assert len(d.find_elements(By.TAG_NAME, "script")) == 1  # type: ignore[attr-defined]
    assert not d.find_elements(By.CSS_SELECTOR, "a[href^='javascript:']")  # type: ignore[attr-defined]
    # and the comparison is still there
    assert "reprint" in body or "edited" in body


def _payload_articles(tmp_path: Path) -> tuple[Path, Path]:
    """Two HTML pages whose visible text quotes every payload (escaped in the page, so the
    extracted article text holds the raw payloads: the way they reach a report)."""
    import html

    payloads = (FIXTURES / "xss" / "owasp-payloads.txt").read_text(encoding="utf-8").splitlines()
    paras = [f"Exhibit {k} of the court case over the bridge contract quoted the message "
             f"that the defendant sent on Monday evening, which read: {p}"
             for k, p in enumerate(payloads) if p.strip()]

    def page(title: str, items: list[str]) -> str:
        body = "".join(f"<p>{html.escape(x)}</p>" for x in items)
        return (f"<!doctype html><html><head><title>{html.escape(title)}</title></head>"
                f"<body><article><h1>{html.escape(title)}</h1>{body}</article></body></html>")

    a = tmp_path / "owasp-a.html"
    b = tmp_path / "owasp-b.html"
    a.write_text(page("Hostile comments", paras), encoding="utf-8")
    b.write_text(page("Hostile comments, again", paras[::-1]), encoding="utf-8")
    return a, b


def test_owasp_filter_evasion_payloads_run_nothing(browser: object, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    a, b = _payload_articles(tmp_path)
    c = provcheck.compare(a, b, fast=True)
    pages = {"compare": render(c, "html")}
    docs = strip_outlet_boilerplate(load([str(a), str(b)]))
    pages["report"] = render_report(build_report(docs, fast=True), "html")
    d = browser
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        _open(d, path)
        # unfold every comparison, so that everything is rendered
        d.execute_script("document.querySelectorAll('details').forEach(x => x.open = true)")  # type: ignore[attr-defined]
        body = d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
        assert "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>" in body, name
        for el in d.find_elements(By.CSS_SELECTOR, "td, p, li"):  # type: ignore[attr-defined]
            if "onmouseover" in el.text:  # hover over whatever a payload could have made
                d.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover'))", el)  # type: ignore[attr-defined]
        with pytest.raises(NoAlertPresentException):
            d.switch_to.alert.text  # type: ignore[attr-defined]  # noqa: B018
        assert len(d.find_elements(By.TAG_NAME, "script")) == 1, name  # type: ignore[attr-defined]
        for tag in ("img", "iframe", "embed", "object", "frame", "base",
                    "meta[http-equiv='refresh']", "link", "input:not(.view-radio)", "math",
                    "details[ontoggle]"):
            assert not d.find_elements(By.CSS_SELECTOR, tag), (name, tag)  # type: ignore[attr-defined]
        assert not d.find_elements(By.CSS_SELECTOR, "[onerror], [onload], [onmouseover]")  # type: ignore[attr-defined]
        urls = _requests(d)
        assert not [u for u in urls if u.startswith(NETWORK)], (name, urls)

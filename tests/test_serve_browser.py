"""``provcheck serve``'s pages in a real browser: headless Debian Chromium driven by
Selenium, against the server uvicorn runs on a free port of 127.0.0.1.

Skipped when Chromium, ChromeDriver or Selenium is missing (as tests/test_browser.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from provcheck.serve.config import ServeConfig
from tests.serveutil import COPY, OTHER, SOURCE, TOKEN, index_of, running
from tests.test_browser import _requests, browser  # noqa: F401  (its skip rules too)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium(browser: object) -> object:  # noqa: F811  (the report tests' browser)
    return browser


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = index_of(tmp_path_factory.mktemp("serve-browser"), ("source.txt", SOURCE))
    with running(ServeConfig(db=db, token=TOKEN, workers=2)) as url:
        yield url


def _fill(driver: object, field: str, text: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, field).send_keys(text)  # type: ignore[attr-defined]


def _wait(driver: object, css: str) -> str:
    """The text of the first element ``css`` selects, once the page holds one (a form
    sent: the next page may take the server a moment)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    found = WebDriverWait(driver, 60).until(  # type: ignore[arg-type]
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))
    return str(found.text)


def _verdict(driver: object) -> str:
    return _wait(driver, ".verdict")


def _only_this_host(driver: object, base: str) -> None:
    """Every request over the network went to this server: content the page holds
    itself (``data:``, ``blob:``, ``about:``) asks no host."""
    host = urlsplit(base).netloc
    asked = [u for u in _requests(driver) if urlsplit(u).scheme not in ("data", "blob", "about")]
    assert asked and all(urlsplit(u).netloc == host for u in asked), asked


def test_paste_two_texts_press_compare_read_the_finding(chromium: object, base: str) -> None:
    from selenium.webdriver.common.by import By

    driver = chromium
    driver.get_log("performance")  # type: ignore[attr-defined]
    driver.get(base + "/")  # type: ignore[attr-defined]
    _fill(driver, "a_text", SOURCE)
    _fill(driver, "b_text", COPY)
    driver.find_element(By.ID, "compare").click()  # type: ignore[attr-defined]
    verdict = _verdict(driver)
    assert verdict.split(",")[0] in ("reprint", "edited"), verdict
    page = driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    assert "4.2 million euros" in page and "5 million euros" in page
    assert "/compare/" in driver.current_url  # type: ignore[attr-defined]
    _only_this_host(driver, base)
    # the shareable URL gives the same page again
    shared = driver.current_url  # type: ignore[attr-defined]
    driver.get(shared)  # type: ignore[attr-defined]
    assert driver.find_element(By.CSS_SELECTOR, ".verdict").text == verdict  # type: ignore[attr-defined]


def test_add_a_document_without_the_token_then_with_it(chromium: object, base: str) -> None:
    from selenium.webdriver.common.by import By

    driver = chromium
    for token, expect in (("not-the-token-of-this-server", "401"), (TOKEN, None)):
        driver.get(base + "/documents")  # type: ignore[attr-defined]
        _fill(driver, "article_text", OTHER)
        _fill(driver, "name", "orchards.txt")
        _fill(driver, "token", token)
        driver.find_element(By.ID, "add").click()  # type: ignore[attr-defined]
        _verdict(driver) if expect else _wait(driver, "p[dir=auto]")
        body = driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
        if expect:
            assert expect in body and "token" in body, body
        else:
            assert "Orchard growers report a late frost" in body, body
            assert "/documents/" in driver.current_url  # type: ignore[attr-defined]
    driver.get(base + "/documents")  # type: ignore[attr-defined]
    listing = driver.find_element(By.TAG_NAME, "table").text  # type: ignore[attr-defined]
    assert "orchards.txt" in listing and listing.count("orchards.txt") == 1


def test_check_an_article_against_the_index(chromium: object, base: str,
                                            tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver = chromium
    upload = tmp_path / "copy.txt"
    upload.write_text(COPY, encoding="utf-8")
    driver.get(base + "/check")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "article_file").send_keys(str(upload))  # type: ignore[attr-defined]
    driver.find_element(By.ID, "check").click()  # type: ignore[attr-defined]
    verdict = _verdict(driver)
    assert verdict.startswith("fail") and "copy.txt" in verdict, verdict
    driver.find_element(By.LINK_TEXT, "side by side").click()  # type: ignore[attr-defined]
    assert "5 million euros" in driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]

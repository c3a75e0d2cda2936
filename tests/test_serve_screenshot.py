"""tools/screenshots.py's shot of ``provcheck serve``: the server started on 127.0.0.1
over an index of seeds/, two seeds pasted into its compare page, Compare pressed, the
result page captured (skipped without Chromium, ChromeDriver or Selenium)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "tools" / "screenshots.py"


def _browser() -> None:
    pytest.importorskip("selenium.webdriver")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not (Path(chromium).exists() and Path(driver).exists()):
        pytest.skip("Debian chromium and chromium-driver are not installed")


@pytest.mark.browser
def test_the_serve_shot_is_the_compare_result_page(tmp_path: Path) -> None:
    _browser()
    done = subprocess.run([sys.executable, str(SCRIPT), "--only", "serve", "--out",
                           str(tmp_path)], capture_output=True, text=True, check=False,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["serve-compare.png"]
    data = (tmp_path / "serve-compare.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == 1280 and 400 <= height <= 1000


def test_only_a_name_no_screenshot_has_is_refused_in_one_line() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--only", "nothing-by-this-name",
                           "--out", "/nonexistent/out"], capture_output=True, text=True,
                          check=False, timeout=120)
    if "not found" in done.stderr or "not installed" in done.stderr:
        pytest.skip("no browser: the tool stops before it reads --only")
    assert done.returncode == 1
    assert done.stderr.strip() == ("screenshots: --only nothing-by-this-name: no "
                                   "screenshot's name starts with it")

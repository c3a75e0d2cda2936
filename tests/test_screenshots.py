"""tools/screenshots.py: the README's screenshots, remade in headless Chromium.

The browser test is skipped when Chromium, ChromeDriver or Selenium is missing; the
missing-browser message is checked everywhere.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "tools" / "screenshots.py"
NAMES = ("flagship-compare.png", "seeds-report.png")
PNG = b"\x89PNG\r\n\x1a\n"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("provcheck_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_browser_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shots = _module()
    monkeypatch.setattr(shots.shutil, "which", lambda name: None)
    monkeypatch.setattr(shots, "BIN_DIR", tmp_path / "bin")
    assert shots.main(["--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "chromium" in err and "apt-get install" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.browser
def test_writes_both_pngs(tmp_path: Path) -> None:
    pytest.importorskip("selenium.webdriver")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not (Path(chromium).exists() and Path(driver).exists()):
        pytest.skip("Debian chromium and chromium-driver are not installed")
    done = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    for name in NAMES:
        data = (tmp_path / name).read_bytes()
        assert data.startswith(PNG) and len(data) > 10_000
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width == 1280 and 400 <= height <= 1800

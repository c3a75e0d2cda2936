"""Regenerate the README's screenshots from provcheck's current HTML output.

    apt-get install chromium chromium-driver      # Debian's Chromium and ChromeDriver
    pip install -e '.[dev]'                       # selenium
    python tools/screenshots.py                   # writes docs/screenshots/*.png
    python tools/screenshots.py --out /tmp/shots  # somewhere else
    python tools/screenshots.py --large           # and the report's graph at 100 articles
    python tools/screenshots.py --only serve      # one of them (by its PNG's name)

``--large`` also draws the report of 100 articles in 10 stories, built at run time from
the METER texts of ``../shared/eval/dev/meter`` (or ``--meter DIR``; the texts are read
there and copied only into a temporary folder, never into the repository): for each of
the first 10 stories (by folder) with at least 10 texts, its first 3 Press Association
texts and then its newspaper articles, 10 in all. Its PNG (``report-100-graph.png``)
shows the page from its stories down: each story's graph, what each copy changed and
its facts.

Each page is made by the CLI itself (``python -m provcheck.cli ... --format html``, into
a temporary folder), opened from disk in headless Chromium (no network: the pages forbid
remote loads, and the browser's own background traffic is switched off) at a fixed
width, and captured at its full height up to a cap (1800 px keeps each PNG under about
400 KB; Chromium's own PNG encoder packs them tighter than zlib at level 9). A rerun on
unchanged output gives the same bytes on the same machine (fonts differ between machines).

``serve-compare.png`` is the web app as a person uses it: ``provcheck serve`` started on
127.0.0.1 (a free port) over an index of ``seeds/`` (``index add``, in the temporary
folder), its compare page opened, seeds 001 and 000 pasted as articles a and b, Compare
pressed, and the result page captured from the top (the finding in words first), 1000
px at most.

Exit status: 0 when both PNGs are written; 1, with one line on stderr, when Chromium,
ChromeDriver or Selenium is missing or a provcheck command fails.
"""

from __future__ import annotations

import argparse
import base64
import csv
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEFAULT_OUT = ROOT / "docs" / "screenshots"
METER = ROOT.parent / "shared" / "eval" / "dev" / "meter"
WIDTH = 1280
MAX_HEIGHT = 1800
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--force-device-scale-factor=1", "--font-render-hinting=none",
)


class ScreenshotError(Exception):
    """A one-line reason the screenshots could not be made."""


def _seed(prefix: str) -> str:
    """seeds/NNN_hash.txt, relative to the repository root (the page shows paths as given)."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if len(matches) != 1:
        raise ScreenshotError(f"expected one seeds/{prefix}_*.txt, found {len(matches)}")
    return matches[0].relative_to(ROOT).as_posix()


def pages() -> list[tuple[str, list[str]]]:
    """(PNG name, provcheck arguments) for each screenshot the README shows."""
    return [
        ("flagship-compare.png",
         ["compare", _seed("001"), _seed("000"), "--format", "html"]),
        ("seeds-report.png", ["report", "seeds/", "--format", "html"]),
    ]


def meter_collection(meter: Path, dest: Path, stories: int = 10, per_story: int = 10
                     ) -> list[Path]:
    """Copy ``stories`` METER stories of ``per_story`` texts each into ``dest`` (a
    temporary folder): per story (in folder order) its first 3 PA texts, then its
    newspaper articles. A ScreenshotError when ``meter`` is not there."""
    index = meter / "story_index.csv"
    if not index.is_file():
        raise ScreenshotError(f"{index} not found: --large needs the METER texts (--meter DIR)")
    by_story: dict[tuple[str, str, str], tuple[list[str], list[str]]] = {}
    with index.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            key = (row["domain"], row["date"], row["catchline"])
            pa, papers = by_story.setdefault(key, ([], []))
            pa += [x for x in row["pa_source_files"].split(";") if x and x not in pa]
            papers.append(row["newspaper_file"])
    written: list[Path] = []
    taken = 0
    for key in sorted(by_story):
        pa, papers = by_story[key]
        files = (pa[:3] + papers)[:per_story]
        if len(files) < per_story:
            continue
        folder = dest / f"story{taken + 1:02d}"
        folder.mkdir(parents=True)
        for name in files:
            target = folder / Path(name).name
            shutil.copyfile(meter / name, target)
            written.append(target)
        taken += 1
        if taken == stories:
            break
    return written


def serve_index(work: Path) -> Path:
    """An index of ``seeds/`` in ``work``, made by ``provcheck index add``."""
    db = work / "seeds.db"
    done = subprocess.run([sys.executable, "-m", "provcheck.cli", "index", "add", "seeds/",
                           "--db", str(db), "--no-progress"], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ScreenshotError(f"provcheck index add failed (exit {done.returncode}): {last}")
    return db


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``provcheck serve`` on ``db``, on a free port of 127.0.0.1; its base URL once
    ``/api/health`` answers (a ScreenshotError if it stops or takes over a minute)."""
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    proc = subprocess.Popen([sys.executable, "-m", "provcheck.cli", "serve", "--db", str(db),
                             "--port", str(port), "--workers", "1"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 60
    while time.monotonic() < end:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            last = (err.strip().splitlines() or ["no message"])[-1]
            raise ScreenshotError(f"provcheck serve stopped (exit {proc.returncode}): {last}")
        try:
            with urllib.request.urlopen(f"{base}/api/health", timeout=5) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise ScreenshotError("provcheck serve did not answer within 60 s")


def serve_compare(driver: object, base: str, a: str, b: str) -> str:
    """Paste ``a`` and ``b`` into the server's compare page and press Compare; the
    result page's URL (its shareable /compare/ID)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    d: Any = driver  # selenium's WebDriver, typed loosely as elsewhere in this file
    d.get(base + "/")
    for field, text in (("a_text", a), ("b_text", b)):  # as pasted: the value at once
        d.execute_script("document.getElementById(arguments[0]).value = arguments[1];",
                         field, text)
    d.find_element(By.ID, "compare").click()
    WebDriverWait(d, 120).until(expected_conditions.url_contains("/compare/"))
    WebDriverWait(d, 60).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".verdict")))
    return str(d.current_url)


def render_html(args: list[str], dest: Path) -> None:
    cmd = [sys.executable, "-m", "provcheck.cli", *args, "--output", str(dest)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not dest.is_file():
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ScreenshotError(
            f"provcheck {args[0]} failed (exit {done.returncode}): {last}")


BIN_DIR = Path("/usr/bin")  # where Debian puts them, when not on PATH


def find_browser() -> tuple[Path, Path]:
    """Chromium and ChromeDriver, or a ScreenshotError naming what to install."""
    found = _find("chromium"), _find("chromedriver")
    if importlib.util.find_spec("selenium") is None:
        raise ScreenshotError("selenium not installed: pip install -e '.[dev]'")
    return found


def _find(name: str) -> Path:
    found = shutil.which(name) or str(BIN_DIR / name)
    if not Path(found).is_file():
        raise ScreenshotError(
            f"{name} not found: install Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver)")
    return Path(found)


def start_browser(profile: Path) -> object:
    chromium, driver = find_browser()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:
        raise ScreenshotError("selenium not installed: pip install -e '.[dev]'") from exc
    opts = Options()
    opts.binary_location = str(chromium)
    for flag in (*FLAGS, f"--window-size={WIDTH},900", f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    try:
        return webdriver.Chrome(service=Service(str(driver)), options=opts)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ScreenshotError(f"could not start headless chromium: {first}") from exc


def capture(driver: object, page: Path | str, width: int, max_height: int,
            anchor: str | None = None) -> bytes:
    """The page (a file, or a URL) at ``width`` CSS pixels, its full height up to
    ``max_height``, as PNG; with ``anchor`` (an element's id), from that element down."""
    d = driver
    metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)  # type: ignore[attr-defined]
    d.get(page if isinstance(page, str) else page.as_uri())  # type: ignore[attr-defined]
    # fonts laid out, the page's script run (it marks <html data-enhanced>)
    d.execute_async_script(  # type: ignore[attr-defined]
        "const done = arguments[arguments.length - 1];"
        "document.fonts.ready.then(() => requestAnimationFrame(() => done(true)));")
    height = d.execute_script(  # type: ignore[attr-defined]
        "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);")
    if anchor is not None:
        found = d.execute_script(  # type: ignore[attr-defined]
            "const e = document.getElementById(arguments[0]);"
            "return e ? e.getBoundingClientRect().top + window.scrollY : null;", anchor)
        if found is None:
            raise ScreenshotError(f"{page if isinstance(page, str) else page.name} has no "
                                  f"element #{anchor}")
        top = int(found)
        metrics["height"] = max(1, int(height))
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)  # type: ignore[attr-defined]
        clip = {"x": 0, "y": top, "width": width, "height": min(int(height) - top, max_height),
                "scale": 1}
        shot = d.execute_cdp_cmd(  # type: ignore[attr-defined]
            "Page.captureScreenshot", {"format": "png", "clip": clip,
                                       "captureBeyondViewport": True})
        return base64.b64decode(shot["data"])
    metrics["height"] = max(1, min(int(height), max_height))
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)  # type: ignore[attr-defined]
    d.execute_script("window.scrollTo(0, 0);")  # type: ignore[attr-defined]
    return d.get_screenshot_as_png()  # type: ignore[attr-defined,no-any-return]


SERVE_SHOT = "serve-compare.png"
SERVE_MAX_HEIGHT = 1000


def make(out: Path, width: int = WIDTH, max_height: int = MAX_HEIGHT,
         meter: Path | None = None, only: str | None = None) -> list[Path]:
    """Write every screenshot into ``out``; return the paths written. ``meter``: also
    the report of 100 METER articles in 10 stories (its graph); ``only``: the one
    screenshot whose PNG's name starts with it."""
    find_browser()  # before the slow part: say at once what is missing
    with tempfile.TemporaryDirectory(prefix="provcheck-shots-") as tmp:
        work = Path(tmp)
        html: list[tuple[str, Path, str | None]] = []
        todo: list[tuple[str, list[str], str | None]] = [(name, args, None)
                                                           for name, args in pages()]
        if meter is not None:
            meter_collection(meter, work / "meter")
            todo.append(("report-100-graph.png",
                         ["report", str(work / "meter"), "--fast", "--no-progress",
                          "--format", "html"], "stories"))
        todo = [t for t in todo if only is None or t[0].startswith(only)]
        for name, args, anchor in todo:
            dest = work / name.replace(".png", ".html")
            render_html(args, dest)
            html.append((name, dest, anchor))
        served = only is None or SERVE_SHOT.startswith(only)
        if not todo and not served:
            raise ScreenshotError(f"--only {only}: no screenshot's name starts with it")
        server = start_server(serve_index(work)) if served else None
        driver = start_browser(work / "chromium-profile")
        try:
            out.mkdir(parents=True, exist_ok=True)
            shots: list[tuple[str, bytes]] = [
                (name, capture(driver, page, width, max_height, anchor))
                for name, page, anchor in html]
            if server is not None:
                seeds = [(ROOT / _seed(k)).read_text(encoding="utf-8") for k in ("001", "000")]
                url = serve_compare(driver, server[1], *seeds)
                shots.append((SERVE_SHOT, capture(driver, url, width, SERVE_MAX_HEIGHT)))
        finally:
            driver.quit()  # type: ignore[attr-defined]
            if server is not None:
                server[0].terminate()
                server[0].wait(timeout=60)
        written = []
        for name, png in shots:
            if not png.startswith(b"\x89PNG\r\n\x1a\n"):
                raise ScreenshotError(f"the browser's screenshot of {name} is not a PNG")
            (out / name).write_bytes(png)
            written.append(out / name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="folder for the PNGs (default: docs/screenshots)")
    parser.add_argument("--width", type=int, default=WIDTH, help="page width in CSS pixels")
    parser.add_argument("--max-height", type=int, default=MAX_HEIGHT,
                        help="capture at most this many pixels of each page's height")
    parser.add_argument("--large", action="store_true",
                        help="also the report's graph at 100 METER articles in 10 stories")
    parser.add_argument("--meter", type=Path, default=METER,
                        help="the METER folder --large reads (default ../shared/eval/dev/meter)")
    parser.add_argument("--only", metavar="NAME",
                        help="only the screenshot whose PNG's name starts with NAME "
                             "(serve, flagship, seeds, report)")
    opts = parser.parse_args(argv)
    try:
        written = make(opts.out, opts.width, opts.max_height,
                       opts.meter if opts.large else None, opts.only)
    except ScreenshotError as exc:
        print(f"screenshots: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"{path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

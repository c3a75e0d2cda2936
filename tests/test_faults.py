"""A few rounds of benchmarks/faults.py in the default run (the full 100 in docs/security.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_killed_writers_leave_a_sound_index_and_concurrent_runs_finish() -> None:
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "faults.py"), "--kills", "5", "--docs", "12",
         "--quick", "--seed", "3"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "| rounds after which the index failed a check | 0 |" in r.stdout

"""docs/ci.md runs as written: its set-up, workflow steps, merge recipe and pre-commit
hook, taken from the document's code blocks and run in a temporary git repository.

Install steps (``pip install ...``) are skipped: the ``provcheck`` of this environment
is put first on ``PATH`` instead (no network). A workflow step runs as GitHub runs a
``run:`` step (``bash -eo pipefail``), with ``GITHUB_BASE_REF``, ``GITHUB_OUTPUT`` and
``GITHUB_STEP_SUMMARY`` set as on a pull request. The texts are written for the tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.test_ci_gate import BRIDGE, FERRY, LIBRARY, MUSEUM, ORCHARD

DOC = Path(__file__).resolve().parent.parent / "docs" / "ci.md"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _blocks(lang: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.S | re.M)


def _yaml(key: str, value: str) -> dict[str, Any]:
    """The YAML block of docs/ci.md whose top-level ``key`` is ``value`` (or holds it)."""
    for block in _blocks("yaml"):
        data = yaml.safe_load(block)
        if isinstance(data, dict) and (data.get(key) == value or
                                       (value == "*" and key in data)):
            return data
    raise AssertionError(f"no yaml block with {key}: {value} in {DOC}")


def _sh_block(containing: str) -> str:
    [block] = [b for b in _blocks("sh") if containing in b]
    return block


def _runnable(script: str) -> str:
    """A documented shell script without its install lines."""
    return "\n".join(line for line in script.splitlines()
                     if not line.lstrip().startswith("pip install"))


class Repo:
    """A collection repository in a temporary folder, with a bare ``origin``."""

    def __init__(self, root: Path) -> None:
        self.origin = root / "origin.git"
        self.path = root / "work"
        self.summary = root / "summary.md"
        self.env = {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
            "GITHUB_BASE_REF": "main", "GITHUB_OUTPUT": str(root / "github_output"),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "PRE_COMMIT_HOME": str(root / "pre-commit-home"),
            "HOME": str(root),
        }
        self.env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(self.origin)],
                       check=True, env=self.env)
        subprocess.run(["git", "clone", "-q", str(self.origin), str(self.path)], check=True,
                       env=self.env, capture_output=True)

    def sh(self, script: str, *, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                               script], check=False, cwd=self.path, env=self.env,
                              text=True, capture_output=True, timeout=120)
        if check and done.returncode:
            raise AssertionError(f"exit {done.returncode}\n{script}\n{done.stdout}\n"
                                 f"{done.stderr}")
        return done

    def write(self, name: str, text: str) -> None:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture()
def repo(tmp_path: Path) -> Repo:
    """The collection as docs/ci.md sets it up: articles, settings, the index committed
    and pushed to ``origin/main``."""
    r = Repo(tmp_path)
    for name, text in (("ferry.txt", FERRY), ("library.txt", LIBRARY),
                       ("orchard.txt", ORCHARD)):
        r.write(f"articles/{name}", text)
    settings = next(b for b in _blocks("toml") if "[tool.provcheck]" in b)
    r.write("pyproject.toml", settings)
    r.sh("git add articles && git commit -q -m articles")
    r.sh(_runnable(_sh_block("git add provcheck.db provcheck.db.vectors pyproject.toml")))
    r.sh("git push -q origin main")
    return r


def _step(workflow: dict[str, Any], name: str) -> str:
    [job] = workflow["jobs"].values()
    [step] = [s for s in job["steps"] if s.get("name") == name]
    return str(step["run"])


def _pull_request(repo: Repo, branch: str, changes: dict[str, str]) -> None:
    repo.sh(f"git checkout -q -b {branch} main")
    for name, text in changes.items():
        repo.write(name, text)
    repo.sh(f"git add -A articles && git commit -q -m {branch}")


def test_the_workflow_fails_a_copy_and_passes_a_correction(repo: Repo) -> None:
    workflow = _yaml("name", "provcheck")
    assert "concurrency" in workflow
    assert not any("xargs" in str(s.get("run", "")) for s in
                   next(iter(workflow["jobs"].values()))["steps"])
    install = _step(workflow, "Install provcheck")
    assert "git+" in install and "pip install" in install
    check = _step(workflow, "provcheck check")
    # a pull request that corrects an archived article, adds a copy of another and a
    # placeholder file: the copy fails the job, the correction and the placeholder do not
    _pull_request(repo, "copies", {
        "articles/ferry.txt": FERRY.replace("every 90 minutes", "every 80 minutes"),
        "articles/new/library-again.txt": "By our reporter\n\n" + LIBRARY,
        "articles/new/.gitkeep": "",
    })
    done = repo.sh(check, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "::error file=articles/new/library-again.txt,line=" in done.stdout
    assert "::notice file=articles/ferry.txt,title=provcheck%3A new version" in done.stdout
    assert (repo.path / "provcheck.xml").exists()
    assert "| FAIL | `articles/new/library-again.txt` |" in repo.summary.read_text()
    # a pull request with only the correction and a new story passes
    repo.sh("git checkout -q main")
    _pull_request(repo, "fix", {
        "articles/ferry.txt": FERRY.replace("every 90 minutes", "every 80 minutes"),
        "articles/new/bridge.txt": BRIDGE,
    })
    done = repo.sh(check, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_two_near_copies_in_one_pull_request_fail(repo: Repo) -> None:
    check = _step(_yaml("name", "provcheck"), "provcheck check")
    _pull_request(repo, "twins", {
        "articles/new/a-museum.txt": MUSEUM,
        "articles/new/b-museum.txt": MUSEUM.replace("went back to", "was returned to"),
    })
    done = repo.sh(check, check=False)
    assert done.returncode == 1, done.stdout
    [error] = [x for x in done.stdout.splitlines() if x.startswith("::error")]
    assert error.startswith("::error file=articles/new/b-museum.txt")
    assert "source articles/new/a-museum.txt (new in this check)" in error


def test_the_index_job_indexes_the_merge_deterministically(repo: Repo) -> None:
    index_step = _step(_yaml("name", "provcheck index"), "Index the merged articles")
    _pull_request(repo, "fix", {
        "articles/ferry.txt": FERRY.replace("every 90 minutes", "every 80 minutes"),
        "articles/new/bridge.txt": BRIDGE,
    })
    repo.sh("git checkout -q main && git merge -q --no-edit fix && git push -q origin main")
    repo.sh(index_step)
    once = (repo.path / "provcheck.db").read_bytes()
    log = repo.sh("git log --format=%s -1 && git status --porcelain").stdout
    assert log.splitlines() == ["provcheck index"]
    again = repo.sh(index_step)  # the same commit again: the same bytes, nothing to commit
    assert "index unchanged" in again.stdout
    assert (repo.path / "provcheck.db").read_bytes() == once
    listed = repo.sh("provcheck index list").stdout
    assert "articles/new/bridge.txt" in listed and listed.count("articles/ferry.txt") == 1


def test_the_merge_recipe_resolves_a_conflict_on_the_index(repo: Repo) -> None:
    attributes = _sh_block("provcheck.db binary")
    repo.write(".gitattributes", attributes.split("\n", 1)[1])
    repo.sh("git add .gitattributes && git commit -q -m attributes")
    for branch, name, text in (("feature", "bridge.txt", BRIDGE),
                               ("other", "museum.txt", MUSEUM)):
        repo.sh(f"git checkout -q -b {branch} main")
        repo.write(f"articles/{name}", text)
        repo.sh("provcheck index add articles/ --no-progress && git add -A && "
                f"git commit -q -m {branch}")
    repo.sh("git checkout -q main && git merge -q --no-edit other")
    recipe = _sh_block("git checkout --ours")
    merge, rest = recipe.split("\n", 1)
    assert merge.startswith("git merge feature")
    assert repo.sh(merge, check=False).returncode != 0  # the conflict the recipe is for
    repo.sh(rest)
    listed = repo.sh("git status --porcelain && provcheck index list").stdout
    assert "articles/bridge.txt" in listed and "articles/museum.txt" in listed
    assert "UU" not in listed


@pytest.mark.skipif(shutil.which("pre-commit", path=str(BIN)) is None,
                    reason="needs pre-commit (pip install pre-commit)")
def test_the_pre_commit_hook_passes_a_correction_and_fails_a_copy(repo: Repo) -> None:
    config = next(b for b in _blocks("yaml") if b.lstrip("# .").startswith("pre-commit")
                  or "repos:" in b)
    assert yaml.safe_load(config)["repos"][0]["hooks"][0]["id"] == "provcheck"
    repo.write(".pre-commit-config.yaml", config)
    repo.sh("git add .pre-commit-config.yaml && git commit -q -m hook")
    repo.write("articles/orchard.txt", ORCHARD.replace("12 percent", "14 percent"))
    repo.sh("git add articles/orchard.txt")
    ok = repo.sh("pre-commit run", check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    repo.sh("git commit -q -m correction --no-verify")
    repo.write("articles/orchard-copy.txt", "From the wires\n\n" + ORCHARD)
    repo.sh("git add articles/orchard-copy.txt")
    bad = repo.sh("pre-commit run", check=False)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "articles/orchard-copy.txt" in bad.stdout and "FAIL" in bad.stdout

"""Output of ``provcheck check``: text, json, junit (CI test tabs), github (annotations).

A registry of its own: these formats render a check run, nothing else. The CLI's
``check --format`` choices are its names, in the order they are registered.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    # types only: the CLI reads the format names without loading the check machinery
    from ..check import CheckResult, CheckRun, Finding

CHECK_FORMATS: dict[str, Callable[[CheckRun], str]] = {}


def register(name: str) -> Callable[[Callable[[CheckRun], str]], Callable[[CheckRun], str]]:
    def deco(fn: Callable[[CheckRun], str]) -> Callable[[CheckRun], str]:
        CHECK_FORMATS[name] = fn
        return fn

    return deco


def check_formats() -> list[str]:
    """Names of the check formats, in the order they were registered."""
    return list(CHECK_FORMATS)


def render_check(run: CheckRun, fmt: str = "text") -> str:
    try:
        return CHECK_FORMATS[fmt](run)
    except KeyError:
        raise UsageError(
            f"unknown format {fmt!r}; choose one of {', '.join(sorted(CHECK_FORMATS))}"
        ) from None


def _finding_line(f: Finding) -> str:
    who = "derives from" if f.direction in ("a->b", "unknown") else "is the source of"
    line = f"{f.relation} (score {f.score:.2f}, direction {f.direction}): {who} {f.path}"
    if f.direction == "b->a":
        line = f"{f.relation} (score {f.score:.2f}): indexed {f.path} derives from it"
    c = f.comparison
    if c is not None:
        bits = []
        if c.facts.dropped:
            bits.append(f"{len(c.facts.dropped)} facts dropped")
        if c.facts.added:
            bits.append(f"{len(c.facts.added)} added")
        changed = [ch for ch in c.facts.changed if ch.change == "value"]
        if changed:
            bits.append("changed: " + "; ".join(f"{ch.a.text} -> {ch.b.text}"
                                                for ch in changed[:3]))
        altered = sum(q.status in ("altered", "misattributed") for q in c.quotes)
        if altered:
            bits.append(f"{altered} quotations altered")
        if bits:
            line += " [" + ", ".join(bits) + "]"
    return line


def _summary(r: CheckResult, run: CheckRun) -> str:
    if r.status == "held":
        return "already indexed (same content)"
    failing = [f for f in r.findings if f.fails]
    if failing:
        return _finding_line(failing[0])
    derived = [f for f in r.findings if f.relation != "related"]
    if derived:
        return "passes: " + _finding_line(derived[0])
    related = sum(f.relation == "related" for f in r.findings)
    return f"independent ({related} related indexed articles)" if related else "independent"


@register("text")
def text(run: CheckRun) -> str:
    lines = []
    for r in run.results:
        lines.append(f"{r.status.upper():4}  {r.path}: {_summary(r, run)}")
        for f in r.findings[1:] if r.findings and r.findings[0].fails else r.findings:
            if f.relation != "related" or f.divergent:
                lines.append(f"      {_finding_line(f)}")
        if r.added_as is not None and r.status == "pass":
            lines.append(f"      added to the index as #{r.added_as}")
    failed = sum(r.status == "fail" for r in run.results)
    lines.append("")
    lines.append(
        f"{len(run.results)} checked against {run.index_size} indexed articles "
        f"({run.index_path}); {failed} failed (fail on {run.fail_on} or stronger"
        f"{', or a divergent fact' if run.fail_on_divergence else ''})."
    )
    return "\n".join(lines) + "\n"


@register("json")
def json_format(run: CheckRun) -> str:
    return json.dumps(run.to_dict(), indent=2, ensure_ascii=False) + "\n"


@register("junit")
def junit(run: CheckRun) -> str:
    from xml.sax.saxutils import escape, quoteattr  # slow to import (urllib): on use

    failures = sum(r.status == "fail" for r in run.results)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="provcheck" tests="{len(run.results)}" failures="{failures}">',
        f'  <testsuite name="provcheck check" tests="{len(run.results)}" '
        f'failures="{failures}">',
    ]
    for r in run.results:
        out.append(f"    <testcase classname=\"provcheck\" name={quoteattr(r.path)}>")
        if r.status == "fail":
            msg = _summary(r, run)
            details = "\n".join(_finding_line(f) for f in r.findings)
            out.append(f"      <failure message={quoteattr(msg)}>{escape(details)}</failure>")
        else:
            out.append(f"      <system-out>{escape(_summary(r, run))}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


@register("github")
def github(run: CheckRun) -> str:
    """Workflow commands: one annotation per failing document, a notice per other finding."""
    lines = []
    for r in run.results:
        f = _gh_escape(r.path, prop=True)
        if r.status == "fail":
            title = _gh_escape("provcheck: copy of an indexed source", prop=True)
            lines.append(f"::error file={f},title={title}::{_gh_escape(_summary(r, run))}")
        elif any(x.relation != "related" or x.divergent for x in r.findings):
            title = _gh_escape("provcheck: reuse below the failing level", prop=True)
            lines.append(f"::notice file={f},title={title}::{_gh_escape(_summary(r, run))}")
    failed = sum(r.status == "fail" for r in run.results)
    lines.append(f"provcheck: {len(run.results)} checked, {failed} failed")
    return "\n".join(lines) + "\n"

"""Output of ``provcheck check``: text, json, junit (CI test tabs), github (annotations),
md (a Markdown summary, for a CI job's summary page).

A registry of its own: these formats render a check run, nothing else. The CLI's
``check --format`` choices are its names, in the order they are registered.

Every format lists every finding of the run, whatever its relation: a finding is one
line (:func:`_finding_line`, naming the indexed article by path, then ``(indexed)``),
the result's headline first (:func:`_summary`), then each other finding
(:func:`_listing`). A failing finding opens with its sentence in words
(:func:`provcheck.render.finding.of_check`: who copies whom, by outlet and title, what
the copy dropped, changed or added), then its line; the JSON gives every finding its
sentence (``finding``). Only the layout differs: indented lines in text, the test
case's output in junit, the lines of one annotation per article in github.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..models import DERIVED_RELATIONS, Comparison
from .finding import of_check
from .summary import plural

if TYPE_CHECKING:
    # types only: the CLI reads the format names without loading the check machinery
    from ..collection.check import CheckResult, CheckRun, Finding, Update

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


def _dated(date: str | None, source: str | None, none: str) -> str:
    if not date:
        return none
    return f"{date} ({source})" if source else date


def _dates(f: Finding) -> str:
    """The dates a derivation's direction was weighed with, each with where it is
    stated, and what settled the direction when it was not the texts."""
    d = f.dates
    assert d is not None
    held = _dated(d.indexed, d.indexed_source, "none stated")
    if d.added:
        held += f", added {d.added[:10]}"
    other = "earlier" if f.peer else "indexed"
    told = f"dates: new {_dated(d.new, d.new_source, 'none stated')}, {other} {held}"
    if f.direction_by == "arrival order":
        told += f"; the {other} article is the source by arrival order"
    elif f.direction_by == "stated date":
        told += "; the new article is the source by its stated date"
    return told


def _held(f: Finding) -> str:
    """The other article of a finding, named by path and what it is."""
    if f.peer:
        return f"{f.path} (new in this check)"
    if f.version is not None:
        v = f.version
        return (f"{f.path} (indexed; version {v.n} of {v.of}, added "
                f"{f.dates.added[:10] if f.dates and f.dates.added else 'earlier'})")
    return f"{f.path} (indexed)"


def _changes(c: Comparison, kinds: tuple[str, ...] = ("value",)) -> list[str]:
    """What a comparison found changed, in a few words each (``kinds``: the fact
    changes named)."""
    bits = []
    if c.facts.dropped:
        bits.append(f"{plural(len(c.facts.dropped), 'fact')} dropped")
    if c.facts.added:
        bits.append(f"{plural(len(c.facts.added), 'fact')} added")
    changed = [ch for ch in c.facts.changed if ch.change in kinds]
    if changed:
        bits.append("changed: " + "; ".join(f"{ch.a.text} -> {ch.b.text}"
                                            for ch in changed[:3]))
    altered = sum(q.status in ("altered", "misattributed") for q in c.quotes)
    if altered:
        bits.append(f"{plural(altered, 'quotation')} altered")
    return bits


def _update_line(u: Update) -> str:
    """A new version of an indexed article, and what changed since the one held."""
    c = u.comparison
    line = (f"update of {u.path} (indexed; this is version {u.version}): "
            f"{c.relation} of the version held (score {c.score:.2f})")
    cut = sum(len(p.text.split()) for al in c.alignments for p in al.diff if p.op == "-")
    put = sum(len(p.text.split()) for al in c.alignments for p in al.diff if p.op == "+")
    words = [f"{plural(cut, 'word')} out, {put} in"] if cut or put else []
    bits = words + _changes(c)
    return line + (" [" + ", ".join(bits) + "]" if bits else "")


def _finding_line(f: Finding, new: str) -> str:
    """One finding, naming the source and the copy by path (the new article ``new``
    was compared with the indexed ``f.path``, ``a`` in the comparison)."""
    held = _held(f)
    if f.comparison is None:  # same content hash
        line = f"{f.relation}: the same text as {held}"
    elif f.relation == "related":
        line = f"related (score {f.score:.2f}): the same story as {held}, nothing derived"
    elif f.relation not in DERIVED_RELATIONS:  # not produced by check; told if handed one
        line = f"{f.relation} (score {f.score:.2f}): nothing shared with {held}"
    elif f.direction == "a->b":
        line = f"{f.relation} (score {f.score:.2f}): source {held}, copy {new}"
    elif f.direction == "b->a":
        line = f"{f.relation} (score {f.score:.2f}): source {new}, copy {held}"
    else:
        line = (f"{f.relation} (score {f.score:.2f}) shared with {held}; which one is "
                "the source is unknown")
    c = f.comparison
    if f.relation in DERIVED_RELATIONS and f.dates is not None:
        line += f" [{_dates(f)}]"
    if f.held_before:
        line += " [the version held shares it too: not this update's doing]"
    if c is not None:
        bits = _changes(c, ("value", "role"))
        if bits:
            line += " [" + ", ".join(bits) + "]"
    return line


def _headline(r: CheckResult) -> Finding | None:
    """The finding the result's first line tells: the first failing one, else the
    strongest reuse below the failing level (None: nothing derived)."""
    failing = [f for f in r.findings if f.fails]
    if failing:
        return failing[0]
    derived = [f for f in r.findings if f.relation in DERIVED_RELATIONS]
    return derived[0] if derived else None


def _told(f: Finding, new: str) -> list[str]:
    """A finding's lines: a failing one opens with its sentence in words."""
    line = _finding_line(f, new)
    return [of_check(f, new), line] if f.fails else [line]


def _listing(r: CheckResult) -> list[str]:
    """Every finding of ``r`` but its headline (told by :func:`_summary`), a line each
    (two for a failing one: :func:`_told`): with the summary, every finding is listed
    once (related ones too), and the update a new version is."""
    first = _headline(r) if r.status != "update" else None  # an update heads its own
    out = [line for f in r.findings if f is not first for line in _told(f, r.path)]
    if r.update is not None and r.status != "update":
        out.insert(0, _update_line(r.update))
    return out


def _opening(r: CheckResult, run: CheckRun) -> list[str]:
    """The result's first lines: a failing headline's sentence in words, then its line
    (:func:`_summary`); else the summary alone."""
    first = _headline(r)
    if r.status == "fail" and first is not None and first.fails:
        return _told(first, r.path)
    return [_summary(r, run)]


def _summary(r: CheckResult, run: CheckRun) -> str:
    if r.status == "held":
        return "already indexed (same content)"
    if r.status == "update" and r.update is not None:
        return _update_line(r.update)
    first = _headline(r)
    if first is not None and first.fails:
        return _finding_line(first, r.path)
    if first is not None:
        return f"below the failing level ({run.fail_on}): {_finding_line(first, r.path)}"
    related = sum(f.relation == "related" for f in r.findings)
    if related:
        return f"independent (the same story as {plural(related, 'indexed article')})"
    return "independent"


def _checked(run: CheckRun) -> str:
    skipped = f" ({len(run.skipped)} skipped: not articles)" if run.skipped else ""
    return (f"{plural(len(run.results), 'article')} checked{skipped} against "
            f"{plural(run.index_size, 'indexed article')}")


@register("text")
def text(run: CheckRun) -> str:
    lines = []
    for r in run.results:
        head, *rest = _opening(r, run)
        lines.append(f"{r.status.upper():4}  {r.path}: {head}")
        lines += [f"      {line}" for line in [*rest, *_listing(r)]]
        if r.added_as is not None and r.status in ("pass", "update"):
            lines.append(f"      added to the index as #{r.added_as}")
    lines += [f"SKIP  {path}: {why}" for path, why in run.skipped]
    failed = sum(r.status == "fail" for r in run.results)
    lines.append("")
    unread = (f"; {len(run.unreadable)} could not be read (named on stderr)"
              if run.unreadable else "")
    lines.append(
        f"{_checked(run)} ({run.index_path}); {failed} failed (fail on {run.fail_on} or "
        f"stronger{', or a divergent fact' if run.fail_on_divergence else ''}){unread}."
    )
    return "\n".join(lines) + "\n"


def check_dict(run: CheckRun) -> dict[str, Any]:
    """The run's JSON: :meth:`CheckRun.to_dict` with each finding's sentence in words
    (``finding``, :func:`provcheck.render.finding.of_check`; added here, where the
    wording lives: the records below the renderers do not word findings)."""
    out = run.to_dict()
    for r, told in zip(run.results, out["results"], strict=True):
        for f, d in zip(r.findings, told["findings"], strict=True):
            d["finding"] = of_check(f, r.path)
    return out


@register("json")
def json_format(run: CheckRun) -> str:
    return json.dumps(check_dict(run), indent=2, ensure_ascii=False) + "\n"


@register("junit")
def junit(run: CheckRun) -> str:
    from xml.sax.saxutils import escape, quoteattr  # slow to import (urllib): on use

    failures = sum(r.status == "fail" for r in run.results)
    tests = len(run.results) + len(run.unreadable) + len(run.skipped)
    errors = len(run.unreadable)
    skips = len(run.skipped)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="provcheck" tests="{tests}" failures="{failures}" '
        f'errors="{errors}" skipped="{skips}">',
        f'  <testsuite name="provcheck check" tests="{tests}" '
        f'failures="{failures}" errors="{errors}" skipped="{skips}">',
    ]
    for r in run.results:
        out.append(f"    <testcase classname=\"provcheck\" name={quoteattr(r.path)}>")
        if r.status == "fail":
            msg = _opening(r, run)[0]
            details = "\n".join(line for f in r.findings for line in _told(f, r.path))
            out.append(f"      <failure message={quoteattr(msg)}>{escape(details)}</failure>")
        else:
            told = "\n".join([*_opening(r, run), *(f"  {x}" for x in _listing(r))])
            out.append(f"      <system-out>{escape(told)}</system-out>")
        out.append("    </testcase>")
    for path, why in run.unreadable:
        out.append(f"    <testcase classname=\"provcheck\" name={quoteattr(path)}>")
        out.append(f"      <error message={quoteattr(why)}/>")
        out.append("    </testcase>")
    for path, why in run.skipped:
        out.append(f"    <testcase classname=\"provcheck\" name={quoteattr(path)}>")
        out.append(f"      <skipped message={quoteattr(why)}/>")
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
    """Workflow commands: an annotation per article with findings (an error where it
    fails, else a notice) at the line of the new file where the first passage it
    shares starts, when known; its message the summary then every other finding, a
    line each (GitHub caps annotations per step: one per article, not one per
    finding). A new version and a file skipped as no article get a notice."""
    lines = []
    for r in run.results:
        if not r.findings and r.status not in ("fail", "update"):
            continue
        where = f"file={_gh_escape(r.path, prop=True)}"
        first = _headline(r)
        if first is not None and first.line is not None:
            where += f",line={first.line}"
        message = _gh_escape("\n".join([*_opening(r, run), *_listing(r)]))
        if r.status == "fail":
            kind, why = "error", "copy of an indexed source"
            if first is not None and first.peer:
                why = "copy of another new article"
        elif r.status == "update":
            kind, why = "notice", "new version of an indexed article"
        elif first is not None:
            kind, why = "notice", "reuse below the failing level"
        else:
            kind, why = "notice", "the same story as an indexed article"
        title = _gh_escape(f"provcheck: {why}", prop=True)
        lines.append(f"::{kind} {where},title={title}::{message}")
    for path, why in run.unreadable:
        title = _gh_escape("provcheck: cannot read the article", prop=True)
        lines.append(f"::error file={_gh_escape(path, prop=True)},title={title}::"
                     f"{_gh_escape(why)}")
    for path, why in run.skipped:
        title = _gh_escape("provcheck: not an article, skipped", prop=True)
        lines.append(f"::notice file={_gh_escape(path, prop=True)},title={title}::"
                     f"{_gh_escape(why)}")
    failed = sum(r.status == "fail" for r in run.results)
    unread = f", {len(run.unreadable)} could not be read" if run.unreadable else ""
    skipped = f", {len(run.skipped)} skipped (not articles)" if run.skipped else ""
    lines.append(f"provcheck: {plural(len(run.results), 'article')} checked, "
                 f"{failed} failed{unread}{skipped}")
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


@register("md")
def markdown(run: CheckRun) -> str:
    """A Markdown summary (for ``$GITHUB_STEP_SUMMARY``): the counts, then a table of
    every article with its status and what was found, every other finding a line in
    its cell; unreadable and skipped files listed below it."""
    failed = sum(r.status == "fail" for r in run.results)
    verdict = "failed" if run.failed or run.unreadable else "passed"
    lines = [f"### provcheck: {verdict}", "",
             f"{_checked(run)} (`{run.index_path}`); {failed} failed (fail on "
             f"{run.fail_on} or stronger).", ""]
    if run.results:
        lines += ["| status | article | found |", "|---|---|---|"]
        for r in run.results:
            told = "<br>".join(_md_cell(x) for x in [*_opening(r, run), *_listing(r)])
            lines.append(f"| {r.status.upper()} | `{_md_cell(r.path)}` | {told} |")
        lines.append("")
    for path, why in run.unreadable:
        lines.append(f"- **cannot read** `{_md_cell(path)}`: {_md_cell(why)}")
    for path, why in run.skipped:
        lines.append(f"- skipped `{_md_cell(path)}`: {_md_cell(why)}")
    return "\n".join(lines).rstrip() + "\n"
